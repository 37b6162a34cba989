"""The eligibility pre-checks, table-driven: every criterion of every rule version, the
day before and the day a time requirement is met, the day each law changed; and the
property that the overall answer is never stronger than its weakest criterion."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kim.residence.eligibility import (
    CEFR,
    FACTS,
    MET,
    NOT_MET,
    STATUSES,
    UNKNOWN,
    NoRuleVersion,
    UnknownCheck,
    add_months,
    add_years,
    check,
    parse_facts,
    version_for,
)
from kim.residence.rule_data import CHECKS

DAY = timedelta(days=1)

# Facts under which every criterion of every check is met on 2026-06-01 (and on the
# days the older versions were in force, see `met_facts`).
ALL_MET = {
    "birth_date": date(2004, 5, 1),
    "residence_since": date(2012, 1, 10),
    "status": "duldung",
    "tolerated_since": date(2012, 1, 10),
    "german_level": "C1",
    "naturalisation_test_passed": True,
    "integration_course_completed": True,
    "special_integration": True,
    "receives_benefits": False,
    "commitment": True,
    "civic_knowledge": True,
    "former_citizenship_given_up_or_exempt": True,
    "livelihood_mostly_by_work": True,
    "minor_child_in_household": True,
    "school_age_children": True,
    "children_attend_school": True,
    "school_years_successful": 5,
    "integration_prognosis_positive": True,
    "identity_deception": False,
}


def criterion(result, code):
    return next(c for c in result.criteria if c.code == code)


def test_the_version_in_force_on_the_day():
    cases = [
        ("stag10", date(2024, 6, 26), "stag10-2007"),
        ("stag10", date(2024, 6, 27), "stag10-2024"),
        ("stag10", date(2025, 10, 29), "stag10-2024"),
        ("stag10", date(2025, 10, 30), "stag10-2025"),
        ("aufenthg25a", date(2022, 12, 30), "aufenthg25a-2015"),
        ("aufenthg25a", date(2022, 12, 31), "aufenthg25a-2022"),
        ("aufenthg25b", date(2022, 12, 30), "aufenthg25b-2015"),
        ("aufenthg25b", date(2022, 12, 31), "aufenthg25b-2022"),
    ]
    for code, on, expected in cases:
        assert version_for(code, on)["id"] == expected, (code, on)
    with pytest.raises(NoRuleVersion, match="keine Fassung hinterlegt"):
        version_for("stag10", date(2000, 1, 1))
    with pytest.raises(UnknownCheck):
        version_for("paragraf99", date(2026, 1, 1))


def test_every_version_carries_its_reference_and_period_and_they_do_not_overlap():
    for code, spec in CHECKS.items():
        versions = sorted(spec["versions"], key=lambda v: v["valid_from"])
        for earlier, later in itertools.pairwise(versions):
            assert earlier["valid_until"] + DAY == later["valid_from"], code
        assert versions[-1]["valid_until"] is None
        for version in versions:
            assert version["reference"]
            assert all(c["reference"] and c["label"] for c in version["criteria"])


# --- § 10 StAG: the examples of the issue -----------------------------------------------

FAST = {
    "residence_since": date(2022, 1, 1),
    "german_level": "C1",
    "special_integration": True,
}


def test_a_check_dated_2025_03_01_still_knows_the_three_year_fast_track():
    result = check("stag10", FAST, date(2025, 3, 1))
    residence = criterion(result, "residence")
    assert residence.status == MET
    assert residence.earliest == date(2025, 1, 1)
    assert "3 Jahre" in residence.reason and "C1" in residence.reason


def test_a_check_dated_2026_01_01_does_not():
    residence = criterion(check("stag10", FAST, date(2026, 1, 1)), "residence")
    assert residence.status == NOT_MET
    assert residence.earliest == date(2027, 1, 1)
    assert residence.reason == (
        "Aufenthalt seit 01.01.2022: die 5 Jahre sind am 01.01.2027 erfüllt."
    )


def test_a_check_dated_2024_01_01_uses_eight_seven_and_six_years():
    since = {"residence_since": date(2016, 3, 1)}
    on = date(2024, 1, 1)
    plain = criterion(
        check(
            "stag10",
            since | {"integration_course_completed": False, "special_integration": False},
            on,
        ),
        "residence",
    )
    assert (plain.status, plain.earliest) == (NOT_MET, date(2024, 3, 1))
    course = criterion(
        check(
            "stag10",
            since | {"integration_course_completed": True, "special_integration": False},
            on,
        ),
        "residence",
    )
    assert (course.status, course.earliest) == (MET, date(2023, 3, 1))
    special = criterion(check("stag10", since | {"special_integration": True}, on), "residence")
    assert (special.status, special.earliest) == (MET, date(2022, 3, 1))
    # Without the facts for a shorter period: unknown, not a guess either way.
    open_ = criterion(check("stag10", since, on), "residence")
    assert open_.status == UNKNOWN
    assert "fehlen Angaben" in open_.reason


# --- table: each criterion of each version, with boundary days -----------------------------

# (check, day in force, criterion, facts, day of the check, expected, earliest/deadline)
TABLE = [
    # § 10 StAG from 30.10.2025: five years, the day before and the day.
    ("stag10", "residence", {"residence_since": date(2021, 3, 1)}, date(2026, 2, 28), NOT_MET, date(2026, 3, 1)),
    ("stag10", "residence", {"residence_since": date(2021, 3, 1)}, date(2026, 3, 1), MET, date(2026, 3, 1)),
    ("stag10", "residence", {}, date(2026, 3, 1), UNKNOWN, None),
    # 2024 version: five years, three with C1 and special integration.
    ("stag10", "residence", {"residence_since": date(2020, 1, 15), "german_level": "B1"}, date(2025, 1, 14), NOT_MET, date(2025, 1, 15)),
    ("stag10", "residence", {"residence_since": date(2020, 1, 15)}, date(2025, 1, 14), UNKNOWN, date(2025, 1, 15)),
    ("stag10", "residence", {"residence_since": date(2020, 1, 15)}, date(2025, 1, 15), MET, date(2025, 1, 15)),
    ("stag10", "residence", {"residence_since": date(2021, 7, 1), "german_level": "C1", "special_integration": True}, date(2024, 6, 30), NOT_MET, date(2024, 7, 1)),
    ("stag10", "residence", {"residence_since": date(2021, 7, 1), "german_level": "C1", "special_integration": True}, date(2024, 7, 1), MET, date(2024, 7, 1)),
    ("stag10", "residence", {"residence_since": date(2021, 7, 1), "german_level": "B2", "special_integration": True}, date(2024, 7, 1), NOT_MET, date(2026, 7, 1)),
    # The day the fast track ended: the same person is no longer eligible.
    ("stag10", "residence", {"residence_since": date(2021, 7, 1), "german_level": "C1", "special_integration": True}, date(2025, 10, 29), MET, date(2024, 7, 1)),
    ("stag10", "residence", {"residence_since": date(2021, 7, 1), "german_level": "C1", "special_integration": True}, date(2025, 10, 30), NOT_MET, date(2026, 7, 1)),
    # Up to 26.06.2024: eight years; on 27.06.2024 the same person meets five.
    ("stag10", "residence", {"residence_since": date(2018, 1, 1), "integration_course_completed": False, "special_integration": False}, date(2024, 6, 26), NOT_MET, date(2026, 1, 1)),
    ("stag10", "residence", {"residence_since": date(2018, 1, 1)}, date(2024, 6, 27), MET, date(2023, 1, 1)),
    ("stag10", "language", {"german_level": "A2"}, date(2026, 1, 1), NOT_MET, None),
    ("stag10", "language", {"german_level": "B1"}, date(2026, 1, 1), MET, None),
    ("stag10", "language", {}, date(2026, 1, 1), UNKNOWN, None),
    ("stag10", "test", {"naturalisation_test_passed": True}, date(2026, 1, 1), MET, None),
    ("stag10", "test", {"naturalisation_test_passed": False}, date(2026, 1, 1), NOT_MET, None),
    ("stag10", "test", {}, date(2026, 1, 1), UNKNOWN, None),
    ("stag10", "commitment", {"commitment": True}, date(2026, 1, 1), MET, None),
    ("stag10", "commitment", {"commitment": False}, date(2026, 1, 1), NOT_MET, None),
    ("stag10", "livelihood", {"receives_benefits": False}, date(2026, 1, 1), MET, None),
    ("stag10", "livelihood", {"receives_benefits": True, "former_guest_worker": False, "full_time_months_last_24": 19, "spouse_of_exempt_with_child": False}, date(2026, 1, 1), NOT_MET, None),
    ("stag10", "livelihood", {"receives_benefits": True, "former_guest_worker": False, "full_time_months_last_24": 20, "spouse_of_exempt_with_child": False}, date(2026, 1, 1), MET, None),
    ("stag10", "livelihood", {"receives_benefits": True, "former_guest_worker": True}, date(2026, 1, 1), MET, None),
    ("stag10", "livelihood", {"receives_benefits": True}, date(2026, 1, 1), UNKNOWN, None),
    ("stag10", "livelihood", {}, date(2026, 1, 1), UNKNOWN, None),
    # The old exception (not one's own fault) is gone since 27.06.2024.
    ("stag10", "livelihood", {"receives_benefits": True, "benefits_not_own_fault": True}, date(2024, 6, 26), MET, None),
    ("stag10", "livelihood", {"receives_benefits": True, "benefits_not_own_fault": True, "former_guest_worker": False, "full_time_months_last_24": 0, "spouse_of_exempt_with_child": False}, date(2024, 6, 27), NOT_MET, None),
    ("stag10", "former_citizenship", {"former_citizenship_given_up_or_exempt": False}, date(2024, 6, 26), NOT_MET, None),
    ("stag10", "former_citizenship", {"former_citizenship_given_up_or_exempt": True}, date(2024, 6, 26), MET, None),
    # § 25a from 31.12.2022: twelve months of Duldung or § 104c; three years; age 27.
    ("aufenthg25a", "status", {"status": "duldung", "tolerated_since": date(2025, 3, 1)}, date(2026, 2, 28), NOT_MET, date(2026, 3, 1)),
    ("aufenthg25a", "status", {"status": "duldung", "tolerated_since": date(2025, 3, 1)}, date(2026, 3, 1), MET, date(2026, 3, 1)),
    ("aufenthg25a", "status", {"status": "duldung"}, date(2026, 3, 1), UNKNOWN, None),
    ("aufenthg25a", "status", {"status": "104c"}, date(2026, 3, 1), MET, None),
    ("aufenthg25a", "status", {"status": "gestattung"}, date(2026, 3, 1), NOT_MET, None),
    ("aufenthg25a", "status", {"status": "104c"}, date(2022, 12, 30), NOT_MET, None),
    ("aufenthg25a", "status", {"status": "duldung"}, date(2022, 12, 30), MET, None),
    ("aufenthg25a", "residence", {"residence_since": date(2023, 5, 2)}, date(2026, 5, 1), NOT_MET, date(2026, 5, 2)),
    ("aufenthg25a", "residence", {"residence_since": date(2023, 5, 2)}, date(2026, 5, 2), MET, date(2026, 5, 2)),
    ("aufenthg25a", "residence", {"residence_since": date(2019, 1, 1)}, date(2022, 12, 30), NOT_MET, date(2023, 1, 1)),
    ("aufenthg25a", "residence", {"residence_since": date(2019, 12, 31)}, date(2022, 12, 31), MET, date(2022, 12, 31)),
    ("aufenthg25a", "schooling", {"school_years_successful": 3}, date(2026, 1, 1), MET, None),
    ("aufenthg25a", "schooling", {"school_years_successful": 2, "recognised_qualification": False}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25a", "schooling", {"school_years_successful": 2}, date(2026, 1, 1), UNKNOWN, None),
    ("aufenthg25a", "schooling", {"recognised_qualification": True}, date(2026, 1, 1), MET, None),
    ("aufenthg25a", "schooling", {"school_years_successful": 3, "recognised_qualification": False}, date(2022, 12, 30), NOT_MET, None),
    ("aufenthg25a", "age", {"birth_date": date(2000, 4, 10)}, date(2027, 4, 9), MET, date(2027, 4, 9)),
    ("aufenthg25a", "age", {"birth_date": date(2000, 4, 10)}, date(2027, 4, 10), NOT_MET, date(2027, 4, 9)),
    ("aufenthg25a", "age", {"birth_date": date(2000, 4, 10)}, date(2021, 4, 10), NOT_MET, date(2021, 4, 9)),
    ("aufenthg25a", "age", {}, date(2026, 1, 1), UNKNOWN, None),
    ("aufenthg25a", "prognosis", {"integration_prognosis_positive": True}, date(2026, 1, 1), MET, None),
    ("aufenthg25a", "prognosis", {"integration_prognosis_positive": False}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25a", "identity", {"identity_deception": False}, date(2026, 1, 1), MET, None),
    ("aufenthg25a", "identity", {"identity_deception": True}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25a", "identity", {}, date(2026, 1, 1), UNKNOWN, None),
    # § 25b from 31.12.2022: six years, four with a minor child; before: eight and six.
    ("aufenthg25b", "status", {"status": "duldung"}, date(2026, 1, 1), MET, None),
    ("aufenthg25b", "status", {"status": "title"}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25b", "residence", {"residence_since": date(2020, 9, 1), "minor_child_in_household": False}, date(2026, 8, 31), NOT_MET, date(2026, 9, 1)),
    ("aufenthg25b", "residence", {"residence_since": date(2020, 9, 1), "minor_child_in_household": False}, date(2026, 9, 1), MET, date(2026, 9, 1)),
    ("aufenthg25b", "residence", {"residence_since": date(2022, 9, 1), "minor_child_in_household": True}, date(2026, 8, 31), NOT_MET, date(2026, 9, 1)),
    ("aufenthg25b", "residence", {"residence_since": date(2022, 9, 1), "minor_child_in_household": True}, date(2026, 9, 1), MET, date(2026, 9, 1)),
    ("aufenthg25b", "residence", {"residence_since": date(2016, 1, 1), "minor_child_in_household": False}, date(2022, 12, 30), NOT_MET, date(2024, 1, 1)),
    ("aufenthg25b", "residence", {"residence_since": date(2016, 1, 1), "minor_child_in_household": False}, date(2022, 12, 31), MET, date(2022, 1, 1)),
    ("aufenthg25b", "commitment", {"commitment": True, "civic_knowledge": True}, date(2026, 1, 1), MET, None),
    ("aufenthg25b", "commitment", {"commitment": True, "civic_knowledge": False}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25b", "commitment", {"commitment": True}, date(2026, 1, 1), UNKNOWN, None),
    ("aufenthg25b", "livelihood", {"livelihood_mostly_by_work": False, "livelihood_prognosis_positive": True}, date(2026, 1, 1), MET, None),
    ("aufenthg25b", "livelihood", {"livelihood_mostly_by_work": False, "livelihood_prognosis_positive": False}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25b", "livelihood", {"livelihood_mostly_by_work": False}, date(2026, 1, 1), UNKNOWN, None),
    ("aufenthg25b", "language", {"german_level": "A2"}, date(2026, 1, 1), MET, None),
    ("aufenthg25b", "language", {"german_level": "A1"}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25b", "school_attendance", {"school_age_children": False}, date(2026, 1, 1), MET, None),
    ("aufenthg25b", "school_attendance", {"school_age_children": True, "children_attend_school": False}, date(2026, 1, 1), NOT_MET, None),
    ("aufenthg25b", "school_attendance", {"school_age_children": True}, date(2026, 1, 1), UNKNOWN, None),
    ("aufenthg25b", "school_attendance", {"school_age_children": True, "children_attend_school": True}, date(2022, 12, 30), MET, None),
]  # fmt: skip


@pytest.mark.parametrize(("code", "name", "facts", "on", "expected", "day"), TABLE)
def test_each_criterion(code, name, facts, on, expected, day):
    result = criterion(check(code, facts, on), name)
    assert result.status == expected, result.reason
    assert (result.earliest or result.deadline) == day
    assert result.reason and result.reference


def test_every_criterion_of_every_version_is_in_the_table():
    covered = set()
    for code, name, _facts, on, _expected, _day in TABLE:
        covered.add((version_for(code, on)["id"], name))
    wanted = {
        (version["id"], c["code"])
        for spec in CHECKS.values()
        for version in spec["versions"]
        for c in version["criteria"]
    }
    # Shared criteria (same definition in several versions) count once per version
    # only where the table names a day of that version; list what is missing.
    missing = sorted(wanted - covered)
    shared = {
        (vid, name)
        for vid, name in missing
        if any(
            (other, name) in covered
            for other in {v["id"] for s in CHECKS.values() for v in s["versions"]}
            if other.split("-")[0] == vid.split("-")[0]
        )
    }
    assert set(missing) == shared, f"criteria without a row: {sorted(set(missing) - shared)}"


def test_everything_met_is_met_and_says_it_is_a_pre_check():
    result = check("stag10", ALL_MET, date(2026, 6, 1))
    assert result.status == MET, [(c.code, c.reason) for c in result.criteria]
    assert "keine Entscheidung" in result.disclaimer
    assert result.version["reference"] == "§ 10 StAG in der Fassung ab 30.10.2025"
    for code in ("aufenthg25a", "aufenthg25b"):
        assert check(code, ALL_MET, date(2026, 6, 1)).status == MET, code


def test_time_requirements_give_the_day_they_are_all_met():
    facts = {
        "status": "duldung",
        "tolerated_since": date(2026, 2, 1),
        "residence_since": date(2023, 9, 1),
    }
    result = check("aufenthg25a", facts, date(2026, 3, 1))
    assert result.time_requirements_met_on == date(2027, 2, 1)
    assert check("aufenthg25a", {}, date(2026, 3, 1)).time_requirements_met_on is None


def test_date_arithmetic_at_month_and_leap_ends():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 30), 12) == date(2026, 11, 30)


def test_facts_are_read_with_german_errors():
    facts, errors = parse_facts(
        {
            "residence_since": "2020-01-01",
            "german_level": "b1",
            "receives_benefits": "ja",
            "status": "asyl",
            "school_years_successful": -1,
            "birth_date": "01.01.2000",
            "commitment": None,
            "shoe_size": 42,
        }
    )
    assert facts == {"residence_since": date(2020, 1, 1), "german_level": "B1"}
    assert errors == {
        "receives_benefits": "Bitte true oder false angeben.",
        "status": "Bitte einen der Werte " + ", ".join(STATUSES) + " angeben.",
        "school_years_successful": "Bitte eine ganze Zahl zwischen 0 und 99 angeben.",
        "birth_date": "Bitte ein Datum im Format JJJJ-MM-TT angeben.",
        "shoe_size": "Unbekannte Angabe.",
    }


# --- the property: never stronger than the weakest criterion -----------------------------


def fact_values(name):
    kind = FACTS[name][0]
    value = {
        "date": st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
        "bool": st.booleans(),
        "int": st.integers(min_value=0, max_value=30),
        "cefr": st.sampled_from(CEFR),
        "status": st.sampled_from(list(STATUSES)),
    }[kind]
    return st.one_of(st.none(), value)


FACT_DOCUMENTS = st.fixed_dictionaries({name: fact_values(name) for name in FACTS}).map(
    lambda d: {k: v for k, v in d.items() if v is not None}
)


@settings(max_examples=400, deadline=None)
@given(
    code=st.sampled_from(sorted(CHECKS)),
    facts=FACT_DOCUMENTS,
    on=st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)),
)
def test_the_overall_answer_is_never_stronger_than_the_weakest_criterion(code, facts, on):
    result = check(code, facts, on)
    statuses = {c.status for c in result.criteria}
    if statuses != {MET}:
        assert result.status != MET
    if NOT_MET in statuses:
        assert result.status == NOT_MET
    elif UNKNOWN in statuses:
        assert result.status == UNKNOWN
    else:
        assert result.status == MET
    for c in result.criteria:
        assert c.reason and c.reference and c.status in (MET, NOT_MET, UNKNOWN)


@settings(max_examples=200, deadline=None)
@given(
    code=st.sampled_from(sorted(CHECKS)),
    facts=FACT_DOCUMENTS,
    on=st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)),
    dropped=st.sampled_from(sorted(FACTS)),
)
def test_a_missing_fact_never_makes_a_criterion_met_that_was_not(code, facts, on, dropped):
    """Missing facts give "unknown", never a guess: removing one never turns a
    criterion from not met to met (nor the overall answer)."""
    full = check(code, facts, on)
    partial = check(code, {k: v for k, v in facts.items() if k != dropped}, on)
    for before, after in zip(full.criteria, partial.criteria, strict=True):
        if before.status != MET:
            assert after.status != MET, (before.code, dropped)
    if full.status != MET:
        assert partial.status != MET

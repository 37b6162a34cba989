"""How alike two records are (kim.people.matching) and which records the scan compares."""

from datetime import date

import pytest

from kim.people.matching import THRESHOLD, Record, birth_date_match, score_pair
from kim.people.names import index_keys
from kim.people.services.duplicates import candidate_pairs


def record(family, given, birth=date(1987, 12, 3), precision="day", nat=(), aliases=(), sex=""):
    return Record.of(
        family_name=family,
        given_names=given,
        birth_date=birth,
        birth_date_precision=precision,
        nationalities=nat,
        aliases=aliases,
        sex=sex,
    )


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Al-Hassan", "Mohammed"), ("Alhasan", "Muhammad")),
        (("Al-Hassan", "Mohammed"), ("Al Hasan", "Mohamad")),
        (("Müller", "Anna"), ("Mueller", "Anna")),
        (("Müller", "Anna"), ("Muller", "Anna")),
        (("Kowalenko", "Olena"), ("Коваленко", "Олена")),
        (("Yılmaz", "Ayşe"), ("Yilmaz", "Ayse")),
        (("Popescu", "Ioana"), ("Popesku", "Ioana")),
        (("Sawtschenko", "Tatiana"), ("Savchenko", "Tetiana")),
    ],
)
def test_transliterated_names_with_the_same_birthday_score_high(one, other):
    match = score_pair(record(*one), record(*other))
    assert match.score >= 90
    assert match.factors[0] in {"name_same", "name_variant"}
    assert "birth_same" in match.factors


def test_mohammed_muhammad_mohamad_are_variants_of_one_name():
    names = ["Mohammed", "Muhammad", "Mohamad", "Muhammed"]
    for a in names:
        for b in names:
            assert score_pair(record("Haddad", a), record("Haddad", b)).name_similarity >= 90


def test_swapped_day_and_month_count_as_near_match():
    match = score_pair(
        record("Al-Hassan", "Mohammed", date(1987, 12, 3), nat=["SY"]),
        record("Alhasan", "Muhammad", date(1987, 3, 12), nat=["SY"]),
    )
    assert match.score >= 90
    assert "birth_swapped" in match.factors and "nationality_same" in match.factors


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((date(1990, 3, 4), "day"), (date(1990, 3, 4), "day"), (1.0, "birth_same")),
        ((date(1990, 3, 4), "day"), (date(1990, 4, 3), "day"), (0.9, "birth_swapped")),
        ((date(1990, 1, 1), "day"), (date(1990, 8, 17), "day"), (0.5, "birth_stand_in")),
        ((date(1990, 1, 1), "year"), (date(1990, 8, 17), "day"), (0.5, "birth_stand_in")),
        ((date(1990, 8, 1), "month"), (date(1990, 8, 17), "day"), (0.6, "birth_month")),
        ((None, "day"), (date(1990, 8, 17), "day"), (0.4, "birth_missing")),
        ((date(1990, 3, 4), "day"), (date(1990, 9, 20), "day"), (0.1, "birth_year")),
        ((date(1990, 3, 4), "day"), (date(1991, 3, 4), "day"), (0.0, "birth_different")),
    ],
)
def test_birth_dates_allow_swaps_and_stand_ins_but_not_just_the_year(a, b, expected):
    assert birth_date_match(a[0], a[1], b[0], b[1]) == expected


def test_a_stand_in_date_pairs_a_same_name_of_that_year():
    match = score_pair(
        record("Yılmaz", "Ayşe", date(1972, 5, 14), nat=["TR"]),
        record("Yilmaz", "Ayse", date(1972, 1, 1), precision="year", nat=["TR"]),
    )
    assert match.score >= THRESHOLD
    assert "birth_stand_in" in match.factors


def test_a_common_name_born_the_same_year_on_another_day_is_not_listed():
    match = score_pair(
        record("Ahmadi", "Mohammed", date(1990, 3, 5), nat=["AF"]),
        record("Ahmadi", "Mohammed", date(1990, 7, 21), nat=["AF"]),
    )
    assert match.score < THRESHOLD


def test_a_different_year_of_birth_is_never_listed():
    assert (
        score_pair(
            record("Haddad", "Omar", date(2015, 3, 1)), record("Haddad", "Omar", date(2016, 3, 1))
        ).score
        < THRESHOLD
    )


def test_twins_with_different_given_names_are_not_listed():
    assert (
        score_pair(
            record("Haddad", "Omar", date(2015, 3, 1)), record("Haddad", "Lina", date(2015, 3, 1))
        ).score
        < THRESHOLD
    )


def test_names_that_only_sound_alike_to_the_phonetic_code_are_not_variants():
    # Kölner Phonetik ignores vowels and h: Mahmoud and Mohammed share a code.
    match = score_pair(record("Al-Ahmad", "Mahmoud"), record("Al-Ahmad", "Mohammed"))
    assert "name_variant" not in match.factors
    assert match.score < THRESHOLD


def test_nationality_agreement_raises_and_disagreement_lowers_the_score():
    base = score_pair(record("Rahimi", "Ahmed"), record("Rahimi", "Ahmad")).score
    same = score_pair(record("Rahimi", "Ahmed", nat=["AF"]), record("Rahimi", "Ahmad", nat=["AF"]))
    other = score_pair(record("Rahimi", "Ahmed", nat=["AF"]), record("Rahimi", "Ahmad", nat=["IR"]))
    unknown = score_pair(record("Rahimi", "Ahmed", nat=["AF"]), record("Rahimi", "Ahmad"))
    assert same.score > base > other.score
    assert unknown.score == base
    assert "nationality_same" in same.factors and "nationality_different" in other.factors


def test_a_different_sex_lowers_the_score():
    same = score_pair(record("Jovanović", "Jana", sex="f"), record("Jovanovic", "Jana", sex="f"))
    other = score_pair(record("Jovanović", "Jana", sex="f"), record("Jovanovic", "Jan", sex="m"))
    assert "sex_different" in other.factors and other.score < same.score


def test_an_alias_finds_a_record_registered_under_a_birth_name():
    married = record("Schmidt", "Olena", aliases=[("Kowalenko", "")])
    match = score_pair(married, record("Kovalenko", "Olena"))
    assert match.score >= 90
    assert "name_alias" in match.factors


def test_given_and_family_name_entered_the_other_way_round_still_pair():
    match = score_pair(record("Rahimi", "Ahmed"), record("Ahmed", "Rahimi"))
    assert match.score >= THRESHOLD
    assert "name_swapped" in match.factors


def test_factor_labels_are_german_sentences():
    match = score_pair(record("Müller", "Anna"), record("Mueller", "Anna"))
    assert match.labels == ["Name gleich", "Geburtsdatum gleich"]


# --- blocking -------------------------------------------------------------------------


def codes(*names):
    return {code for _token, code in index_keys(*names) if code}


def test_the_scan_compares_a_shared_code_with_the_same_or_swapped_day_only():
    people = {
        1: codes("Al-Hassan", "Mohammed"),
        2: codes("Alhasan", "Muhammad"),
        3: codes("Haddad", "Mohammed"),
        4: codes("Nguyen", "Thi"),
    }
    dates = {
        1: (date(1987, 12, 3), "day"),
        2: (date(1987, 3, 12), "day"),
        3: (date(1987, 6, 20), "day"),
        4: (date(1987, 12, 3), "day"),
    }
    assert candidate_pairs(people, dates) == {(1, 2)}


def test_the_scan_compares_a_stand_in_date_with_its_year_when_two_codes_agree():
    people = {
        1: codes("Yilmaz", "Ayse"),
        2: codes("Yılmaz", "Ayşe"),
        3: codes("Yilmaz", "Emre"),
        4: codes("Yilmaz", "Ayse"),
    }
    dates = {
        1: (date(1972, 1, 1), "year"),
        2: (date(1972, 5, 14), "day"),
        3: (date(1972, 5, 20), "day"),
        4: (date(1973, 5, 14), "day"),
    }
    assert candidate_pairs(people, dates) == {(1, 2)}


def test_the_scan_compares_a_record_without_date_with_every_year():
    people = {1: codes("Popescu", "Ioana"), 2: codes("Popesku", "Ioana"), 3: codes("Popescu")}
    dates = {1: (None, "day"), 2: (date(2001, 7, 9), "day"), 3: (date(1960, 2, 2), "day")}
    assert candidate_pairs(people, dates) == {(1, 2), (1, 3)}

"""The key figures of the half-year report: counted right, small numbers hidden, and
no hidden number computable from the totals of its table."""

from datetime import date, datetime
from fractions import Fraction

import pytest
from django.utils import timezone

from kim.cases.models import Case, TargetGroup
from kim.core.models import Tenant
from kim.network.models import Referral
from kim.steering.report_figures import half_year, key_figures
from kim.steering.report_text import blocks
from kim.testing.factories import open_case, register_person


def make_cases(world, spec):
    """spec: [(opened_on, closed_on or None, [field index…])] – cases of unit A."""
    cases = []
    for number, (opened, closed, fields) in enumerate(spec):
        person = register_person(
            world.cm, world.unit_a, family_name=f"Testfall{number}", given_names="Kim"
        )
        case = open_case(world.cm, person, world.unit_a, opened_on=opened)
        Case.objects.filter(pk=case.pk).update(
            opened_on=opened,
            closed_on=closed,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        )
        case.fields.set([world.fields[i] for i in fields])
        cases.append(case)
    return cases


def table(figures, key):
    return next(t for t in figures["tables"] if t["key"] == key)


def as_dict(t):
    return {row["label"]: row["cells"] for row in t["rows"]} | {"Summe": t["total"]}


@pytest.fixture
def threshold_2(world):
    Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=2)


def test_cases_are_counted_by_when_they_began_and_how_they_stand_at_the_end(world, threshold_2):
    make_cases(
        world,
        [
            (date(2025, 11, 3), None, [0]),  # carried over, still open
            (date(2025, 12, 1), date(2026, 2, 1), [0]),  # carried over, closed in it
            (date(2025, 12, 2), date(2026, 3, 1), [1]),  # carried over, closed in it
            (date(2026, 2, 1), None, [0, 1]),  # new, open
            (date(2026, 3, 1), date(2026, 9, 1), [1]),  # new, closed only after the end
            (date(2026, 4, 1), None, []),  # new, open
            (date(2026, 5, 1), date(2026, 6, 1), [0]),  # new, closed in it
            (date(2025, 1, 1), date(2025, 12, 31), [0]),  # closed before: not counted
            (date(2026, 7, 1), None, [0]),  # opened after: not counted
        ],
    )
    figures = key_figures(world.tenant.pk, 2026, 1)
    assert table(figures, "cases")["cols"] == [
        "im Halbjahr abgeschlossen",
        "am 30.06.2026 offen",
        "Summe",
    ]
    Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=1)
    plain = as_dict(table(key_figures(world.tenant.pk, 2026, 1), "cases"))
    assert plain == {
        "aus dem vorigen Zeitraum fortgeführt": ["2", "1", "3"],
        "im Halbjahr eröffnet": ["1", "3", "4"],
        "Summe": ["3", "4", "7"],
    }
    fields = as_dict(table(key_figures(world.tenant.pk, 2026, 1), "fields"))
    language, work = (f.name for f in world.fields)
    # Several fields per case: the table counts mentions; the case without one has a row.
    assert fields[language] == ["2", "2", "4"]
    assert fields[work] == ["1", "2", "3"]
    assert fields["ohne Handlungsfeld"] == ["0", "1", "1"]


def test_small_counts_are_hidden_and_cannot_be_computed_back(world, threshold_2):
    make_cases(
        world,
        [
            (date(2025, 11, 3), None, [0]),
            (date(2025, 12, 1), date(2026, 2, 1), [0]),
            (date(2025, 12, 2), None, [0]),
            (date(2026, 2, 1), None, [0]),
            (date(2026, 2, 2), None, [0]),
            (date(2026, 2, 3), None, [0]),
            (date(2026, 3, 1), date(2026, 5, 1), [0]),
            (date(2026, 3, 2), date(2026, 5, 2), [0]),
        ],
    )
    Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=3)
    cases = table(key_figures(world.tenant.pk, 2026, 1), "cases")
    shown = as_dict(cases)
    # Carried over and closed: 1 → "< 3"; its row (carried: 1 closed, 2 open) and its
    # column (closed: 1 + 2) would give it back, so more entries are withheld.
    assert shown["aus dem vorigen Zeitraum fortgeführt"][0] == "< 3"
    assert cases["small"] and cases["complement"]
    assert_not_computable(cases)


def assert_not_computable(t):
    """Every hidden entry of the table (cells and margins) takes more than one value
    among the non-negative integer tables that agree with everything shown."""
    rows = len(t["rows"])
    cols = len(t["cols"]) - 1
    grid = [row["cells"] for row in t["rows"]] + [t["total"]]
    hidden = [(r, c) for r in range(rows + 1) for c in range(cols + 1) if not grid[r][c].isdigit()]
    assert hidden, "nothing hidden"
    # Brute force over small values: the hidden entries are below 20 here.
    import itertools

    solutions = set()
    for values in itertools.product(range(20), repeat=len(hidden)):
        full = [[Fraction(int(x)) if x.isdigit() else None for x in line] for line in grid]
        for (r, c), v in zip(hidden, values, strict=True):
            full[r][c] = v
        if all(sum(full[r][:cols]) == full[r][cols] for r in range(rows + 1)) and all(
            sum(full[r][c] for r in range(rows)) == full[rows][c] for c in range(cols + 1)
        ):
            solutions.add(values)
        if len(solutions) > 400:
            break
    for index in range(len(hidden)):
        assert len({s[index] for s in solutions}) > 1, f"entry {hidden[index]} is determined"


def test_referrals_by_quarter_and_what_became_of_them(world, threshold_2):
    from kim.network.models import Service
    from kim.testing.factories import OrganisationFactory

    (case,) = make_cases(world, [(date(2026, 1, 5), None, [0])])
    organisation = OrganisationFactory(tenant=world.tenant, name="Beratungsstelle")
    service = Service.objects.create(
        tenant=world.tenant, organisation=organisation, name="Beratung", description="x"
    )

    def referral(sent, status, outcome=""):
        return Referral.objects.create(
            tenant=world.tenant,
            case=case,
            service=service,
            organisation=organisation,
            unit=world.unit_a,
            purpose="Beratung",
            status=status,
            outcome=outcome,
            sent_at=timezone.make_aware(datetime(*sent, 10)) if sent else None,
        )

    for day in (5, 6, 7):
        referral((2026, 1, day), Referral.Status.COMPLETED, Referral.Outcome.RECEIVED)
    for day in (5, 6):
        referral((2026, 4, day), Referral.Status.COMPLETED, Referral.Outcome.RECEIVED)
    referral((2026, 5, 1), Referral.Status.SENT)
    referral((2026, 5, 2), Referral.Status.ACCEPTED)
    referral(None, Referral.Status.DRAFT)  # never left the case
    referral((2026, 7, 1), Referral.Status.SENT)  # the next half-year
    Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=1)
    shown = as_dict(table(key_figures(world.tenant.pk, 2026, 1), "referrals"))
    assert shown == {
        "noch offen bei der Partnerstelle": ["0", "2", "2"],
        "abgeschlossen: Unterstützung erhalten": ["3", "2", "5"],
        "Summe": ["3", "4", "7"],
    }
    second = table(key_figures(world.tenant.pk, 2026, 2), "referrals")
    assert second["cols"] == ["3. Quartal 2026", "Summe"]


def test_figures_of_one_tenant_never_count_another(world, threshold_2):
    make_cases(world, [(date(2026, 2, 1), None, [0])])
    other = register_person(world.outsider, world.unit_other, family_name="Fremd")
    open_case(world.outsider, other, world.unit_other, opened_on=date(2026, 2, 1))
    Tenant.objects.filter(pk__in=[world.tenant.pk, world.other_tenant.pk]).update(
        disclosure_threshold=1
    )
    assert as_dict(table(key_figures(world.tenant.pk, 2026, 1), "cases"))["Summe"] == [
        "1",
        "1",
    ]


def test_target_groups_table_names_the_groups(world):
    group = TargetGroup.objects.filter(tenant=world.tenant).first() or TargetGroup.objects.create(
        tenant=world.tenant, code="eu", name="EU-Zugewanderte"
    )
    first, _second = make_cases(
        world, [(date(2026, 2, 1), None, [0]), (date(2025, 2, 1), None, [0])]
    )
    first.target_groups.set([group])
    Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=1)
    shown = as_dict(table(key_figures(world.tenant.pk, 2026, 1), "target_groups"))
    assert shown == {
        group.name: ["0", "1", "1"],
        "ohne Zielgruppe": ["1", "0", "1"],
        "Summe": ["1", "1", "2"],
    }


def test_half_years():
    assert half_year(2026, 1) == (date(2026, 1, 1), date(2026, 6, 30))
    assert half_year(2026, 2) == (date(2026, 7, 1), date(2026, 12, 31))


def test_the_light_markup():
    text = (
        "Erster Absatz\nüber zwei Zeilen.\n\n## Überschrift\nDie Schwerpunkte:\n"
        "1. EU-Zuwanderung\n2. Ehrenamt\n   mit Fortsetzung\n\n- AG Süd-Ost\n- AK EU\n"
        "<b>kein HTML</b>"
    )
    parsed = [(b.kind, b.text, b.items) for b in blocks(text)]
    assert parsed == [
        ("paragraph", "Erster Absatz über zwei Zeilen.", []),
        ("heading", "Überschrift", []),
        ("paragraph", "Die Schwerpunkte:", []),
        ("numbers", "", ["EU-Zuwanderung", "Ehrenamt mit Fortsetzung"]),
        ("bullets", "", ["AG Süd-Ost", "AK EU"]),
        ("paragraph", "<b>kein HTML</b>", []),
    ]

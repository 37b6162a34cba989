"""Processing times and backlog of the authority: open counts, age buckets, medians of
the stays and of the whole procedure, the monthly trend with its boundaries; who sees
which figures; the export and its audit event; a fixed number of queries."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.residence import backlog as figures_module
from kim.residence.backlog import age_bucket, backlog
from kim.residence.models import Procedure, ProcedureStep
from kim.testing.factories import UnitFactory, UserFactory, member, register_person

Stage = Procedure.Stage
Kind = Procedure.Kind
TODAY = date(2025, 7, 15)
URL = "/aufenthalt/bearbeitungszeiten/"
EXPORT = "/aufenthalt/bearbeitungszeiten/export/"


def history(world, kind, steps, *, unit=None, person=None, user=None):
    """A procedure with exactly these steps, written as the services leave them."""
    unit = unit or world.unit_authority
    user = user or world.authority
    person = person or register_person(user, unit, family_name="Geheimname")
    stage, since = steps[-1]
    procedure = Procedure.objects.create(
        tenant=unit.tenant,
        person=person,
        unit=unit,
        kind=kind,
        stage=stage,
        opened_on=steps[0][1],
        stage_since=since,
    )
    for step_stage, on in steps:
        ProcedureStep.objects.create(
            tenant=unit.tenant, procedure=procedure, stage=step_stage, on=on, by=user
        )
    return procedure


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture
def procedures(world):
    """Eight procedures; the expected figures below are counted by hand from them."""
    person = register_person(world.authority, world.unit_authority, family_name="Geheimname")
    rows = {
        # A: the whole way to the certificate.
        "A": (Kind.NATURALISATION, [("counselling", "2024-05-02"), ("received", "2024-06-01"),
              ("complete", "2024-08-01"), ("checks", "2024-08-11"), ("decision", "2025-01-10"),
              ("concluded", "2025-02-09")]),
        # B: granted, the certificate not yet handed over.
        "B": (Kind.NATURALISATION, [("counselling", "2024-09-01"), ("received", "2024-10-01"),
              ("complete", "2024-12-01"), ("checks", "2024-12-15"), ("decision", "2025-06-30")]),
        # C: rejected on the last day of May.
        "C": (Kind.NATURALISATION, [("counselling", "2025-01-10"), ("received", "2025-02-01"),
              ("rejected", "2025-05-31")]),
        # D: counselling since less than a month.
        "D": (Kind.NATURALISATION, [("counselling", "2025-06-20")]),
        # E: withdrawn after counselling.
        "E": (Kind.NATURALISATION, [("counselling", "2025-03-01"), ("withdrawn", "2025-04-15")]),
        # F: begun exactly twelve months ago, waiting since August.
        "F": (Kind.SUSTAINED, [("counselling", "2024-07-15"), ("received", "2024-08-15")]),
        # G: begun exactly three months ago, received exactly one month ago.
        "G": (Kind.YOUNG, [("counselling", "2025-04-15"), ("received", "2025-06-15")]),
        # H: received on the first day of the trend, withdrawn on the last of that month.
        "H": (Kind.YOUNG, [("counselling", "2024-06-30"), ("received", "2024-07-01"),
              ("withdrawn", "2024-07-31")]),
    }  # fmt: skip
    return {
        key: history(world, kind, [(stage, d(on)) for stage, on in steps], person=person)
        for key, (kind, steps) in rows.items()
    }


def figures(world, **kwargs):
    return backlog(get_actor(world.authority), today=TODAY, **kwargs)


def by_stage(result):
    return {s.stage: s for s in result.stages}


# --- the figures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "bucket"),
    [
        ("2025-07-15", 0),
        ("2025-06-16", 0),
        ("2025-06-15", 1),  # exactly one month: no longer "unter 1 Monat"
        ("2025-04-16", 1),
        ("2025-04-15", 2),
        ("2025-01-16", 2),
        ("2025-01-15", 3),
        ("2024-07-16", 3),
        ("2024-07-15", 4),  # exactly twelve months
        ("2019-01-01", 4),
    ],
)
def test_age_buckets_count_calendar_months(day, bucket):
    assert age_bucket(d(day), TODAY) == bucket


def test_age_buckets_at_the_end_of_a_month_use_its_last_day():
    # 31 March minus one month is 28 February.
    assert age_bucket(d("2025-02-28"), d("2025-03-31")) == 1
    assert age_bucket(d("2025-03-01"), d("2025-03-31")) == 0


def test_open_procedures_per_kind_and_stage(world, procedures):
    result = figures(world)
    rows = {k.kind: (k.open_by_stage, k.open) for k in result.kinds}
    # Stages: counselling, received, complete, checks, decision.
    assert rows == {
        Kind.NATURALISATION: ([1, 0, 0, 0, 1], 2),
        Kind.YOUNG: ([0, 1, 0, 0, 0], 1),
        Kind.SUSTAINED: ([0, 1, 0, 0, 0], 1),
        "": ([1, 2, 0, 0, 1], 4),
    }
    assert result.open == 4


def test_age_of_open_procedures_since_beginning_and_in_their_stage(world, procedures):
    stages = by_stage(figures(world))
    # D: 25 days; G: begun exactly three months ago; F: exactly twelve; B: ten months.
    assert stages["counselling"].since_opened == [1, 0, 0, 0, 0]
    assert stages["received"].since_opened == [0, 0, 1, 0, 1]
    assert stages["decision"].since_opened == [0, 0, 0, 1, 0]
    # G received exactly one month ago; F waits since August: eleven months.
    assert stages["counselling"].in_stage == [1, 0, 0, 0, 0]
    assert stages["received"].in_stage == [0, 1, 0, 1, 0]
    assert stages["decision"].in_stage == [1, 0, 0, 0, 0]
    assert stages["checks"].in_stage == [0, 0, 0, 0, 0] and stages["checks"].open == 0


def test_median_stay_per_stage_counts_completed_stays_only(world, procedures):
    stages = by_stage(figures(world))
    medians = {stage: (s.median_days, s.stays) for stage, s in stages.items()}
    assert medians == {
        # 1 (H), 22 (C), 30 (A), 30 (B), 31 (F), 45 (E, until withdrawn), 61 (G); D goes on.
        "counselling": (30, 7),
        # 30 (H), 61 (A), 61 (B), 119 (C, until rejected); F and G go on.
        "received": (61, 4),
        # 10 (A), 14 (B): the median of an even number is the mean of the middle two.
        "complete": (12, 2),
        # 152 (A), 197 (B).
        "checks": (174.5, 2),
        # 30 (A); B is still waiting for the certificate.
        "decision": (30, 1),
    }


def test_total_duration_from_receipt_to_decision_and_conclusion(world, procedures):
    totals = {k.kind: k for k in figures(world).kinds}
    naturalisation = totals[Kind.NATURALISATION]
    # A 223 days, B 272 (granted), C 119 (rejected); only A concluded: 253 days.
    assert (naturalisation.to_decision_days, naturalisation.decided) == (223, 3)
    assert (naturalisation.to_conclusion_days, naturalisation.concluded) == (253, 1)
    young = totals[Kind.YOUNG]
    assert (young.to_decision_days, young.decided, young.to_conclusion_days) == (None, 0, None)
    assert (totals[""].to_decision_days, totals[""].decided) == (223, 3)


def test_the_monthly_trend_of_the_last_twelve_months_and_the_current_one(world, procedures):
    months = figures(world).months
    assert [m.month for m in months][:2] == [d("2024-07-01"), d("2024-08-01")]
    assert months[-1].month == d("2025-07-01") and months[-1].until == TODAY
    assert [m.current for m in months] == [False] * 12 + [True]
    table = {
        f"{m.month:%Y-%m}": (
            m.received,
            m.granted,
            m.rejected,
            m.concluded,
            m.withdrawn,
            m.open_at_end,
        )
        for m in months
    }
    assert table == {
        # H received on the first day, withdrawn on the last: not open at the month's end.
        "2024-07": (1, 0, 0, 0, 1, 2),
        "2024-08": (1, 0, 0, 0, 0, 2),  # F
        "2024-09": (0, 0, 0, 0, 0, 3),  # B begun
        "2024-10": (1, 0, 0, 0, 0, 3),  # B received
        "2024-11": (0, 0, 0, 0, 0, 3),
        "2024-12": (0, 0, 0, 0, 0, 3),
        "2025-01": (0, 1, 0, 0, 0, 4),  # A granted, C begun
        "2025-02": (1, 0, 0, 1, 0, 3),  # C received, A concluded
        "2025-03": (0, 0, 0, 0, 0, 4),  # E begun
        "2025-04": (0, 0, 0, 0, 1, 4),  # E withdrawn, G begun on the same day
        "2025-05": (0, 0, 1, 0, 0, 3),  # C rejected on the 31st
        "2025-06": (1, 1, 0, 0, 0, 4),  # G received, B granted, D begun
        "2025-07": (0, 0, 0, 0, 0, 4),
    }


def test_a_kind_narrows_every_figure(world, procedures):
    result = figures(world, kind=Kind.YOUNG)
    assert [k.kind for k in result.kinds] == [Kind.YOUNG]
    stages = by_stage(result)
    # G 61 and H 1 days in counselling; H 30 days received.
    assert (stages["counselling"].median_days, stages["received"].median_days) == (31, 30)
    assert result.open == 1
    assert sum(m.received for m in result.months) == 2


def test_nothing_to_count_gives_empty_figures(world):
    result = figures(world)
    assert result.open == 0
    assert all(s.median_days is None and s.stays == 0 for s in result.stages)
    assert all(m.open_at_end == 0 for m in result.months)


@pytest.fixture
def second_authority(world):
    """A second office of the authority in the same tenant, and a user in both."""
    unit = UnitFactory(tenant=world.tenant, name="Ausländerbehörde Außenstelle", code="ABH2")
    both = UserFactory(username="abh_both", tenant=world.tenant)
    member(both, world.unit_authority, "authority")
    member(both, unit, "authority")
    only = UserFactory(username="abh_branch", tenant=world.tenant)
    member(only, unit, "authority")
    history(world, Kind.SUSTAINED, [("counselling", d("2025-05-05"))], unit=unit, user=only)
    return unit, both, only


def test_the_authority_counts_the_procedures_of_its_own_units_only(
    world, procedures, second_authority
):
    unit, both, only = second_authority
    other_unit = UnitFactory(tenant=world.other_tenant, name="ABH Anderswo", code="ABHX")
    elsewhere = UserFactory(username="abh_elsewhere", tenant=world.other_tenant)
    member(elsewhere, other_unit, "authority")
    history(world, Kind.YOUNG, [("counselling", d("2025-05-05"))], unit=other_unit, user=elsewhere)

    assert figures(world).open == 4  # not the branch office's, not the other tenant's
    assert backlog(get_actor(only), today=TODAY).open == 1
    assert backlog(get_actor(elsewhere), today=TODAY).open == 1
    assert backlog(get_actor(both), today=TODAY).open == 5
    assert backlog(get_actor(both), today=TODAY, unit_id=unit.pk).open == 1
    assert backlog(get_actor(both), today=TODAY, unit_id=world.unit_authority.pk).open == 4
    # A unit outside one's own gives nothing, not its figures.
    assert backlog(get_actor(world.authority), today=TODAY, unit_id=unit.pk).open == 0
    assert backlog(get_actor(world.cm), today=TODAY).open == 0


def test_the_figures_take_two_queries_whatever_the_number_of_procedures(
    world, procedures, django_assert_num_queries
):
    actor = get_actor(world.authority)
    with django_assert_num_queries(2):
        backlog(actor, today=TODAY)
    for n in range(10):
        history(
            world,
            Kind.YOUNG,
            [("counselling", d("2025-01-01")), ("received", d(f"2025-02-{n % 9 + 1:02d}"))],
        )
    with django_assert_num_queries(2):
        assert backlog(actor, today=TODAY).open == 14


# --- the page ----------------------------------------------------------------------------


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr(figures_module.timezone, "localdate", lambda *args: TODAY)


def test_the_urls():
    assert reverse("residence:backlog") == URL
    assert reverse("residence:backlog_export") == EXPORT


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("authority", 200),
        ("cm", 404),
        ("lead", 404),
        ("coordination", 404),
        ("data_protection", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_who_may_see_the_page_and_the_export(client, world, username, expected):
    client.force_login(getattr(world, username))
    assert client.get(URL).status_code == expected
    assert client.get(EXPORT, {"format": "csv"}).status_code == expected


def test_anonymous_visitors_are_sent_to_the_login(client):
    assert client.get(URL).status_code == 302


def test_the_menu_offers_the_page_to_the_authority_only(client, world):
    client.force_login(world.authority)
    assert URL in client.get(reverse("core:start")).content.decode()
    client.force_login(world.cm)
    assert URL not in client.get(reverse("core:start")).content.decode()


def test_the_page_shows_the_figures_as_tables_and_charts_without_a_person(
    client, world, procedures, on_today
):
    client.force_login(world.authority)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="kern-heading-large">Bearbeitungszeiten und Rückstände</h1>' in html
    for caption in (
        "Offene Verfahren je Art und Stand",
        "Offene Verfahren nach Zeit seit Beginn",
        "Offene Verfahren nach Zeit im aktuellen Stand",
        "Dauer je Stand: Median der abgeschlossenen Aufenthalte",
        "Gesamtdauer ab Antragseingang: Median",
        "Verlauf je Monat",
    ):
        assert f'<caption class="kern-title">{caption}</caption>' in html
    assert '<th class="kern-table__header" scope="row">Juli 2025 (bis 15.07.)</th>' in html
    assert ">174,5<" in html  # the median of the checks, with a German decimal comma
    assert html.count('role="img"') == 3 and html.count("data-chart=") == 3
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Geheimname" not in html
    # Only one unit: nothing to choose.
    assert 'name="einheit"' not in html


def test_the_page_filters_by_kind_and_keeps_it_in_the_export_links(
    client, world, procedures, on_today
):
    client.force_login(world.authority)
    html = client.get(URL, {"art": Kind.YOUNG}).content.decode()
    assert "1 offenes Verfahren" in html
    assert f"{EXPORT}?format=csv&amp;art={Kind.YOUNG}" in html
    assert client.get(URL, {"art": "unbekannt"}).status_code == 200  # all, with the error


def test_a_user_in_two_offices_chooses_one(client, world, procedures, second_authority):
    unit, both, _only = second_authority
    client.force_login(both)
    html = client.get(URL).content.decode()
    assert 'name="einheit"' in html and "Ausländerbehörde Außenstelle" in html
    html = client.get(URL, {"einheit": unit.pk}).content.decode()
    assert "1 offenes Verfahren" in html


def test_the_page_needs_the_same_queries_for_more_procedures(client, world, procedures):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.authority)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _n in range(6):
        history(world, Kind.SUSTAINED, [("counselling", d("2025-01-01"))])
    with CaptureQueriesContext(connection) as more:
        client.get(URL)
    assert len(more) == len(few)


# --- the export --------------------------------------------------------------------------


def test_the_csv_export_is_german_excel_csv_with_every_table_and_is_audited(
    client, world, procedures, on_today
):
    client.force_login(world.authority)
    response = client.get(EXPORT, {"format": "csv", "art": Kind.NATURALISATION})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="Bearbeitungszeiten-2025-07-15.csv"'
    )
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[:4] == [
        ["Bearbeitungszeiten und Rückstände"],
        ["Stand", "15.07.2025"],
        ["Verfahren", "Einbürgerung (§ 10 StAG)"],
        ["Einheit", "alle Einheiten"],
    ]
    assert ["Dauer je Stand: Median der abgeschlossenen Aufenthalte"] in rows
    assert ["Stand", "Median in Tagen", "Anzahl abgeschlossener Aufenthalte"] in rows
    assert ["Prüfungen (inkl. Sicherheitsabfrage)", "174,5", "2"] in rows
    assert ["Juli 2025 (bis 15.07.)", "0", "0", "0", "0", "0", "2"] in rows
    assert "Geheimname" not in content.decode("utf-8-sig")

    event = AuditEvent.objects.get(action="procedure.backlog_export")
    assert event.actor == world.authority and event.person_id is None
    assert event.changes == {"format": "csv", "kind": Kind.NATURALISATION, "unit": None}


def test_the_xlsx_export_has_a_sheet_per_table_with_numbers_as_numbers(
    client, world, procedures, on_today
):
    client.force_login(world.authority)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Auswahl",
        "Offene Verfahren",
        "Zeit seit Beginn",
        "Zeit im Stand",
        "Dauer je Stand",
        "Gesamtdauer",
        "Verlauf je Monat",
    ]
    sheet = workbook["Dauer je Stand"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["Prüfungen (inkl. Sicherheitsabfrage)", 174.5, 2] in values
    assert AuditEvent.objects.filter(
        action="procedure.backlog_export", changes__format="xlsx"
    ).exists()


def test_an_unknown_export_format_is_not_found(client, world):
    client.force_login(world.authority)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 404
    assert not AuditEvent.objects.filter(action="procedure.backlog_export").exists()


def test_the_export_action_has_a_german_label_in_the_audit_view():
    from kim.core.views import AUDIT_ACTIONS

    assert dict(AUDIT_ACTIONS)["procedure.backlog_export"] == (
        "Bearbeitungszeiten der Behörde exportiert"
    )

"""The case summary PDF through the API: the page's visibility, options,
document and audit event; 400 in German for bad options, 503 without WeasyPrint,
and a query count that does not grow with the case's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kim.core.models import AuditEvent
from kim.reports import pdf
from kim.reports.tests.conftest import add_contacts, build_case, days_ago, extract_text
from kim.reports.tests.test_query_counts import BOUND, grow
from kim.testing.factories import open_case, register_person

USERS = ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin"]
USERS += ["outsider"]
SEES = {"unit_a": {"cm", "lead"}, "unit_b": {"cm_b"}, "other_tenant": {"outsider"}}


@pytest.fixture
def api():
    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def cases(world):
    def case_in(user, unit, name):
        return open_case(user, register_person(user, unit, family_name=name), unit)

    return {
        "unit_a": case_in(world.cm, world.unit_a, "Haddad"),
        "unit_b": case_in(world.cm_b, world.unit_b, "Popescu"),
        "other_tenant": case_in(world.outsider, world.unit_other, "Kowalski"),
    }


def url(case) -> str:
    return f"/api/v1/cases/{case.pk}/summary/"


@pytest.mark.usefixtures("needs_weasyprint")
@pytest.mark.parametrize("where", list(SEES))
@pytest.mark.parametrize("username", USERS)
def test_the_pdf_is_for_exactly_those_who_see_the_case(world, cases, api, where, username):
    case = cases[where]

    response = api(getattr(world, username)).get(url(case))

    if username in SEES[where]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    else:
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
    assert AuditEvent.objects.filter(action="case.summary_pdf").count() == (
        1 if username in SEES[where] else 0
    )


def test_unknown_cases_are_not_found(world, api):
    client = api(world.cm)

    assert client.get("/api/v1/cases/999999/summary/").status_code == 404
    assert client.get("/api/v1/cases/abc/summary/").status_code == 404


def test_anonymous_callers_get_nothing(db, api, cases):
    assert api().get(url(cases["unit_a"])).status_code in (401, 403)


@pytest.mark.usefixtures("needs_weasyprint")
@pytest.mark.parametrize("accept", ["application/pdf", "*/*", "application/json"])
def test_it_answers_with_a_private_pdf_attachment(world, cases, api, accept):
    response = api(world.cm).get(url(cases["unit_a"]), HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Fall-NORD-')
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.usefixtures("needs_weasyprint")
def test_the_options_choose_the_contacts_as_on_the_page(world, api):
    case = build_case(world, contacts=0)
    add_contacts(world, case, 3)  # contact i is i days old
    client = api(world.cm)

    everything = extract_text(b"".join(client.get(url(case)).streaming_content))
    without = extract_text(b"".join(client.get(url(case), {"contacts": "false"}).streaming_content))
    period = extract_text(
        b"".join(
            client.get(
                url(case),
                {
                    "contacts_from": days_ago(2).isoformat(),
                    "contacts_until": days_ago(2).isoformat(),
                },
            ).streaming_content
        )
    )

    assert all(f"Gesprächsnotiz {i}" in everything for i in (1, 2, 3))
    assert "Gesprächsnotiz" not in without
    assert "Gesprächsnotiz 2" in period
    assert "Gesprächsnotiz 1" not in period and "Gesprächsnotiz 3" not in period
    options = [
        e.changes["options"]
        for e in AuditEvent.objects.filter(action="case.summary_pdf").order_by("id")
    ]
    assert options == [
        {"contacts": True, "from": None, "until": None},
        {"contacts": False, "from": None, "until": None},
        {"contacts": True, "from": days_ago(2).isoformat(), "until": days_ago(2).isoformat()},
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"contacts_from": "gestern"}, "contacts_from", "Kein gültiges Datum"),
        ({"contacts_until": "31.12.2026"}, "contacts_until", "JJJJ-MM-TT"),
        (
            {"contacts_from": "2026-03-01", "contacts_until": "2026-02-01"},
            "contacts_until",
            "vor seinem Anfang",
        ),
        ({"contacts": "vielleicht"}, "contacts", "gültig"),
    ],
)
def test_bad_options_are_refused_in_german(world, cases, api, params, field, message):
    response = api(world.cm).get(url(cases["unit_a"]), params)

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert not AuditEvent.objects.filter(action="case.summary_pdf").exists()


def test_without_weasyprint_the_answer_is_503_in_german(world, cases, api, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: (None, "cannot load library 'libpango'"))

    response = api(world.cm).get(url(cases["unit_a"]), HTTP_ACCEPT="application/pdf")
    outsider = api(world.outsider).get(url(cases["unit_a"]))

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "nicht als PDF erstellt werden" in response.json()["detail"]
    assert outsider.status_code == 404  # the case is looked up first
    assert not AuditEvent.objects.filter(action="case.summary_pdf").exists()


@pytest.mark.usefixtures("needs_weasyprint")
def test_each_download_is_audited_like_the_pages(world, api):
    case = build_case(world, contacts=2)

    api(world.lead).get(url(case))

    event = AuditEvent.objects.get(action="case.summary_pdf")
    assert (event.actor, event.object_id, event.person_id, event.channel) == (
        world.lead,
        case.pk,
        case.person_id,
        "api",
    )
    assert event.changes["contacts"] == 2
    assert len(event.changes["members"]) == 1  # the child, named in the document


@pytest.mark.usefixtures("needs_weasyprint")
def test_queries_do_not_grow_with_the_history_of_the_case(world, api):
    few = build_case(world, contacts=2, goals=1)
    many = build_case(world, contacts=2, goals=6)
    grow(world, many, contacts=40, members=4)
    client = api(world.cm)

    def count(case) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(case))
            b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    small, large = count(few), count(many)

    assert large == small, f"{small} queries for a short case, {large} for a long one"
    assert large <= BOUND

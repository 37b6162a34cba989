"""The half-year report through the API (/api/v1/steering/reports/): the same people as
the pages, created in the background (202), changed with versions (409), German 400s,
409 while it is being written, DOCX and PDF audited like the page downloads."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.steering import report as svc
from kim.steering.models import SteeringReport
from kim.testing.factories import UnitFactory, UserFactory, member
from kim.testing.weasyprint import require_weasyprint

from .reports import create

URL = "/api/v1/steering/reports/"
State = SteeringReport.State


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def detail(report, part: str = "") -> str:
    return f"{URL}{report.pk}/{part}"


@pytest.fixture
def cast(steering):
    """The report's `steering` data, plus a partner and the other tenant's coordination."""
    world = steering.world
    steering.partner = UserFactory(username="partner", tenant=world.tenant)
    member(steering.partner, UnitFactory(tenant=world.tenant, code="BST"), "partner")
    steering.other_coordination = UserFactory(
        username="other_coordination", tenant=world.other_tenant
    )
    member(steering.other_coordination, world.unit_other, "coordination")
    steering.user = lambda name: getattr(steering, name, None) or getattr(world, name)
    return steering


@pytest.fixture
def ready(cast, immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = create(cast.world, clerk="Erika Beispiel")
    report.refresh_from_db()
    assert report.state == State.READY
    cast.report = report
    return cast


@pytest.fixture
def waiting(cast):
    """A report no worker has picked up yet."""
    cast.report = create(cast.world)
    return cast


# --- who reads and writes -----------------------------------------------------------------

READERS = {"coordination", "lead"}
USERS = [
    "coordination",
    "lead",
    "cm",
    "authority",
    "data_protection",
    "partner",
    "other_coordination",
    "outsider",
]


def expected(username: str, *, of_report: bool, write: bool = False) -> int:
    if username == "other_coordination":
        return 404 if of_report else 200
    if username == "coordination" or (username in READERS and not write):
        return 200
    return 403


@pytest.mark.parametrize("part", ["", "docx/"])
def test_reports_are_read_by_the_coordination_and_team_leads_only(ready, part):
    report_answers = {
        name: api(ready.user(name)).get(detail(ready.report, part)).status_code for name in USERS
    }
    list_answers = {name: api(ready.user(name)).get(URL).status_code for name in USERS}

    assert report_answers == {name: expected(name, of_report=True) for name in USERS}
    assert list_answers == {name: expected(name, of_report=False) for name in USERS}


def test_the_api_opens_to_whom_the_pages_open(ready, client):
    pages = [reverse("steering:reports"), reverse("steering:report", args=[ready.report.pk])]
    apis = [URL, detail(ready.report)]
    for name in USERS:
        client.force_login(ready.user(name))
        page_opens = [client.get(page).status_code == 200 for page in pages]
        api_opens = [api(ready.user(name)).get(url).status_code == 200 for url in apis]
        assert page_opens == api_opens, name


def test_another_tenants_coordination_lists_only_its_own_reports(ready):
    assert api(ready.other_coordination).get(URL).json()["results"] == []
    assert [row["id"] for row in api(ready.world.lead).get(URL).json()["results"]] == [
        ready.report.pk
    ]


@pytest.mark.parametrize("username", [name for name in USERS if name != "coordination"])
def test_only_the_coordination_of_the_tenant_writes_reports(ready, username):
    client = api(ready.user(username))
    version = ready.report.version

    answers = [
        client.patch(detail(ready.report), {"version": version, "title": "Neu"}, format="json"),
        client.post(
            detail(ready.report, "regenerate/"), {"version": version, "what": "all"}, format="json"
        ),
    ]

    want = 404 if username == "other_coordination" else 403
    assert [answer.status_code for answer in answers] == [want, want]
    if username != "other_coordination":
        assert client.post(URL, {"year": 2026, "half": 1}, format="json").status_code == 403
    ready.report.refresh_from_db()
    assert (ready.report.version, ready.report.state) == (version, State.READY)
    assert SteeringReport.objects.count() == 1


def test_without_login_the_reports_answer_401_or_403(ready):
    for url in (URL, detail(ready.report), detail(ready.report, "docx/")):
        assert APIClient().get(url).status_code in (401, 403)


# --- creating: written in the background --------------------------------------------------


def test_creating_answers_202_and_the_worker_writes_the_draft(
    cast,
    immediate,
    django_capture_on_commit_callbacks,
):
    client = api(cast.world.coordination)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {"year": 2026, "half": 1, "document_number": "VO/0042/26", "meeting_on": "2026-09-17"},
            format="json",
        )
        assert response.status_code == 202, response.json()
        accepted = response.json()
        assert (accepted["state"], accepted["state_label"]) == ("queued", "wartet auf Erstellung")
        assert accepted["figures"] is None

    assert response["Location"] == f"http://testserver{URL}{accepted['id']}/"
    written = client.get(response["Location"]).json()
    assert (written["state"], written["progress"]) == ("ready", 100)
    assert written["period"] == "1. Halbjahr 2026"
    assert written["title"].startswith("Kommunales Integrationsmanagement: Bericht aus dem")
    assert "## Bericht aus dem Lenkungskreis Integration" in written["explanation"]
    assert "Vera Vorsitz" not in written["explanation"]  # members counted, never named
    # The header comes from the proposal where nothing was sent, as on the page.
    assert written["committee"] == "Integrationsausschuss"
    assert written["proposal"] == "Kenntnisnahme ohne Beschluss"
    assert written["clerk_email"] == cast.world.coordination.email
    assert (written["document_number"], written["meeting_on"]) == ("VO/0042/26", "2026-09-17")
    figures = written["figures"]
    assert (figures["year"], figures["half"]) == (2026, 1)
    assert [table["key"] for table in figures["tables"]] == [
        "cases",
        "fields",
        "target_groups",
        "referrals",
    ]
    cases = figures["tables"][0]
    assert cases["cols"][-1] == "Summe"
    assert len(cases["total"]) == len(cases["cols"])
    event = AuditEvent.objects.get(action="steering_report.create")
    assert (event.object_id, event.channel) == (accepted["id"], "api")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year": 2019, "half": 1}, "year", "Bitte ein Jahr zwischen 2020 und"),
        ({"year": 2026, "half": 3}, "half", "Bitte das 1. oder 2. Halbjahr wählen."),
        ({"year": "zwanzig"}, "year", "gültige Ganzzahl"),
        ({"committee": " "}, "committee", "Bitte das Gremium nennen, dem berichtet wird."),
        ({"dated_on": "20.07.2026"}, "dated_on", "Bitte im Format JJJJ-MM-TT"),
        ({"clerk_email": "erika@"}, "clerk_email", "E-Mail"),
        ({"proposal": ""}, "proposal", "darf nicht leer sein"),
    ],
)
def test_create_input_is_checked_in_german(cast, data, field, message):
    response = api(cast.world.coordination).post(URL, data, format="json")

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    assert not SteeringReport.objects.exists()


def test_a_half_year_that_has_not_begun_is_refused(cast):
    next_year = date.today().year + 1
    response = api(cast.world.coordination).post(URL, {"year": next_year, "half": 1}, format="json")

    assert response.status_code == 400
    assert "year" in response.json()


# --- changing: versions, German messages, not while it is written ------------------------


def test_a_change_keeps_what_was_not_sent_and_a_stale_one_is_409(ready):
    client = api(ready.world.coordination)
    version = ready.report.version

    changed = client.patch(
        detail(ready.report),
        {"version": version, "explanation": "## Eigener Text\nGekürzt.", "climate": "positive"},
        format="json",
    )
    stale = client.patch(detail(ready.report), {"version": version, "title": "Alt"}, format="json")
    missing = client.patch(detail(ready.report), {"title": "Ohne Version"}, format="json")

    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["version"] == version + 1
    assert body["explanation"] == "## Eigener Text\nGekürzt."
    assert (body["climate"], body["climate_label"]) == ("positive", "ja, positive Auswirkungen")
    assert body["clerk"] == "Erika Beispiel"
    assert stale.status_code == 409
    assert stale.json()["current"]["explanation"] == "## Eigener Text\nGekürzt."
    assert f"Version {version + 1}" in stale.json()["detail"]
    assert missing.status_code == 400 and "Version fehlt" in str(missing.json()["version"])
    events = AuditEvent.objects.filter(action="steering_report.update")
    assert [event.channel for event in events] == ["api"]
    assert set(events.get().changes) == {"explanation", "climate", "version"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": "  "}, "title", "Bitte einen Titel angeben."),
        ({"committee": ""}, "committee", "Bitte das Gremium nennen"),
        ({"climate": "egal"}, "climate", "keine gültige Option"),
        ({"dated_on": None}, "dated_on", "darf nicht null sein"),
        ({"meeting_on": "morgen"}, "meeting_on", "Kein gültiges Datum"),
        ({"title": "x" * 301}, "title", "nicht mehr als 300 Zeichen"),
    ],
)
def test_changes_are_checked_in_german(ready, change, field, message):
    response = api(ready.world.coordination).patch(
        detail(ready.report), {"version": ready.report.version} | change, format="json"
    )

    assert response.status_code == 400
    assert message in str(response.json()[field]), response.json()
    ready.report.refresh_from_db()
    assert ready.report.version == 1


def test_while_it_is_written_changes_and_downloads_are_409(waiting):
    client = api(waiting.world.coordination)
    report = waiting.report

    change = client.patch(detail(report), {"version": 1, "title": "Neu"}, format="json")
    again = client.post(
        detail(report, "regenerate/"), {"version": 1, "what": "figures"}, format="json"
    )
    docx = client.get(detail(report, "docx/"))
    pdf = client.get(detail(report, "pdf/"))

    for answer in (change, again):
        assert answer.status_code == 409
        assert "wird gerade aus den Daten geschrieben" in answer.json()["detail"]
        assert answer.json()["current"]["state"] == "queued"
    for answer in (docx, pdf):
        assert answer.status_code == 409
        assert "sobald er fertig ist" in answer.json()["detail"]
    report.refresh_from_db()
    assert (report.version, report.title) == (1, "Halbjahresbericht 1. Halbjahr 2026")
    assert not AuditEvent.objects.filter(
        action__in=["steering_report.update", "steering_report.regenerate"]
    ).exists()


def test_a_report_the_worker_takes_up_meanwhile_is_409_too(ready, monkeypatch):
    """The service refuses under its lock what the view let through a moment before."""
    from kim.steering.api import reports

    def worker_first(**kwargs):
        SteeringReport.objects.filter(pk=ready.report.pk).update(state=State.RUNNING)
        return svc.report_update(**kwargs)

    monkeypatch.setattr(reports, "report_update", worker_first)

    response = api(ready.world.coordination).patch(
        detail(ready.report), {"version": 1, "title": "Neu"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["current"]["state"] == "running"


def test_a_failed_report_says_so_without_the_cause(ready):
    SteeringReport.objects.filter(pk=ready.report.pk).update(
        state=State.FAILED, error="RuntimeError: kaputt in /srv/kim"
    )
    client = api(ready.world.lead)

    body = client.get(detail(ready.report)).json()
    docx = client.get(detail(ready.report, "docx/"))

    assert (body["state"], body["state_label"]) == ("failed", "fehlgeschlagen")
    assert "error" not in body
    assert "kaputt" not in str(body)
    assert docx.status_code == 409
    assert "konnte nicht geschrieben werden" in docx.json()["detail"]


def test_a_failed_report_can_still_be_edited(ready):
    SteeringReport.objects.filter(pk=ready.report.pk).update(state=State.FAILED)

    response = api(ready.world.coordination).patch(
        detail(ready.report), {"version": ready.report.version, "approvals": "OB"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["approvals"] == "OB"


# --- writing again ------------------------------------------------------------------------


def test_writing_the_figures_again_answers_202_and_keeps_the_text(
    ready, django_capture_on_commit_callbacks
):
    client = api(ready.world.coordination)
    edited = client.patch(
        detail(ready.report), {"version": 1, "explanation": "Mein Text."}, format="json"
    ).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(ready.report, "regenerate/"),
            {"version": edited["version"], "what": "figures"},
            format="json",
        )
        assert response.status_code == 202
        assert (response.json()["state"], response.json()["progress"]) == ("queued", 0)

    written = client.get(detail(ready.report)).json()
    assert written["state"] == "ready"
    assert written["explanation"] == "Mein Text."
    assert written["version"] == edited["version"] + 1
    assert written["figures_at"] > edited["figures_at"]
    event = AuditEvent.objects.get(action="steering_report.regenerate")
    assert (event.changes, event.channel) == ({"what": "figures"}, "api")


def test_writing_again_needs_what_and_a_current_version(ready):
    client = api(ready.world.coordination)

    unknown = client.post(
        detail(ready.report, "regenerate/"), {"version": 1, "what": "text"}, format="json"
    )
    missing = client.post(detail(ready.report, "regenerate/"), {"what": "all"}, format="json")
    stale = client.post(
        detail(ready.report, "regenerate/"), {"version": 7, "what": "all"}, format="json"
    )

    assert unknown.status_code == 400 and "keine gültige Option" in str(unknown.json()["what"])
    assert missing.status_code == 400 and "Version fehlt" in str(missing.json()["version"])
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 1
    ready.report.refresh_from_db()
    assert ready.report.state == State.READY


# --- the files ----------------------------------------------------------------------------


def test_the_docx_opens_and_is_audited_like_the_page_download(ready):
    from docx import Document

    response = api(ready.world.lead).get(detail(ready.report, "docx/"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="Bericht-2026-H1-VO-0001-26.docx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    document = Document(BytesIO(b"".join(response.streaming_content)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert ready.report.title in paragraphs
    assert "Bericht aus dem Lenkungskreis Integration" in paragraphs
    event = AuditEvent.objects.get(action="steering_report.export")
    assert (event.object_id, event.changes, event.channel) == (
        ready.report.pk,
        {"format": "docx"},
        "api",
    )
    assert event.actor == ready.world.lead


def test_the_pdf_is_audited_like_the_page_download(ready):
    require_weasyprint()

    response = api(ready.world.coordination).get(detail(ready.report, "pdf/"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('filename="Bericht-2026-H1-VO-0001-26.pdf"')
    event = AuditEvent.objects.get(action="steering_report.export")
    assert (event.changes, event.channel) == ({"format": "pdf"}, "api")


def test_without_weasyprint_the_pdf_is_503_in_german(ready, monkeypatch):
    from kim.reports import pdf

    monkeypatch.setattr(pdf, "unavailable_reason", lambda: "libpango fehlt")

    response = api(ready.world.coordination).get(detail(ready.report, "pdf/"))

    assert response.status_code == 503
    assert "nicht als PDF erstellt werden" in response.json()["detail"]
    assert "DOCX" in response.json()["detail"]
    assert not AuditEvent.objects.filter(action="steering_report.export").exists()


# --- audit and queries --------------------------------------------------------------------


def test_reading_a_written_report_is_audited_as_on_its_page(ready):
    client = api(ready.world.lead)

    client.get(URL)
    client.get(detail(ready.report))

    events = AuditEvent.objects.filter(action__startswith="steering_report.").exclude(
        action="steering_report.create"
    )
    assert [(event.action, event.object_id, event.channel) for event in events] == [
        ("steering_report.view", ready.report.pk, "api")
    ]


def test_polling_a_report_that_is_being_written_leaves_no_audit_event(waiting):
    before = AuditEvent.objects.count()

    for _poll in range(3):
        api(waiting.world.coordination).get(detail(waiting.report))

    assert AuditEvent.objects.count() == before


def more_reports(world, n: int) -> None:
    actor = get_actor(world.coordination)
    for i in range(n):
        svc.report_create(
            actor=actor, year=2025, half=1 + i % 2, dated_on=date(2026, 1, 10), committee="IA"
        )


# The session, its user and the actor's memberships (which decide the part), then the
# count and the rows with who created them; the detail: the row and its audit event.
BOUNDS = {URL: 5, "detail": 5}


@pytest.mark.parametrize("more", [0, 12])
def test_reports_need_a_bounded_number_of_queries(ready, django_assert_max_num_queries, more):
    more_reports(ready.world, more)
    client = APIClient()
    client.force_login(ready.world.coordination)  # the session costs its queries, too

    with django_assert_max_num_queries(BOUNDS[URL]):
        listed = client.get(URL, {"page_size": 200})
    with django_assert_max_num_queries(BOUNDS["detail"]):
        one = client.get(detail(ready.report))

    assert listed.json()["count"] == more + 1
    assert one.status_code == 200

"""The case page and every section on it (cases, planning, documents, follow-ups, people,
reports) show a receiving unit exactly the shared parts, read-only; the pages around
the case stay closed. Permission matrix: role × page × own unit / receiving unit /
other unit / other tenant."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim.cases.services import case_member_add, contact_record, share_create
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.documents.services import document_upload
from kim.followups.services import followup_create
from kim.people.services import legal_domain_start, residence_status_record
from kim.planning.catalogues import seed_barrier_categories
from kim.planning.models import Urgency
from kim.planning.services import action_create, assessment_record, barrier_flag, goal_create
from kim.testing.case_page import all_tabs
from kim.testing.factories import open_case, register_person

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

# A text that only one part of the case shows.
MARKERS = {
    "base": "Testhausen-Telefon 0202-4711",
    "contacts": "KONTAKTNOTIZ-Wohnungssuche",
    "assessment": "ASSESSMENT-Sprachkurs-B1",
    "plan": "ZIEL-Arbeitsplatz-finden",
    "documents": "Bescheid-Jobcenter-Marker",
    "residence": "§ 25b AufenthG",
    "internal": "WIEDERVORLAGE-Termin-ABH",
}
INTERNAL_MARKERS = ("ANLASS-vertraulich", "Familienmitglied-Yusuf")


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }


@dataclass
class Full:
    world: object
    person: object
    case: object
    document: object
    goal: object


@pytest.fixture
def full(world):
    """A case of unit A with something in every section of the case page."""
    cm = get_actor(world.cm)
    person = register_person(
        world.cm, world.unit_a, family_name="Haddad", given_names="Lina", phone=MARKERS["base"]
    )
    case = open_case(world.cm, person, world.unit_a, case_manager=world.cm)
    case.reason = "ANLASS-vertraulich"
    case.save(update_fields=["reason"])
    contact_record(
        actor=cm,
        case=case,
        date=timezone.localdate(),
        duration_minutes=30,
        mode="phone",
        note=MARKERS["contacts"],
    )
    assessment_record(
        actor=cm,
        case=case,
        based_on=0,
        assessed_on=timezone.localdate(),
        items=[{"field": world.fields[0], "urgency": Urgency.HIGH, "needs": MARKERS["assessment"]}],
    )
    goal = goal_create(
        actor=cm,
        case=case,
        field=world.fields[1],
        wording=MARKERS["plan"],
        target_date=timezone.localdate() + timedelta(days=90),
    )
    action_create(actor=cm, case=case, what="Bewerbung schreiben", who="person", goal=goal)
    barrier_flag(
        actor=cm,
        case=case,
        field=world.fields[1],
        legal_domain="sgb2",
        category=seed_barrier_categories(world.tenant)[0],
        description="Anerkennung dauert",
    )
    document = document_upload(
        actor=cm,
        case=case,
        kind="decision",
        description=MARKERS["documents"],
        upload=SimpleUploadedFile("bescheid.pdf", PDF, content_type="application/pdf"),
    )
    followup_create(
        actor=cm,
        case=case,
        due_on=timezone.localdate() + timedelta(days=7),
        title=MARKERS["internal"],
    )
    relative = register_person(world.cm, world.unit_a, family_name="Familienmitglied-Yusuf")
    case_member_add(actor=cm, case=case, person=relative, role_in_case="child")
    residence_status_record(
        actor=cm,
        person=person,
        kind="duldung",
        valid_from=timezone.localdate() - timedelta(days=200),
        legal_basis=MARKERS["residence"],
    )
    legal_domain_start(
        actor=cm, person=person, domain="sgb2", valid_from=timezone.localdate() - timedelta(100)
    )
    case.refresh_from_db()
    return Full(world=world, person=person, case=case, document=document, goal=goal)


def share(full, parts, to_unit=None):
    return share_create(
        actor=get_actor(full.world.cm),
        case=full.case,
        to_unit=to_unit or full.world.unit_authority,
        parts=parts,
        purpose="Prüfung Bleiberecht",
        purpose_category="residence",
        valid_until=timezone.localdate() + timedelta(days=30),
        legal_mandate="§ 87 Abs. 1 AufenthG",
    )


def page(client, user, case):
    """Every tab of the case page the user may open, as one page."""
    client.force_login(user)
    return all_tabs(client, case)


def test_the_own_unit_sees_every_part(client, full):
    html = page(client, full.world.cm, full.case).content.decode()
    for part, marker in (*MARKERS.items(), *(("internal", m) for m in INTERNAL_MARKERS)):
        if part != "residence":  # the own unit finds residence on the person page
            assert marker in html, marker
    person_page = client.get(reverse("people:detail", args=[full.person.pk])).content.decode()
    assert MARKERS["residence"] in person_page


@pytest.mark.parametrize(
    "parts",
    [
        ["base"],
        ["contacts"],
        ["assessment"],
        ["plan"],
        ["documents"],
        ["residence"],
        ["base", "residence", "documents"],
    ],
)
def test_the_receiving_unit_sees_exactly_the_shared_parts(client, full, parts):
    share(full, parts)
    response = page(client, full.world.authority, full.case)
    assert response.status_code == 200
    html = response.content.decode()
    assert full.person.full_name in html  # who the case is about: always
    for part, marker in MARKERS.items():
        assert (marker in html) == (part in parts), (part, parts)
    for marker in INTERNAL_MARKERS:
        assert marker not in html
    assert "Von Case Management Nord für Ihre Einheit freigegeben" in html
    # read-only: no way to write, steer or share, no link to pages the receiver may not open
    for url in (
        reverse("cases:edit", args=[full.case.pk]),
        reverse("cases:contact_new", args=[full.case.pk]),
        reverse("cases:share_new", args=[full.case.pk]),
        reverse("cases:handover_new", args=[full.case.pk]),
        reverse("cases:close", args=[full.case.pk]),
        reverse("planning:goal_new", args=[full.case.pk]),
        reverse("planning:assessment_new", args=[full.case.pk]),
        reverse("documents:case_upload", args=[full.case.pk]),
        reverse("followups:create", args=[full.case.pk]),
        reverse("reports:case_summary", args=[full.case.pk]),
        reverse("people:detail", args=[full.person.pk]),
        reverse("documents:delete", args=[full.document.pk]),
    ):
        assert url not in html, url
    assert (reverse("documents:download", args=[full.document.pk]) in html) == (
        "documents" in parts
    )
    assert (reverse("planning:assessment_compare", args=[full.case.pk]) in html) == (
        "assessment" in parts
    )


def test_a_case_manager_team_receiving_a_share_sees_only_its_parts_too(client, full):
    share(full, ["plan"], to_unit=full.world.unit_b)
    html = page(client, full.world.cm_b, full.case).content.decode()
    assert MARKERS["plan"] in html
    for part in ("base", "contacts", "assessment", "documents", "residence", "internal"):
        assert MARKERS[part] not in html
    assert reverse("planning:goal_edit", args=[full.case.pk, full.goal.pk]) not in html


def test_the_read_through_a_share_is_audited_as_such(client, full):
    shared = share(full, ["base", "documents"])
    page(client, full.world.authority, full.case)
    events = AuditEvent.objects.filter(action="case.view", actor=full.world.authority)
    assert [e.changes["tab"] for e in events.order_by("pk")] == ["overview", "file"]
    event = events.first()
    assert event.person_id == full.person.pk
    assert event.changes["via"] == "share"
    assert event.changes["shares"] == [shared.pk]
    assert event.changes["parts"] == ["base", "documents"]
    listed = AuditEvent.objects.get(action="document.list", actor=full.world.authority)
    assert listed.changes["via"] == "share"


# --- the pages around the case: role × page × own unit / receiving / other / other tenant


def _urls(full):
    case, doc = full.case, full.document
    return {
        "case page": reverse("cases:detail", args=[case.pk]),
        "edit": reverse("cases:edit", args=[case.pk]),
        "contact": reverse("cases:contact_new", args=[case.pk]),
        "phase": reverse("cases:phase", args=[case.pk]),
        "handover": reverse("cases:handover_new", args=[case.pk]),
        "share": reverse("cases:share_new", args=[case.pk]),
        "summary": reverse("reports:case_summary", args=[case.pk]),
        "assessment": reverse("planning:assessment_compare", args=[case.pk]),
        "goal": reverse("planning:goal_new", args=[case.pk]),
        "upload": reverse("documents:case_upload", args=[case.pk]),
        "download": reverse("documents:download", args=[doc.pk]),
        "followup": reverse("followups:create", args=[case.pk]),
    }


OWNER_PAGES = {
    "case page",
    "edit",
    "contact",
    "phase",
    "handover",
    "share",
    "summary",
    "assessment",
    "goal",
    "upload",
    "download",
    "followup",
}
# Shared: base, assessment and documents.
RECEIVER_PAGES = {"case page", "assessment", "download"}


@pytest.mark.parametrize(
    ("username", "where", "pages"),
    [
        ("cm", "own unit", OWNER_PAGES),
        ("lead", "own unit", OWNER_PAGES),
        ("authority", "receiving unit", RECEIVER_PAGES),
        ("cm_b", "other unit", set()),
        ("coordination", "other unit", set()),
        ("data_protection", "other unit", set()),
        ("admin", "other unit", set()),
        ("outsider", "other tenant", set()),
    ],
)
def test_permission_matrix_of_a_shared_case(client, full, username, where, pages):
    share(full, ["base", "assessment", "documents"])
    client.force_login(getattr(full.world, username))
    for name, url in _urls(full).items():
        status = client.get(url).status_code
        assert (status == 200) == (name in pages), (username, where, name, status)
        if name not in pages:
            assert status == 404, (username, name, status)


def test_writes_through_a_share_are_refused(client, full):
    share(full, ["base", "contacts", "plan", "documents"])
    client.force_login(full.world.authority)
    urls = _urls(full)
    for name in ("edit", "contact", "goal", "upload", "followup", "share"):
        assert client.post(urls[name], {"note": "x"}).status_code == 404, name
    delete = reverse("documents:delete", args=[full.document.pk])
    assert client.post(delete, {"reason": "x"}).status_code == 404


def test_a_share_to_another_unit_does_not_open_the_case_to_the_authority(client, full):
    share(full, ["base"], to_unit=full.world.unit_b)
    assert page(client, full.world.authority, full.case).status_code == 404


# --- queries ---------------------------------------------------------------------------


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_shares_add_a_bounded_number_of_queries_to_the_case_page(client, full):
    url = reverse("cases:file", args=[full.case.pk])  # the tab listing the shares
    client.force_login(full.world.cm)
    without = count(client, url)
    share(full, ["base", "documents"])
    with_one = count(client, url)
    for _ in range(4):
        share(full, ["plan"])
    with_five = count(client, url)
    assert with_one == with_five
    assert with_one <= without + 1  # the shares of the case: one query
    client.force_login(full.world.authority)
    receiver = count(client, url)
    assert receiver <= without  # fewer parts, fewer queries
    share(full, ["contacts", "residence", "assessment", "plan"])
    url = reverse("cases:detail", args=[full.case.pk])  # where the residence part shows
    # Every shareable part: the owner's sections, the share and emergency look-ups and
    # residence and legal domains (two), without the owner's internal part.
    assert count(client, url) <= without + 3


def test_the_owners_case_page_stays_within_its_bound_with_shares(client, world):
    from kim.cases.tests.test_query_counts import BOUNDS, populate

    case = populate(world, 1)[0]
    for _ in range(3):
        share_create(
            actor=get_actor(world.cm),
            case=case,
            to_unit=world.unit_authority,
            parts=["base"],
            purpose="x",
            purpose_category="residence",
            valid_until=timezone.localdate() + timedelta(days=3),
            legal_mandate="§ 87 AufenthG",
        )
    client.force_login(world.cm)
    assert count(client, reverse("cases:detail", args=[case.pk])) <= BOUNDS["case page"]

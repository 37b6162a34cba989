"""Who may list, upload, download and delete which documents.

Places: unit A (case manager `cm`, team lead `lead`), unit B (`cm_b`), a person
of the foreigners' authority's own unit (`authority`, no cases) and the other
tenant (`outsider`). Each place has a document of the person and, except the
authority, one of a case. Coordination, data protection and administration
see no documents at all. Whoever may not, gets 404 and changes nothing.
"""

import pytest
from django.urls import reverse

from kim.cases.models import Case
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.documents.models import Document
from kim.documents.selectors import visible_documents
from kim.documents.tests.conftest import upload
from kim.testing.factories import UserFactory, member

PLACES = ("A", "B", "ABH", "other")
ACTIONS = ("list", "upload", "download", "delete")
OWN_PLACE = {
    "cm": {"A"},
    "cm_b": {"B"},
    "lead": {"A"},
    "coordination": set(),
    "authority": {"ABH"},
    "data_protection": set(),
    "admin": set(),
    "outsider": {"other"},
}


def observed(client, user, place) -> dict[str, bool]:
    """What `user` could do in `place`, tried through the pages as a browser would."""
    client.force_login(user)
    person_page = client.get(reverse("people:detail", args=[place.person.pk]))
    listed = [
        person_page.status_code == 200 and d.description in person_page.content.decode()
        for d in place.documents
    ]
    if place.case:
        case_page = client.get(reverse("cases:file", args=[place.case.pk]))
        listed.append(
            case_page.status_code == 200
            and place.case_document.description in case_page.content.decode()
        )
    uploads = [
        client.get(reverse("documents:person_upload", args=[place.person.pk])).status_code,
        client.post(
            reverse("documents:person_upload", args=[place.person.pk]),
            {"kind": "letter", "description": "Neu", "file": upload()},
        ).status_code,
    ]
    if place.case:
        uploads.append(
            client.get(reverse("documents:case_upload", args=[place.case.pk])).status_code
        )
    downloads = [
        client.get(reverse("documents:download", args=[d.pk])).status_code for d in place.documents
    ]
    deletes = [
        client.get(reverse("documents:delete", args=[d.pk])).status_code for d in place.documents
    ]
    deletes += [
        client.post(reverse("documents:delete", args=[d.pk]), {"reason": "Test"}).status_code
        for d in place.documents
    ]
    return {
        "list": _all_or_nothing(listed),
        "upload": _all_or_nothing([code in (200, 302) for code in uploads], uploads),
        "download": _all_or_nothing([code == 200 for code in downloads], downloads),
        "delete": _all_or_nothing([code in (200, 302) for code in deletes], deletes),
    }


def _all_or_nothing(results, codes=None):
    assert all(results) or not any(results), f"mixed results {codes or results}"
    if not any(results) and codes is not None:
        assert set(codes) == {404}, codes  # refused means 404, never 403 or 500
    return all(results)


@pytest.mark.parametrize("username", list(OWN_PLACE))
def test_documents_are_reachable_only_from_the_users_own_unit_and_tenant(
    client, world, places, username
):
    user = getattr(world, username)
    before = Document.objects.active().count()
    matrix = {name: observed(client, user, places[name]) for name in PLACES}
    expected = {name: dict.fromkeys(ACTIONS, name in OWN_PLACE[username]) for name in PLACES}
    assert matrix == expected
    if not OWN_PLACE[username]:
        assert Document.objects.active().count() == before


@pytest.mark.parametrize("username", list(OWN_PLACE))
def test_the_selector_returns_the_same_documents_as_the_pages_show(world, places, username):
    actor = get_actor(getattr(world, username))
    expected = {d.pk for name in OWN_PLACE[username] for d in places[name].documents}
    assert set(visible_documents(actor).values_list("pk", flat=True)) == expected


@pytest.fixture
def colleague(world):
    """A second case manager of unit A."""
    user = UserFactory(username="cm2", tenant=world.tenant)
    member(user, world.unit_a, "case_manager")
    return user


def test_a_case_manager_deletes_only_their_own_uploads_and_the_team_lead_any(
    world, places, colleague
):
    a = places["A"]
    for document in a.documents:
        assert abilities(world.cm, document) == {"view": True, "download": True, "delete": True}
        assert abilities(colleague, document) == {
            "view": True,
            "download": True,
            "delete": False,
        }
        assert abilities(world.lead, document) == {"view": True, "download": True, "delete": True}


def test_a_closed_case_keeps_its_documents_for_download_but_takes_no_changes(client, world, places):
    a = places["A"]
    Case.objects.filter(pk=a.case.pk).update(status=Case.Status.CLOSED, phase=Case.Phase.CLOSED)
    a.case.refresh_from_db()
    a.case_document.case = a.case
    for user in (world.cm, world.lead):
        assert abilities(user, a.case_document) == {
            "view": True,
            "download": True,
            "delete": False,
        }
    client.force_login(world.cm)
    page = client.get(reverse("cases:file", args=[a.case.pk])).content.decode()
    assert reverse("documents:download", args=[a.case_document.pk]) in page
    assert reverse("documents:case_upload", args=[a.case.pk]) not in page
    assert reverse("documents:delete", args=[a.case_document.pk]) not in page
    response = client.get(reverse("documents:case_upload", args=[a.case.pk]), follow=True)
    assert "nur noch gelesen" in response.content.decode()
    response = client.post(
        reverse("documents:case_upload", args=[a.case.pk]),
        {"kind": "letter", "description": "Nachzügler", "file": upload()},
    )
    assert response.status_code == 302
    assert not Document.objects.filter(description="Nachzügler").exists()
    assert client.get(reverse("documents:download", args=[a.case_document.pk])).status_code == 200
    # The person's own documents stay open to change: only the case is closed.
    assert abilities(world.cm, a.person_document)["delete"]


def test_a_deleted_document_is_no_longer_listed_or_downloadable(client, world, places):
    document = places["A"].person_document
    client.force_login(world.cm)
    client.post(reverse("documents:delete", args=[document.pk]), {"reason": "falsche Person"})
    page = client.get(reverse("people:detail", args=[places["A"].person.pk])).content.decode()
    assert reverse("documents:download", args=[document.pk]) not in page
    assert places["A"].case_document.description in page
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    again = client.get(reverse("documents:delete", args=[document.pk]), follow=True)
    assert "bereits gelöscht" in again.content.decode()

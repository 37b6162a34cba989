"""Case reconstructions: a case manager turns one of their own cases into an
anonymised account; the coordination reads released accounts only – never the case,
the person or the author."""

import re

import pytest
from django.urls import reverse

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.steering.models import CaseReconstruction
from kim.steering.reconstructions import reconstruction_start, request_create


@pytest.fixture
def setting(counted):
    world = counted.world
    Case.objects.filter(pk=counted.case.pk).update(case_manager=world.cm)
    Case.objects.filter(pk=counted.case_b.pk).update(case_manager=world.cm_b)
    counted.case.refresh_from_db()
    counted.request = request_create(
        actor=get_actor(world.coordination),
        theme="Wartezeiten",
        description="Fälle, in denen Wartezeiten Leistungen unterbrochen haben.",
    )
    return counted


def start(client, setting, case, user=None):
    client.force_login(user or setting.world.cm)
    return client.post(
        reverse("steering:reconstruction_start", args=[setting.request.pk]), {"case": case.pk}
    )


def test_the_draft_comes_from_the_case_without_names_or_dates(client, setting):
    response = start(client, setting, setting.case)
    assert response.status_code == 302
    reconstruction = CaseReconstruction.objects.get()
    text = reconstruction.account
    assert ("Wartezeit" in text and "Monat" in text) or "Wochen" in text
    for secret in ("Haddad", "Lina", "2026", setting.case.number):
        assert secret not in text
    event = AuditEvent.objects.get(action="reconstruction.start")
    assert event.person_id == setting.case.person_id


def test_saving_anonymises_what_the_author_wrote(client, setting):
    start(client, setting, setting.case)
    reconstruction = CaseReconstruction.objects.get()
    url = reverse("steering:reconstruction", args=[reconstruction.pk])
    client.post(
        url,
        {
            "version": reconstruction.version,
            "account": "Frau Lina Haddad rief am 12.02.2026 an (0151 000000, lina@mail.example); "
            "sie wohnt in Testhausen, Hauptstraße 4.",
            "comments": "Frau HADDAD hätte eine Sprechstunde gebraucht.",
        },
    )
    reconstruction.refresh_from_db()
    for secret in (
        "Lina",
        "Haddad",
        "HADDAD",
        "12.02.2026",
        "0151",
        "lina@",
        "Testhausen",
        "Hauptstraße",
    ):
        assert secret not in reconstruction.account + reconstruction.comments
    assert "[Name]" in reconstruction.comments and "[Ort im Kreis]" in reconstruction.account


def test_only_own_cases_and_only_the_author(client, setting):
    assert start(client, setting, setting.case_b).status_code == 422  # not in the choice
    with pytest.raises(NotAllowed):
        reconstruction_start(
            actor=get_actor(setting.world.cm), request=setting.request, case=setting.case_b
        )
    start(client, setting, setting.case)
    reconstruction = CaseReconstruction.objects.get()
    for user in (setting.world.cm_b, setting.world.coordination, setting.world.lead):
        client.force_login(user)
        url = reverse("steering:reconstruction", args=[reconstruction.pk])
        assert client.get(url).status_code == 404


def test_the_coordination_reads_released_accounts_only_and_without_the_case(client, setting):
    start(client, setting, setting.case)
    reconstruction = CaseReconstruction.objects.get()
    client.force_login(setting.world.coordination)
    page = client.get(reverse("steering:reconstruction_request", args=[setting.request.pk]))
    assert "Noch keine freigegebene Rekonstruktion." in page.content.decode()
    client.force_login(setting.world.cm)
    client.post(
        reverse("steering:reconstruction_release", args=[reconstruction.pk]),
        {"version": reconstruction.version},
    )
    reconstruction.refresh_from_db()
    assert reconstruction.status == "released"
    again = client.post(
        reverse("steering:reconstruction_release", args=[reconstruction.pk]),
        {"version": reconstruction.version},
    )
    assert "nicht mehr geändert" in client.get(again["Location"]).content.decode()
    client.force_login(setting.world.coordination)
    html = client.get(
        reverse("steering:reconstruction_request", args=[setting.request.pk])
    ).content.decode()
    assert "Fall 1" in html and "Wartezeit" in html
    user = setting.world.cm
    # The page's CSRF tokens are random letters: a short username ("cm") can turn up in
    # them by chance, so they are taken out before looking for the author.
    text = re.sub(r"[A-Za-z0-9]{32,}", "", html)
    for secret in (setting.case.number, "Haddad", user.get_full_name(), user.username, "/faelle/"):
        assert secret not in text


@pytest.mark.parametrize(
    ("username", "expected"),
    [("coordination", 200), ("cm", 200), ("cm_b", 200), ("authority", 404), ("admin", 404)],
)
def test_who_opens_the_reconstruction_pages(client, setting, username, expected):
    client.force_login(getattr(setting.world, username))
    assert client.get(reverse("steering:reconstructions")).status_code == expected


def test_case_managers_are_asked_on_their_start_page(client, setting):
    client.force_login(setting.world.cm)
    html = client.get(reverse("core:start")).content.decode()
    assert "Die Koordination bittet um Fallrekonstruktionen" in html and "Wartezeiten" in html


def test_names_of_other_clients_of_the_tenant_go_as_well(client, setting):
    start(client, setting, setting.case)
    reconstruction = CaseReconstruction.objects.get()
    client.post(
        reverse("steering:reconstruction", args=[reconstruction.pk]),
        {
            "version": reconstruction.version,
            "account": "Sie kam mit ihrer Nachbarin, Frau Nowak, die auch beraten wird.",
            "comments": "",
        },
    )
    reconstruction.refresh_from_db()
    assert "Nowak" not in reconstruction.account and "Frau [Name]" in reconstruction.account


def test_the_list_costs_the_same_queries_for_more_requests(client, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(setting.world.coordination)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("steering:reconstructions")).status_code == 200
        return len(captured)

    few = queries()
    for n in range(4):
        request_create(
            actor=get_actor(setting.world.coordination), theme=f"Thema {n}", description="x"
        )
    assert queries() == few

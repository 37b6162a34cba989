"""Further persons in a case: found through search (or the household), added with a role."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kim.cases.models import CaseMember
from kim.cases.services import case_member_add
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.people.models import PersonUnit
from kim.testing.factories import register_person


def last_event():
    return AuditEvent.objects.order_by("-id").first()


@pytest.fixture
def relatives(process):
    world = process.world
    return {
        "omar": register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Omar"),
        "elsewhere": register_person(
            world.cm_b, world.unit_b, family_name="Haddad", given_names="Yusuf"
        ),
    }


def test_the_search_shows_only_persons_the_user_may_see_and_audits_it(client, process, relatives):
    client.force_login(process.world.cm)
    html = client.get(
        reverse("cases:member_add", args=[process.case.pk]), {"q": "haddad"}
    ).content.decode()
    assert "Haddad, Omar" in html
    assert "Yusuf" not in html  # held by unit B only
    assert "Haddad, Lina" not in html  # the main person is already in the case
    event = AuditEvent.objects.filter(action="person.search").order_by("-id").first()
    assert relatives["omar"].pk in event.changes["ids"]
    assert relatives["elsewhere"].pk not in event.changes["ids"]


def test_adding_a_member_shows_them_on_the_case_page_and_audits_it(client, process, relatives):
    omar = relatives["omar"]
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:member_add", args=[process.case.pk]) + "?q=haddad",
        {"person": omar.pk, "role_in_case": "child"},
    )
    assert response.status_code == 302
    member = CaseMember.objects.get(case=process.case)
    assert (member.person, member.role_in_case, member.added_by) == (
        omar,
        "child",
        process.world.cm,
    )
    event = last_event()
    assert (event.action, event.person_id) == ("case.member_add", omar.pk)
    assert event.changes["case_person_id"] == process.person.pk

    html = client.get(reverse("cases:file", args=[process.case.pk])).content.decode()
    assert "Beteiligte Personen" in html and "Haddad, Omar" in html and "Kind" in html
    # reading the case page's tab "Akte" records which further persons were shown
    assert last_event().changes == {"members": [omar.pk], "tab": "file"}
    overview = client.get(reverse("cases:detail", args=[process.case.pk])).content.decode()
    assert "Haddad, Omar" not in overview
    assert last_event().changes == {"tab": "overview"}


def test_a_member_is_held_by_the_case_unit(process):
    world = process.world
    other = register_person(world.lead, world.unit_a, family_name="Nachbar")
    PersonUnit.objects.filter(person=other).delete()
    PersonUnit.objects.create(tenant=world.tenant, person=other, unit=world.unit_b)
    from kim.testing.factories import member

    member(world.lead, world.unit_b, "team_lead")  # the lead sees unit B's persons too
    lead = type(world.lead).objects.get(pk=world.lead.pk)
    case_member_add(actor=get_actor(lead), case=process.case, person=other, role_in_case="other")
    assert PersonUnit.objects.filter(person=other, unit=world.unit_a).exists()


def test_a_missing_role_gets_a_german_message_beside_the_chosen_person(client, process, relatives):
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:member_add", args=[process.case.pk]),
        {"person": relatives["omar"].pk, "role_in_case": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "zwingend erforderlich" in html
    assert "Haddad, Omar" in html and f'id="role-{relatives["omar"].pk}"' in html
    assert not CaseMember.objects.exists()


def test_the_main_person_and_duplicates_are_refused(process, relatives):
    actor = get_actor(process.world.cm)
    with pytest.raises(ValidationError) as error:
        case_member_add(actor=actor, case=process.case, person=process.person, role_in_case="other")
    assert "Hauptperson" in error.value.message_dict["person"][0]
    case_member_add(actor=actor, case=process.case, person=relatives["omar"], role_in_case="child")
    with pytest.raises(ValidationError) as error:
        case_member_add(
            actor=actor, case=process.case, person=relatives["omar"], role_in_case="child"
        )
    assert "bereits" in error.value.message_dict["person"][0]


def test_a_person_the_user_may_not_see_cannot_be_added(client, process, relatives):
    with pytest.raises(NotAllowed):
        case_member_add(
            actor=get_actor(process.world.cm),
            case=process.case,
            person=relatives["elsewhere"],
            role_in_case="other",
        )
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:member_add", args=[process.case.pk]),
        {"person": relatives["elsewhere"].pk, "role_in_case": "other"},
    )
    assert response.status_code == 404


def test_removing_a_member_is_audited(client, process, relatives):
    member = case_member_add(
        actor=get_actor(process.world.cm),
        case=process.case,
        person=relatives["omar"],
        role_in_case="child",
    )
    client.force_login(process.world.lead)
    response = client.post(reverse("cases:member_remove", args=[process.case.pk, member.pk]))
    assert response.status_code == 302
    assert not CaseMember.objects.exists()
    event = last_event()
    assert (event.action, event.person_id) == ("case.member_remove", relatives["omar"].pk)


def test_household_members_are_offered_first(client, process, relatives, monkeypatch):
    from kim.people import selectors

    monkeypatch.setattr(
        selectors, "household_members", lambda actor, person: [relatives["omar"]], raising=False
    )
    client.force_login(process.world.cm)
    html = client.get(reverse("cases:member_add", args=[process.case.pk])).content.decode()
    assert "Aus dem Haushalt" in html and "Haddad, Omar" in html

"""Handing a case over to another case manager or unit: request, accept, decline, withdraw."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kim.cases.models import CaseHandover
from kim.cases.services import (
    case_member_add,
    handover_accept,
    handover_decline,
    handover_request,
    handover_withdraw,
)
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.people.models import Person
from kim.testing.factories import register_person


def request(
    process, *, by=None, to_unit=None, to_user="cm_b", note="Umzug nach Süd, Termin am 3.3."
):
    world = process.world
    return handover_request(
        actor=get_actor(by or world.cm),
        case=process.case,
        to_unit=to_unit or world.unit_b,
        to_user=getattr(world, to_user) if to_user else None,
        note=note,
    )


def last_event():
    return AuditEvent.objects.order_by("-id").first()


def test_while_pending_the_case_stays_with_the_sender(client, process):
    world = process.world
    handover = request(process)
    case = process.fresh()
    assert (case.unit, case.case_manager, handover.state) == (world.unit_a, world.cm, "pending")
    assert (handover.from_unit, handover.from_user, handover.requested_by) == (
        world.unit_a,
        world.cm,
        world.cm,
    )
    event = last_event()
    assert (event.action, event.person_id) == ("handover.request", process.person.pk)
    client.force_login(world.cm_b)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    client.force_login(world.cm)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Übergabe an" in html and "angefragt am" in html
    assert "Übergabe zurückziehen" in html
    assert reverse("cases:handover_new", args=[case.pk]) not in html  # no second request


def test_the_receiver_sees_the_request_on_the_start_page_and_the_read_is_audited(client, process):
    handover = request(process)
    client.force_login(process.world.cm_b)
    html = client.get(reverse("core:start")).content.decode()
    assert "Übergaben an Sie" in html
    assert "Haddad, Lina" in html
    assert reverse("cases:handover", args=[handover.pk]) in html
    assert last_event().action == "handover.list"
    html = client.get(reverse("cases:handover", args=[handover.pk])).content.decode()
    assert "Umzug nach Süd, Termin am 3.3." in html
    assert "Fall übernehmen" in html and "Übergabe ablehnen" in html
    event = last_event()
    assert (event.action, event.person_id, event.object_id) == (
        "handover.view",
        process.person.pk,
        handover.pk,
    )


def test_others_see_no_handover_section(client, process):
    request(process)
    for user in (process.world.cm, process.world.lead, process.colleague):
        client.force_login(user)
        assert "Übergaben an Sie" not in client.get(reverse("core:start")).content.decode()


def test_accepting_moves_the_case_and_its_people_to_the_receiving_side(client, process):
    world = process.world
    child = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Omar")
    case_member_add(
        actor=get_actor(world.cm), case=process.case, person=child, role_in_case="child"
    )
    handover = request(process)
    client.force_login(world.cm_b)
    response = client.post(reverse("cases:handover_accept", args=[handover.pk]))
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[process.case.pk])

    case = process.fresh()
    handover.refresh_from_db()
    assert (case.unit, case.case_manager) == (world.unit_b, world.cm_b)
    assert (handover.state, handover.accepted_by) == ("accepted", world.cm_b)
    assert handover.accepted_at is not None
    # fresh rows: abilities cache the holding units on the instance
    assert abilities(world.cm_b, Person.objects.get(pk=process.person.pk))["view"]
    assert abilities(world.cm_b, Person.objects.get(pk=child.pk))["view"]
    event = last_event()
    assert event.action == "handover.accept"
    assert event.changes["unit"] == ["Case Management Nord", "Case Management Süd"]
    # history kept and shown to the new side; the old unit no longer sees the case
    html = client.get(reverse("cases:file", args=[case.pk])).content.decode()
    assert "Übergaben" in html and "angenommen" in html and "Umzug nach Süd" in html
    client.force_login(world.cm)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_handover_to_a_unit_is_answered_by_its_team_lead_who_names_the_case_manager(
    client, process
):
    world = process.world
    handover = request(process, to_user=None)
    client.force_login(world.cm_b)
    assert "Übergaben an Sie" not in client.get(reverse("core:start")).content.decode()
    assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 404
    client.force_login(process.lead_b)
    html = client.get(reverse("cases:handover", args=[handover.pk])).content.decode()
    assert "Fallverantwortung übernimmt" in html
    response = client.post(
        reverse("cases:handover_accept", args=[handover.pk]), {"case_manager": world.cm_b.pk}
    )
    assert response.status_code == 302
    assert process.fresh().case_manager == world.cm_b


def test_a_unit_without_team_lead_must_be_addressed_to_a_person(process):
    with pytest.raises(ValidationError) as error:
        request(process, to_unit=process.world.unit_a, to_user=None)
    assert "an eine bestimmte Person" in error.value.message_dict["to_user"][0]
    process.lead_b.memberships.all().delete()
    with pytest.raises(ValidationError) as error:
        request(process, to_user=None)
    assert "keine Teamleitung" in error.value.message_dict["to_user"][0]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"to_user": "cm_b", "to_unit": "unit_a"}, "to_user", "arbeitet nicht in der Einheit"),
        ({"to_user": "cm", "to_unit": "unit_a"}, "to_user", "bereits für den Fall verantwortlich"),
        ({"to_user": None, "to_unit": "unit_coordination"}, "to_unit", "keine Fälle übergeben"),
        ({"note": "  "}, "note", "was die übernehmende Seite wissen muss"),
    ],
)
def test_a_request_is_validated_with_german_messages(process, kwargs, field, message):
    if "to_unit" in kwargs:
        kwargs["to_unit"] = getattr(process.world, kwargs["to_unit"])
    with pytest.raises(ValidationError) as error:
        request(process, **kwargs)
    assert message in error.value.message_dict[field][0]


def test_within_the_unit_a_case_goes_to_a_colleague(process):
    handover = handover_request(
        actor=get_actor(process.world.lead),
        case=process.case,
        to_unit=process.world.unit_a,
        to_user=process.colleague,
        note="Elternzeit ab Montag",
    )
    handover_accept(actor=get_actor(process.colleague), handover=handover)
    case = process.fresh()
    assert (case.unit, case.case_manager) == (process.world.unit_a, process.colleague)


def test_only_one_handover_may_be_pending(client, process):
    request(process)
    with pytest.raises(ValidationError) as error:
        request(process, by=process.world.lead)
    assert error.value.messages == ["Für diesen Fall ist bereits eine Übergabe angefragt."]
    client.force_login(process.world.cm)
    response = client.get(reverse("cases:handover_new", args=[process.case.pk]), follow=True)
    assert "bereits eine Übergabe angefragt" in response.content.decode()


def test_the_request_page_keeps_the_input_on_error(client, process):
    client.force_login(process.world.cm)
    response = client.post(
        reverse("cases:handover_new", args=[process.case.pk]),
        {"to_unit": process.world.unit_a.pk, "to_user": "", "note": "Meine wichtige Notiz"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "Meine wichtige Notiz" in html
    assert not CaseHandover.objects.exists()


def test_declining_needs_a_reason_and_leaves_the_case_with_the_sender(client, process):
    world = process.world
    handover = request(process)
    client.force_login(world.cm_b)
    html = client.post(reverse("cases:handover_decline", args=[handover.pk]), {"reason": ""})
    assert html.status_code == 200
    assert "zwingend erforderlich" in html.content.decode()
    response = client.post(
        reverse("cases:handover_decline", args=[handover.pk]), {"reason": "Keine Kapazität"}
    )
    assert response.status_code == 302
    handover.refresh_from_db()
    assert (handover.state, handover.declined_by, handover.decline_reason) == (
        "declined",
        world.cm_b,
        "Keine Kapazität",
    )
    assert process.fresh().unit == world.unit_a
    assert last_event().action == "handover.decline"
    # the receiver's view ends with the decision; the sender sees it in the history
    assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 404
    client.force_login(world.cm)
    html = client.get(reverse("cases:file", args=[process.case.pk])).content.decode()
    assert "abgelehnt" in html and "Keine Kapazität" in html


def test_withdrawing_ends_the_request(client, process):
    handover = request(process)
    client.force_login(process.world.cm)
    response = client.post(reverse("cases:handover_withdraw", args=[handover.pk]))
    assert response.status_code == 302
    handover.refresh_from_db()
    assert (handover.state, handover.withdrawn_by) == ("withdrawn", process.world.cm)
    assert last_event().action == "handover.withdraw"
    client.force_login(process.world.cm_b)
    assert client.get(reverse("cases:handover", args=[handover.pk])).status_code == 404


def test_a_decided_handover_cannot_be_answered_again(process):
    handover = request(process)
    handover_withdraw(actor=get_actor(process.world.cm), handover=handover)
    with pytest.raises(ValidationError) as error:
        handover_accept(actor=get_actor(process.world.cm_b), handover=handover)
    assert error.value.messages == [
        "Die Übergabe ist nicht mehr offen: Sie wurde inzwischen zurückgezogen."
    ]
    with pytest.raises(ValidationError):
        handover_decline(actor=get_actor(process.world.cm_b), handover=handover, reason="x")


def test_an_addressed_case_manager_takes_the_case_over_personally(process):
    handover = request(process)
    with pytest.raises(NotAllowed):
        handover_accept(
            actor=get_actor(process.world.cm_b), handover=handover, case_manager=process.lead_b
        )
    with pytest.raises(NotAllowed):
        handover_accept(actor=get_actor(process.world.lead), handover=handover)


def test_the_receiving_lead_may_only_name_a_case_manager_of_the_unit(process):
    handover = request(process, to_user=None)
    with pytest.raises(ValidationError) as error:
        handover_accept(
            actor=get_actor(process.lead_b), handover=handover, case_manager=process.world.cm
        )
    assert "arbeitet nicht in der Einheit" in error.value.message_dict["case_manager"][0]
    handover_accept(actor=get_actor(process.lead_b), handover=handover)
    assert process.fresh().case_manager == process.lead_b


def test_after_the_handover_the_old_unit_no_longer_sees_the_people(client, process):
    world = process.world
    child = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Omar")
    case_member_add(
        actor=get_actor(world.cm), case=process.case, person=child, role_in_case="child"
    )
    handover_accept(actor=get_actor(world.cm_b), handover=request(process))
    for person in (process.person, child):
        assert not abilities(world.cm, Person.objects.get(pk=person.pk))["view"]
        assert abilities(world.cm_b, Person.objects.get(pk=person.pk))["view"]
    client.force_login(world.cm)
    assert client.get(reverse("people:detail", args=[process.person.pk])).status_code == 404
    assert last_event().changes["released_from_old_unit"] == sorted([process.person.pk, child.pk])


def test_the_old_unit_keeps_people_it_has_another_case_with(process):
    from kim.testing.factories import open_case

    world = process.world
    sibling = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Sara")
    case_member_add(
        actor=get_actor(world.cm), case=process.case, person=sibling, role_in_case="sibling"
    )
    open_case(world.cm, sibling, world.unit_a)  # her own case stays in unit A
    handover_accept(actor=get_actor(world.cm_b), handover=request(process))
    assert abilities(world.cm, Person.objects.get(pk=sibling.pk))["view"]
    assert not abilities(world.cm, Person.objects.get(pk=process.person.pk))["view"]
    assert last_event().changes["released_from_old_unit"] == [process.person.pk]


def test_open_follow_ups_go_to_the_new_case_manager(process):
    from datetime import date

    from kim.followups.models import FollowUp

    world = process.world
    open_one = FollowUp.objects.create(
        tenant=world.tenant,
        case=process.case,
        assignee=world.cm,
        due_on=date(2026, 3, 1),
        title="A",
    )
    done_one = FollowUp.objects.create(
        tenant=world.tenant,
        case=process.case,
        assignee=world.cm,
        due_on=date(2026, 2, 1),
        title="B",
        done_on=date(2026, 2, 2),
        done_by=world.cm,
    )
    handover_accept(actor=get_actor(world.cm_b), handover=request(process))
    open_one.refresh_from_db()
    done_one.refresh_from_db()
    assert (open_one.assignee, open_one.version) == (world.cm_b, 2)
    assert done_one.assignee == world.cm
    event = AuditEvent.objects.get(action="followup.pass_on")
    assert event.changes["followups"] == [open_one.pk]
    assert event.person_id == process.person.pk


def test_the_case_page_history_names_every_party_without_a_query_per_row(
    process, django_assert_num_queries
):
    from kim.cases.selectors import handover_history

    world = process.world
    first = request(process)
    handover_decline(actor=get_actor(world.cm_b), handover=first, reason="Keine Kapazität")
    request(process, note="Zweiter Versuch")
    with django_assert_num_queries(3):  # the rows, then their units and their people
        history = handover_history(process.case)
        parties = [
            (h.from_unit.name, h.to_unit.name, str(h.to_user), str(h.requested_by), h.decided_by)
            for h in history
        ]
    assert [h.note for h in history] == ["Zweiter Versuch", "Umzug nach Süd, Termin am 3.3."]
    assert parties[1][4] == world.cm_b
    assert parties[0][4] is None
    assert parties[0][:4] == (world.unit_a.name, world.unit_b.name, str(world.cm_b), str(world.cm))


def test_a_case_without_handovers_needs_one_query(process, django_assert_num_queries):
    from kim.cases.selectors import handover_history

    with django_assert_num_queries(1):
        assert handover_history(process.case) == []

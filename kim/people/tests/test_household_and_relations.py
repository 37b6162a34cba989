"""Family ties are shown from both sides; households list only what the actor may see."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.people.models import HouseholdMember, PersonRelation
from kim.people.selectors import household_members, household_of, relations_of
from kim.people.services import (
    household_add_member,
    household_create,
    household_member_leave,
    person_relation_add,
    person_relation_remove,
    person_relation_update,
)
from kim.testing.factories import register_person


def kinds(actor, person):
    return {(t.other.given_names, t.kind) for t in relations_of(actor, person)}


@pytest.mark.parametrize(
    ("kind", "inverse"),
    [
        ("child", "parent"),
        ("parent", "child"),
        ("partner", "partner"),
        ("sibling", "sibling"),
        ("other", "other"),
    ],
)
def test_a_relation_is_shown_with_its_inverse_on_the_other_person(actor, family, kind, inverse):
    lina, omar, _karim = family
    person_relation_add(actor=actor, person=lina, related=omar, kind=kind)
    assert kinds(actor, lina) == {("Omar", kind)}
    assert kinds(actor, omar) == {("Lina", inverse)}
    assert PersonRelation.objects.count() == 1  # stored once


def test_the_person_page_names_the_inverse_relation(client, world, actor, family):
    lina, omar, _karim = family
    person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    client.force_login(world.cm)
    html = client.get(reverse("people:detail", args=[omar.pk])).content.decode()
    assert "Elternteil" in html
    assert "Haddad, Lina" in html


def test_a_person_cannot_be_related_to_themselves(actor, family):
    lina, _omar, _karim = family
    with pytest.raises(ValidationError) as error:
        person_relation_add(actor=actor, person=lina, related=lina, kind="sibling")
    assert "mit sich selbst" in str(error.value)


def test_a_second_relation_between_the_same_two_persons_is_refused_in_either_direction(
    actor, family
):
    lina, omar, _karim = family
    person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    with pytest.raises(ValidationError) as error:
        person_relation_add(actor=actor, person=omar, related=lina, kind="parent")
    assert "bereits eine Beziehung" in str(error.value)


def test_both_persons_must_be_visible_to_record_a_relation(actor, family):
    lina, _omar, karim = family  # Karim is held by unit B only
    with pytest.raises(NotAllowed):
        person_relation_add(actor=actor, person=lina, related=karim, kind="partner")


def test_the_add_form_does_not_accept_a_person_the_actor_cannot_see(client, world, family):
    lina, _omar, karim = family
    client.force_login(world.cm)
    response = client.post(
        reverse("people:relation_add", args=[lina.pk]),
        {"related": karim.pk, "kind": "partner", "note": "verheiratet", "q": "Karim"},
    )
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert not PersonRelation.objects.exists()


def test_the_add_form_finds_the_person_and_saves_the_relation(client, world, family):
    lina, omar, _karim = family
    client.force_login(world.cm)
    page = client.get(reverse("people:relation_add", args=[lina.pk]), {"q": "omar"})
    assert "Haddad, Omar" in page.content.decode()
    response = client.post(
        reverse("people:relation_add", args=[lina.pk]),
        {"related": omar.pk, "kind": "child", "note": "", "q": "omar"},
    )
    assert response.status_code == 302
    relation = PersonRelation.objects.get()
    assert (relation.person, relation.related, relation.kind) == (lina, omar, "child")


def test_a_missing_choice_keeps_the_search_and_the_note(client, world, family):
    lina, omar, _karim = family
    client.force_login(world.cm)
    response = client.post(
        reverse("people:relation_add", args=[lina.pk]),
        {"related": omar.pk, "note": "Notiz, die bleibt", "q": "omar"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Notiz, die bleibt" in html
    assert "Haddad, Omar" in html
    assert "zwingend erforderlich" in html


def test_editing_from_the_other_side_stores_the_inverse(client, world, actor, family):
    lina, omar, _karim = family
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    client.force_login(world.cm)
    # From Omar's page: "Lina is for Omar … partner" (a correction of a wrong entry).
    response = client.post(
        reverse("people:relation_edit", args=[omar.pk, relation.pk]),
        {"kind": "sibling", "note": "", "version": relation.version},
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.kind == "sibling"
    response = client.post(
        reverse("people:relation_edit", args=[omar.pk, relation.pk]),
        {"kind": "parent", "note": "", "version": relation.version},
    )
    relation.refresh_from_db()
    assert relation.kind == "child"  # Lina is Omar's parent = Omar is Lina's child


def test_a_stale_relation_edit_shows_the_difference_and_keeps_the_input(
    client, world, actor, family
):
    lina, omar, _karim = family
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    url = reverse("people:relation_edit", args=[lina.pk, relation.pk])
    client.force_login(world.cm)
    first = {"kind": "child", "note": "Pflegekind", "version": relation.version}
    assert client.post(url, first).status_code == 302
    response = client.post(url, {"kind": "child", "note": "leiblich", "version": relation.version})
    html = response.content.decode()
    assert response.status_code == 200
    assert "inzwischen geändert" in html
    assert "Pflegekind" in html
    assert 'value="leiblich"' in html
    relation.refresh_from_db()
    assert relation.note == "Pflegekind"
    with pytest.raises(StaleEdit):
        person_relation_update(actor=actor, relation=relation, version=1, kind="child")


def test_removing_a_relation_is_audited_for_both_persons(actor, family):
    lina, omar, _karim = family
    relation = person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    person_relation_remove(actor=actor, relation=relation, reason="irrtümlich")
    assert not PersonRelation.objects.exists()
    events = AuditEvent.objects.filter(action="relation.remove")
    assert sorted(e.person_id for e in events) == sorted([lina.pk, omar.pk])
    assert events[0].changes["kind"] == ["child", None]
    assert events[0].changes["reason"] == "irrtümlich"


def test_a_relation_to_someone_the_actor_cannot_see_shows_no_name(world, actor, family):
    from kim.core.actor import get_actor

    lina, _omar, karim = family
    # Karim's unit B records the tie; unit A sees Lina but not Karim.
    from kim.people.services import person_grant_unit

    person_grant_unit(person=lina, unit=world.unit_b)
    person_relation_add(actor=get_actor(world.cm_b), person=karim, related=lina, kind="partner")
    ties = relations_of(actor, lina)
    assert [(t.kind, t.visible) for t in ties] == [("partner", False)]


def test_the_person_page_hides_names_of_persons_the_actor_cannot_see(client, world, actor, family):
    from kim.core.actor import get_actor
    from kim.people.services import person_grant_unit

    lina, _omar, karim = family
    person_grant_unit(person=lina, unit=world.unit_b)
    household_create(
        actor=get_actor(world.cm_b), persons=[karim, lina], valid_from=date(2024, 1, 1)
    )
    client.force_login(world.cm)
    html = client.get(reverse("people:detail", args=[lina.pk])).content.decode()
    assert "weitere Person (keine Berechtigung)" in html
    assert "Karim" not in html


# --- households --------------------------------------------------------------


def test_adding_a_member_to_a_person_without_household_founds_one(client, world, family):
    lina, omar, _karim = family
    client.force_login(world.cm)
    response = client.post(
        reverse("people:member_add", args=[lina.pk]),
        {"person": omar.pk, "valid_from": "2024-02-01", "name": "Familie Haddad", "q": "omar"},
    )
    assert response.status_code == 302
    view = household_of(get_actor_for(world.cm), lina)
    assert str(view.household) == "Familie Haddad"
    assert {m.person_id for m in view.current} == {lina.pk, omar.pk}


def get_actor_for(user):
    from kim.core.actor import get_actor

    return get_actor(user)


def test_relatives_are_offered_when_adding_a_household_member(client, world, actor, family):
    lina, omar, _karim = family
    person_relation_add(actor=actor, person=lina, related=omar, kind="child")
    client.force_login(world.cm)
    html = client.get(reverse("people:member_add", args=[lina.pk])).content.decode()
    assert "Haddad, Omar" in html


def test_a_person_lives_in_one_household_at_a_time(actor, world, family):
    lina, omar, _karim = family
    other = register_person(world.cm, world.unit_a, family_name="Berisha", given_names="Arta")
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        household_create(actor=actor, persons=[other, omar], valid_from=date(2025, 1, 1))
    assert "in einem anderen Haushalt" in str(error.value)


def test_adding_someone_already_in_the_household_is_refused(actor, family):
    lina, omar, _karim = family
    household = household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        household_add_member(
            actor=actor, household=household, person=omar, valid_from=date(2024, 6, 1)
        )
    assert "bereits an" in str(error.value)


def test_moving_in_cannot_be_dated_in_the_future(actor, family):
    lina, omar, _karim = family
    with pytest.raises(ValidationError):
        household_create(
            actor=actor,
            persons=[lina, omar],
            valid_from=timezone.localdate() + timedelta(days=1),
        )


def test_household_members_lists_the_visible_others_and_counts_the_last_day(world, actor, family):
    from kim.people.services import person_grant_unit

    lina, omar, karim = family
    person_grant_unit(person=karim, unit=world.unit_a)  # now visible to unit A
    household = household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    household_add_member(
        actor=actor, household=household, person=karim, valid_from=date(2024, 1, 1)
    )
    today = timezone.localdate()
    member = HouseholdMember.objects.get(person=karim)
    household_member_leave(actor=actor, member=member, version=member.version, valid_until=today)
    assert set(household_members(actor, lina)) == {omar, karim}  # the last day still counts
    tomorrow = today + timedelta(days=1)
    assert set(household_members(actor, lina, on=tomorrow)) == {omar}
    assert set(household_members(actor, omar, on=tomorrow)) == {lina}


def test_household_members_leaves_out_persons_the_actor_cannot_see(world, family):
    from kim.core.actor import get_actor
    from kim.people.services import person_grant_unit

    lina, omar, karim = family
    person_grant_unit(person=lina, unit=world.unit_b)
    household = household_create(
        actor=get_actor(world.cm_b), persons=[karim, lina], valid_from=date(2024, 1, 1)
    )
    household_add_member(
        actor=get_actor(world.cm), household=household, person=omar, valid_from=date(2024, 1, 1)
    )
    assert set(household_members(get_actor(world.cm), lina)) == {omar}
    assert set(household_members(get_actor(world.cm_b), lina)) == {karim}
    assert list(household_members(get_actor(world.outsider), lina)) == []


def test_moving_out_is_recorded_once_and_a_stale_form_shows_the_difference(
    client, world, actor, family
):
    lina, omar, _karim = family
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    member = HouseholdMember.objects.get(person=omar)
    url = reverse("people:member_leave", args=[lina.pk, member.pk])
    client.force_login(world.cm)
    assert client.get(url).status_code == 200
    assert client.post(url, {"valid_until": "2025-08-31", "version": 1}).status_code == 302
    response = client.post(url, {"valid_until": "2025-09-30", "version": 1})
    html = response.content.decode()
    assert "inzwischen geändert" in html
    assert "31.08.2025" in html
    assert 'value="2025-09-30"' in html
    response = client.post(url, {"valid_until": "2025-09-30", "version": 2})
    assert "bereits erfasst" in response.content.decode()


def test_moving_out_before_moving_in_is_refused_in_german(client, world, actor, family):
    lina, omar, _karim = family
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2024, 1, 1))
    member = HouseholdMember.objects.get(person=omar)
    client.force_login(world.cm)
    response = client.post(
        reverse("people:member_leave", args=[lina.pk, member.pk]),
        {"valid_until": "2023-12-31", "version": 1},
    )
    assert "Das Ende liegt vor dem Beginn" in response.content.decode()
    member.refresh_from_db()
    assert member.valid_until is None


def test_the_household_page_lists_former_members(client, world, actor, family):
    lina, omar, _karim = family
    household_create(actor=actor, persons=[lina, omar], valid_from=date(2020, 1, 1))
    member = HouseholdMember.objects.get(person=omar)
    household_member_leave(actor=actor, member=member, version=1, valid_until=date(2024, 12, 31))
    client.force_login(world.cm)
    html = client.get(reverse("people:household", args=[lina.pk])).content.decode()
    assert "Früher in diesem Haushalt" in html
    assert "31.12.2024" in html


def test_a_household_cannot_list_the_same_person_twice(actor, family):
    lina, _omar, _karim = family
    with pytest.raises(ValidationError) as error:
        household_create(actor=actor, persons=[lina, lina], valid_from=date(2024, 1, 1))
    assert "nur einmal" in str(error.value)


def test_a_person_one_may_see_but_not_change_is_refused_with_a_message(client, world, family):
    from kim.accounts.models import Role
    from kim.core.permissions import PERSON_VIEW
    from kim.testing.factories import member

    lina, _omar, _karim = family
    reader_role = Role.objects.create(code="reader", name="Lesend", permissions=[PERSON_VIEW])
    member(world.cm, world.unit_b, reader_role.code)  # cm may only read in unit B
    newcomer = register_person(world.cm_b, world.unit_b, family_name="Nur", given_names="Lesbar")
    client.force_login(world.cm)
    response = client.post(
        reverse("people:member_add", args=[lina.pk]),
        {"person": newcomer.pk, "valid_from": "2024-06-01", "q": "Lesbar"},
    )
    assert response.status_code == 200
    assert "nicht ändern" in response.content.decode()
    assert not HouseholdMember.objects.exists()

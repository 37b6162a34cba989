"""Merging a duplicate person into the surviving record: everything moves,
conflicts are resolved on purpose, a stale review is refused, one audit event
tells what happened, and the merged record's old address leads on."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kim.cases.models import Case, CaseMember, Contact
from kim.cases.services import case_member_add, contact_record
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import AuditEvent
from kim.documents.models import Document
from kim.documents.services import document_upload
from kim.followups.models import FollowUp
from kim.followups.services import followup_create
from kim.people.models import (
    Consent,
    DuplicatePair,
    HouseholdMember,
    LegalDomainPeriod,
    NotDuplicate,
    Person,
    PersonAlias,
    PersonMerge,
    PersonNameKey,
    PersonRelation,
    PersonUnit,
    ResidenceStatus,
)
from kim.people.selectors import person_search, visible_persons
from kim.people.services import (
    consent_record,
    household_add_member,
    household_create,
    legal_domain_start,
    person_grant_unit,
    person_relation_add,
    person_update,
    residence_status_record,
)
from kim.people.services.duplicates import duplicate_dismiss, duplicates_scan
from kim.people.services.merge import merge_plan, person_merge, person_references
from kim.people.tests.conftest import PDF
from kim.testing.factories import open_case, register_person


@pytest.fixture
def lead(world):
    return get_actor(world.lead)


@pytest.fixture
def survivor(world):
    return register_person(
        world.cm,
        world.unit_a,
        family_name="Al-Hassan",
        given_names="Mohammed",
        birth_date=date(1987, 12, 3),
        nationalities=["SY"],
        languages=["ar"],
        phone="0201 123",
    )


@pytest.fixture
def merged(world):
    return register_person(
        world.cm,
        world.unit_a,
        family_name="Alhasan",
        given_names="Muhammad",
        birth_date=date(1987, 3, 12),
        nationalities=["SY", "TR"],
        languages=["de"],
        street="Hauptstraße 1",
        aliases=[{"kind": "document", "family_name": "Alhassan", "given_names": "Mohamed"}],
    )


@pytest.fixture
def full_record(world, merged):
    """The merged record with something of every kind pointing at it."""
    cm = get_actor(world.cm)
    case = open_case(world.cm, merged, world.unit_a)
    contact_record(actor=cm, case=case, date=date(2026, 1, 5), duration_minutes=30)
    contact_record(actor=cm, case=case, date=date(2026, 2, 5), duration_minutes=45)
    followup_create(actor=cm, case=case, due_on=date(2026, 3, 1), title="Nachfragen")
    wife = register_person(world.cm, world.unit_a, family_name="Alhasan", given_names="Rana")
    wife_case = open_case(world.cm, wife, world.unit_a)
    case_member_add(actor=cm, case=wife_case, person=merged, role_in_case="partner")
    person_relation_add(actor=cm, person=wife, related=merged, kind="partner")
    household_create(actor=cm, persons=[wife, merged], valid_from=date(2024, 1, 1))
    legal_domain_start(actor=cm, person=merged, domain="asylblg", valid_from=date(2023, 1, 1))
    residence_status_record(actor=cm, person=merged, kind="gestattung", valid_from=date(2023, 1, 1))
    consent_record(
        actor=cm,
        person=merged,
        data_categories=["base"],
        recipient_kinds=["jobcenter"],
        purpose="Antrag",
        purpose_category="benefits",
        given_on=date(2026, 1, 10),
        form="written",
    )
    document_upload(
        actor=cm,
        kind="decision",
        description="Bescheid Jobcenter",
        upload=SimpleUploadedFile("bescheid.pdf", PDF, content_type="application/pdf"),
        person=merged,
    )
    person_grant_unit(person=merged, unit=world.unit_b)
    return {"case": case, "wife": wife, "wife_case": wife_case}


def merge(lead, survivor, merged, take=frozenset(), reason="doppelt registriert"):
    plan = merge_plan(survivor, merged)
    return person_merge(
        actor=lead,
        survivor=survivor,
        merged=merged,
        reason=reason,
        expected=plan.digest,
        take_from_merged=set(take),
    )


def pointing_at(person) -> dict[str, int]:
    """Rows of any model that still point at the person (merge history aside)."""
    left = {}
    for ref in person_references():
        if ref.model is PersonMerge:
            continue
        count = ref.model._base_manager.filter(**{ref.attname: person.pk}).count()
        if count:
            left[f"{ref.model._meta.label}.{ref.name}"] = count
    return left


def test_person_references_cover_related_objects_and_hidden_keys():
    found = {(f.model, f.name) for f in person_references()}
    declared = {(rel.related_model, rel.field.name) for rel in Person._meta.related_objects}
    assert declared <= found
    # Keys declared with related_name="+" are not in related_objects, but must move too.
    assert {(PersonUnit, "person"), (LegalDomainPeriod, "person"), (CaseMember, "person")} <= found


def test_merge_moves_everything_to_the_survivor(world, lead, survivor, merged, full_record):
    before = pointing_at(merged)
    assert before  # the fixture really did hang things on it
    record = merge(lead, survivor, merged)

    assert pointing_at(merged) == {}
    case = full_record["case"]
    case.refresh_from_db()
    assert case.person == survivor
    assert Contact.objects.filter(case__person=survivor).count() == 2
    assert FollowUp.objects.filter(case__person=survivor).count() == 1
    assert CaseMember.objects.get(case=full_record["wife_case"]).person == survivor
    assert PersonRelation.objects.get(person=full_record["wife"]).related == survivor
    assert HouseholdMember.objects.filter(person=survivor).count() == 1
    assert LegalDomainPeriod.objects.filter(person=survivor).count() == 1
    assert ResidenceStatus.objects.filter(person=survivor).count() == 1
    assert Consent.objects.filter(person=survivor).count() == 1
    assert Document.objects.get().person == survivor
    assert set(PersonUnit.objects.filter(person=survivor).values_list("unit_id", flat=True)) == {
        world.unit_a.pk,
        world.unit_b.pk,
    }
    assert record.moved["moved"]["cases.case.person"] == 1
    assert record.moved["combined"] == {"people.personunit": 1}


def test_the_merged_record_stays_but_nobody_finds_it(world, lead, survivor, merged):
    merge(lead, survivor, merged)
    merged.refresh_from_db()
    assert Person.objects.filter(pk=merged.pk).exists()
    assert PersonMerge.objects.get(merged=merged).survivor == survivor
    assert not PersonNameKey.objects.filter(person=merged).exists()
    for username in ("cm", "lead", "cm_b", "authority"):
        assert not visible_persons(get_actor(getattr(world, username))).filter(pk=merged.pk)
    hits = person_search(get_actor(world.cm), "Muhammad Alhasan")
    assert [h.person.pk for h in hits] == [survivor.pk]


def test_names_and_lists_the_survivor_does_not_keep_become_aliases_and_unions(
    lead, survivor, merged
):
    merge(lead, survivor, merged)
    survivor.refresh_from_db()
    aliases = {(a.family_name, a.given_names) for a in PersonAlias.objects.filter(person=survivor)}
    assert ("Alhasan", "Muhammad") in aliases
    assert ("Alhassan", "Mohamed") in aliases  # the merged record's own alias came along
    assert [c.code for c in survivor.nationalities] == ["SY", "TR"]
    assert survivor.languages == ["ar", "de"]
    assert (survivor.family_name, survivor.birth_date) == ("Al-Hassan", date(1987, 12, 3))
    assert survivor.street == ""  # kept the survivor's (empty) address: not chosen


def test_the_lead_chooses_per_field_which_value_survives(lead, survivor, merged):
    merge(lead, survivor, merged, take={"family_name", "birth_date", "address"})
    survivor.refresh_from_db()
    assert (survivor.family_name, survivor.given_names) == ("Alhasan", "Mohammed")
    assert survivor.birth_date == date(1987, 3, 12)
    assert survivor.street == "Hauptstraße 1"
    assert survivor.phone == "0201 123"
    aliases = {(a.family_name, a.given_names) for a in PersonAlias.objects.filter(person=survivor)}
    assert ("Al-Hassan", "Mohammed") in aliases and ("Alhasan", "Muhammad") in aliases


def test_one_audit_event_per_merge_with_counts_and_both_ids(
    lead, world, survivor, merged, full_record
):
    merge(lead, survivor, merged, take={"address"})
    event = AuditEvent.objects.get(action="person.merge")
    assert (event.person_id, event.object_id, event.actor) == (survivor.pk, survivor.pk, world.lead)
    assert event.changes["survivor_id"] == survivor.pk
    assert event.changes["merged_id"] == merged.pk
    assert event.changes["moved"]["cases.case.person"] == 1
    assert event.changes["moved"]["people.consent.person"] == 1
    assert event.changes["taken_from_merged"] == ["address"]
    assert event.changes["fields"]["street"] == ["", "Hauptstraße 1"]
    assert event.reason == "doppelt registriert"


def test_two_stays_in_one_household_become_one(lead, world, survivor, merged):
    cm = get_actor(world.cm)
    household_create(actor=cm, persons=[survivor], valid_from=date(2024, 5, 1))
    household = HouseholdMember.objects.get(person=survivor).household
    household_add_member(actor=cm, household=household, person=merged, valid_from=date(2024, 6, 1))
    # The same person twice in one household: an impossible state the data shows.
    HouseholdMember.objects.filter(person=merged).update(valid_from=date(2024, 2, 1))
    plan = merge_plan(survivor, merged)
    households = next(m for m in plan.moves if m.key == "people.householdmember")
    assert (households.moved, households.combined) == (0, 1)
    merge(lead, survivor, merged)
    stay = HouseholdMember.objects.get(person=survivor)
    assert (stay.household, stay.valid_from, stay.valid_until) == (
        household,
        date(2024, 2, 1),
        None,
    )


def test_overlapping_stays_in_different_households_block_the_merge(lead, world, survivor, merged):
    cm = get_actor(world.cm)
    household_create(actor=cm, persons=[survivor], valid_from=date(2024, 5, 1), name="Nord")
    household_create(actor=cm, persons=[merged], valid_from=date(2025, 1, 1), name="Süd")
    plan = merge_plan(survivor, merged)
    assert plan.blockers and "verschiedenen Haushalten" in plan.blockers[0]
    with pytest.raises(ValidationError):
        merge(lead, survivor, merged)
    assert not PersonMerge.objects.exists()
    assert HouseholdMember.objects.filter(person=merged).count() == 1


def test_a_relation_between_the_two_disappears_and_a_shared_tie_is_kept_once(
    lead, world, survivor, merged
):
    cm = get_actor(world.cm)
    child = register_person(world.cm, world.unit_a, family_name="Alhasan", given_names="Omar")
    person_relation_add(actor=cm, person=survivor, related=merged, kind="sibling")
    person_relation_add(actor=cm, person=survivor, related=child, kind="child")
    person_relation_add(actor=cm, person=child, related=merged, kind="parent")
    plan = merge_plan(survivor, merged)
    relations = next(m for m in plan.moves if m.key == "people.personrelation")
    assert (relations.moved, relations.combined) == (0, 2)
    merge(lead, survivor, merged)
    assert list(PersonRelation.objects.values_list("person_id", "related_id", "kind")) == [
        (survivor.pk, child.pk, "child")
    ]


def test_a_person_twice_among_a_cases_members_is_kept_once(lead, world, survivor, merged):
    cm = get_actor(world.cm)
    lead_person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, lead_person, world.unit_a)
    case_member_add(actor=cm, case=case, person=survivor, role_in_case="partner")
    case_member_add(actor=cm, case=case, person=merged, role_in_case="partner")
    merge(lead, survivor, merged)
    assert list(CaseMember.objects.filter(case=case).values_list("person_id", flat=True)) == [
        survivor.pk
    ]


def test_a_review_gone_stale_is_refused(lead, world, survivor, merged):
    plan = merge_plan(survivor, merged)
    person_update(
        actor=get_actor(world.cm), person=merged, version=merged.version, phone="0170 999"
    )
    with pytest.raises(StaleEdit):
        person_merge(
            actor=lead, survivor=survivor, merged=merged, reason="doppelt", expected=plan.digest
        )
    assert not PersonMerge.objects.exists()


def test_a_new_row_on_the_merged_record_makes_the_review_stale(lead, world, survivor, merged):
    plan = merge_plan(survivor, merged)
    open_case(world.cm, merged, world.unit_a)
    with pytest.raises(StaleEdit):
        person_merge(
            actor=lead, survivor=survivor, merged=merged, reason="doppelt", expected=plan.digest
        )
    assert Case.objects.get().person == merged


def test_a_merge_needs_a_reason_and_the_right(world, lead, survivor, merged):
    plan = merge_plan(survivor, merged)
    with pytest.raises(ValidationError):
        person_merge(actor=lead, survivor=survivor, merged=merged, reason=" ", expected=plan.digest)
    for username in ("cm", "cm_b", "outsider", "admin"):
        with pytest.raises(NotAllowed):
            person_merge(
                actor=get_actor(getattr(world, username)),
                survivor=survivor,
                merged=merged,
                reason="doppelt",
                expected=plan.digest,
            )
    with pytest.raises(NotAllowed):
        person_merge(actor=lead, survivor=survivor, merged=survivor, reason="x", expected="")
    assert not PersonMerge.objects.exists()


def test_a_merged_record_cannot_be_merged_again(lead, world, survivor, merged):
    merge(lead, survivor, merged)
    other = register_person(world.cm, world.unit_a, family_name="Al Hassan", given_names="M.")
    with pytest.raises(NotAllowed):
        merge(lead, other, merged)


def test_pairs_and_decisions_follow_the_survivor(lead, world, survivor, merged):
    third = register_person(
        world.cm,
        world.unit_a,
        family_name="Al Hasan",
        given_names="Mohamad",
        birth_date=date(1987, 12, 3),
    )
    brother = register_person(
        world.cm, world.unit_a, family_name="Alhasan", given_names="Muhamad", birth_date=None
    )
    duplicate_dismiss(actor=lead, first=merged, second=brother)
    duplicates_scan(tenant_id=world.tenant.pk)
    assert DuplicatePair.objects.involving(merged.pk).exists()
    merge(lead, survivor, merged)
    assert not DuplicatePair.objects.involving(merged.pk).exists()
    assert DuplicatePair.objects.of(survivor.pk, third.pk).exists()
    decision = NotDuplicate.objects.get(withdrawn_at__isnull=True)
    assert {decision.first_id, decision.second_id} == {survivor.pk, brother.pk}


# --- the pages ---------------------------------------------------------------------


def review_url(survivor, merged):
    return reverse("people:merge_review", args=[survivor.pk, merged.pk])


def test_review_page_shows_both_records_and_what_moves(
    client, world, survivor, merged, full_record
):
    client.force_login(world.lead)
    html = client.get(review_url(survivor, merged)).content.decode()
    for text in (
        "Al-Hassan",
        "Alhasan",
        "03.12.1987",
        "12.03.1987",
        "Fälle",
        "Beratungskontakte",
        "Wiedervorlagen",
        "Einwilligungen",
        "Haushaltsmitglieder",
        "Beziehungen",
        "Rechtskreis-Zeiträume",
        "Aufenthaltsstatus",
        "Beteiligte Personen",
        "Dokumente",
        "Einheiten, die die Person führen",
        "Tag und Monat vertauscht",
    ):
        assert text in html, text
    views = AuditEvent.objects.filter(action="person.view", changes__form="merge_review")
    assert sorted(views.values_list("person_id", flat=True)) == sorted([survivor.pk, merged.pk])


def _form_data(client, url, **extra):
    html = client.get(url).content.decode()
    digest = html.split('name="plan" value="')[1].split('"')[0]
    data = {"plan": digest, "reason": "doppelt registriert"}
    for chunk in html.split('name="take_')[1:]:
        data["take_" + chunk.split('"')[0]] = "survivor"
    data.update(extra)
    return data


def test_merging_through_the_page_redirects_to_the_survivor(client, world, survivor, merged):
    client.force_login(world.lead)
    url = review_url(survivor, merged)
    response = client.post(
        url, _form_data(client, url, take_birth_date="merged", take_address="merged")
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[survivor.pk])
    survivor.refresh_from_db()
    assert survivor.birth_date == date(1987, 3, 12)


def test_the_merged_records_old_address_leads_to_the_survivor(
    client, world, lead, survivor, merged
):
    merge(lead, survivor, merged)
    client.force_login(world.cm)
    response = client.get(reverse("people:detail", args=[merged.pk]), follow=True)
    assert response.redirect_chain == [(reverse("people:detail", args=[survivor.pk]), 302)]
    assert (
        "wurde am" in response.content.decode() and "zusammengeführt" in response.content.decode()
    )
    client.force_login(world.cm_b)  # may not see the survivor: nothing to learn
    assert client.get(reverse("people:detail", args=[merged.pk])).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("people:detail", args=[merged.pk])).status_code == 404


def test_a_stale_review_is_shown_again_with_the_choices_kept(client, world, survivor, merged):
    client.force_login(world.lead)
    url = review_url(survivor, merged)
    data = _form_data(client, url, take_family_name="merged", reason="gleiche Passnummer")
    open_case(world.cm, merged, world.unit_a)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datensätze haben sich inzwischen geändert" in html
    assert "gleiche Passnummer" in html
    assert re.search(r'value="merged" id="id_take_family_name_1"[^>]* checked', html)
    assert not PersonMerge.objects.exists()
    response = client.post(url, _form_data(client, url))
    assert response.status_code == 302
    assert PersonMerge.objects.get().survivor == survivor


@pytest.mark.parametrize(
    "bad",
    [
        {"reason": ""},
        {"take_family_name": "beide"},
        {"take_family_name": ""},
        {"plan": "x" * 500},
    ],
)
def test_bad_input_gives_a_german_message_not_an_error(client, world, survivor, merged, bad):
    client.force_login(world.lead)
    url = review_url(survivor, merged)
    response = client.post(url, _form_data(client, url, **bad))
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_unknown_or_identical_ids_give_404(client, world, survivor):
    client.force_login(world.lead)
    for args in ([survivor.pk, survivor.pk], [survivor.pk, 999999], [999999, survivor.pk]):
        assert client.get(reverse("people:merge_review", args=args)).status_code == 404
        assert client.post(reverse("people:duplicate_dismiss", args=args)).status_code == 404
    assert client.post(reverse("people:duplicate_restore", args=[999999])).status_code == 404


def test_a_blocked_merge_shows_why_and_offers_no_button(client, world, survivor, merged):
    cm = get_actor(world.cm)
    household_create(actor=cm, persons=[survivor], valid_from=date(2024, 5, 1), name="Nord")
    household_create(actor=cm, persons=[merged], valid_from=date(2025, 1, 1), name="Süd")
    client.force_login(world.lead)
    html = client.get(review_url(survivor, merged)).content.decode()
    assert "Zusammenführen ist so nicht möglich" in html
    assert ">Zusammenführen</span></button>" not in html

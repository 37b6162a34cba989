"""The disclosure log's service: complete rows, append-only, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record, disclosure_end, record_disclosure
from kim.testing.factories import register_person


@pytest.fixture
def person(world):
    return register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")


@pytest.fixture
def consent(world, person):
    return consent_record(
        actor=get_actor(world.cm),
        person=person,
        data_categories=["base", "residence"],
        purpose="Aufenthaltssicherung",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=date(2026, 1, 5),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[world.unit_authority.organisation],
    )


def test_it_records_a_disclosure_with_consent_and_audits_it(world, person, consent):
    actor = get_actor(world.cm)
    row = record_disclosure(
        actor=actor,
        person=person,
        kind=Disclosure.Kind.CASE_SHARE,
        purpose="Bleiberecht prüfen",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        data_categories=["base", "residence", "base"],
        recipient_unit=world.unit_authority,
        consent=consent,
        source=consent,
        ends_on=date(2026, 12, 31),
    )
    row.refresh_from_db()
    assert row.recipient_organisation == world.unit_authority.organisation
    assert row.data_categories == ["base", "residence"]
    assert row.disclosed_by == world.cm
    assert row.unit_id == world.unit_a.pk
    assert row.source_type == "people.consent"
    assert row.source_id == consent.pk
    event = AuditEvent.objects.get(action="disclosure.record")
    assert event.person_id == person.pk
    assert event.object_id == row.pk
    assert event.changes["consent"] == consent.pk


def test_it_needs_a_consent_or_a_legal_mandate(world, person):
    with pytest.raises(ValidationError) as error:
        record_disclosure(
            actor=get_actor(world.cm),
            person=person,
            kind=Disclosure.Kind.OTHER,
            purpose="Abstimmung",
            data_categories=["base"],
            recipient_label="Beratungsstelle ohne Zugang",
        )
    assert "legal_mandate" in error.value.message_dict
    row = record_disclosure(
        actor=get_actor(world.cm),
        person=person,
        kind=Disclosure.Kind.OTHER,
        purpose="Abstimmung",
        data_categories=["base"],
        recipient_label="Beratungsstelle ohne Zugang",
        legal_mandate="§ 71 SGB X",
    )
    assert row.consent is None


def test_it_needs_a_recipient_data_and_purpose(world, person):
    with pytest.raises(ValidationError) as error:
        record_disclosure(
            actor=get_actor(world.cm),
            person=person,
            kind="gossip",
            purpose=" ",
            data_categories=[],
            legal_mandate="§ 71 SGB X",
        )
    assert set(error.value.message_dict) == {
        "kind",
        "purpose",
        "data_categories",
        "recipient_label",
    }


def test_it_refuses_another_persons_consent(world, person, consent):
    other = register_person(world.cm, world.unit_a, family_name="Other")
    with pytest.raises(ValidationError) as error:
        record_disclosure(
            actor=get_actor(world.cm),
            person=other,
            kind=Disclosure.Kind.OTHER,
            purpose="x",
            data_categories=["base"],
            recipient_label="y",
            consent=consent,
        )
    assert "consent" in error.value.message_dict


def test_it_refuses_another_tenants_person_and_units(world, person):
    with pytest.raises(NotAllowed):
        record_disclosure(
            actor=get_actor(world.outsider),
            person=person,
            kind=Disclosure.Kind.OTHER,
            purpose="x",
            data_categories=["base"],
            recipient_label="y",
            legal_mandate="z",
        )
    with pytest.raises(ValidationError):
        record_disclosure(
            actor=get_actor(world.cm),
            person=person,
            kind=Disclosure.Kind.OTHER,
            purpose="x",
            data_categories=["base"],
            recipient_unit=world.unit_other,
            legal_mandate="z",
        )


def test_rows_are_append_only_except_for_an_early_end(world, person, consent):
    row = record_disclosure(
        actor=get_actor(world.cm),
        person=person,
        kind=Disclosure.Kind.CASE_SHARE,
        purpose="x",
        data_categories=["base"],
        recipient_unit=world.unit_authority,
        consent=consent,
        source=consent,
        ends_on=date(2026, 12, 31),
    )
    row.purpose = "changed"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert disclosure_end(actor=get_actor(world.cm), source=consent, reason="erledigt") == 1
    assert disclosure_end(actor=get_actor(world.cm), source=consent, reason="noch mal") == 0
    row.refresh_from_db()
    assert row.purpose == "x"
    assert row.ended_on == timezone.localdate()
    assert row.ended_reason == "erledigt"
    assert row.effective_end() == timezone.localdate()
    assert AuditEvent.objects.filter(action="disclosure.end", person_id=person.pk).count() == 1


def test_the_end_of_an_ongoing_disclosure_follows_a_withdrawn_consent(world, person, consent):
    row = record_disclosure(
        actor=get_actor(world.cm),
        person=person,
        kind=Disclosure.Kind.CASE_SHARE,
        purpose="x",
        data_categories=["base"],
        recipient_unit=world.unit_authority,
        consent=consent,
        ends_on=timezone.localdate() + timedelta(days=90),
    )
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=timezone.localdate())
    row = Disclosure.objects.select_related("consent").get(pk=row.pk)
    assert row.effective_end() == timezone.localdate() - timedelta(days=1)

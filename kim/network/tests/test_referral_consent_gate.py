"""Sending a referral: without a matching consent (or a stated mandate) it cannot be
sent; a referral without personal data needs neither; sending writes the
disclosure log."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent, Organisation
from kim.network.models import ReferralStatusChange
from kim.network.referral_basis import consent_problems
from kim.network.referral_states import Status
from kim.network.services.referrals import referral_send
from kim.network.tests.referral_helpers import BASE, HEALTH, RESIDENCE, build_setting
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_withdraw


@pytest.fixture
def s(world):
    return build_setting(world)


def send(s, referral):
    return referral_send(actor=s.actor(), referral=referral, version=referral.version)


def refused(s, referral) -> str:
    with pytest.raises(ValidationError) as error:
        send(s, referral)
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT
    assert not Disclosure.objects.filter(source_id=referral.pk).exists()
    return " ".join(error.value.message_dict["consent"])


def test_it_sends_with_a_consent_that_covers_recipient_data_and_purpose(s):
    consent = s.consent(categories=[BASE, RESIDENCE])
    referral = s.draft(categories=[BASE, RESIDENCE], consent=consent)
    sent = send(s, referral)
    assert sent.status == Status.SENT
    assert sent.sent_at is not None and sent.sent_by == s.world.cm
    assert list(sent.status_history.values_list("status", flat=True)) == ["draft", "sent"]


def test_sending_writes_one_disclosure_row_with_recipient_data_and_consent(s):
    consent = s.consent(categories=[BASE, RESIDENCE])
    referral = send(s, s.draft(categories=[BASE, RESIDENCE], consent=consent))
    row = Disclosure.objects.get(source_type="network.referral", source_id=referral.pk)
    assert row.kind == Disclosure.Kind.REFERRAL
    assert row.person_id == s.person.pk
    assert row.recipient_organisation == s.school
    assert row.data_categories == [BASE, RESIDENCE]
    assert row.consent == consent and row.legal_mandate == ""
    assert row.case_number == s.case.number
    assert row.purpose == referral.purpose
    assert AuditEvent.objects.filter(action="referral.send", object_id=referral.pk).exists()


def test_without_any_consent_it_cannot_be_sent(s):
    why = refused(s, s.draft(categories=[BASE]))
    assert "Ohne passende Einwilligung" in why


def test_an_expired_consent_does_not_cover_it(s):
    today = timezone.localdate()
    consent = s.consent(given_on=today - timedelta(days=60), valid_until=today - timedelta(days=1))
    why = refused(s, s.draft(consent=consent))
    assert "abgelaufen am" in why


def test_a_withdrawn_consent_does_not_cover_it(s):
    consent = s.consent()
    referral = s.draft(consent=consent)
    consent_withdraw(actor=s.actor(), consent=consent, note="Person möchte das nicht mehr")
    assert "widerrufen am" in refused(s, referral)


def test_a_consent_for_another_recipient_does_not_cover_it(s):
    consent = s.consent(organisations=[s.other_org])
    assert "nicht als Empfänger" in refused(s, s.draft(consent=consent))


def test_a_consent_naming_the_recipients_kind_of_office_covers_it(s):
    consent = s.consent(organisations=[], kinds=[Organisation.Kind.OTHER])
    assert send(s, s.draft(consent=consent)).status == Status.SENT


def test_a_consent_for_another_purpose_does_not_cover_it(s):
    consent = s.consent(purpose_category=Consent.PurposeCategory.BENEFITS)
    assert "gilt für den Zweck" in refused(s, s.draft(consent=consent))


def test_a_consent_without_one_of_the_shared_data_categories_does_not_cover_it(s):
    consent = s.consent(categories=[BASE])
    why = refused(s, s.draft(categories=[BASE, HEALTH], consent=consent))
    assert "umfasst diese Daten nicht: Gesundheit" in why


def test_a_stated_legal_mandate_stands_instead_of_a_consent_and_is_logged(s):
    mandate = "§ 35a SGB VIII: Eingliederungshilfe, Aufgabe des Jugendamts"
    referral = send(s, s.draft(categories=[BASE, HEALTH], mandate=mandate))
    assert referral.status == Status.SENT
    row = Disclosure.objects.get(source_id=referral.pk, source_type="network.referral")
    assert row.consent is None and row.legal_mandate == mandate


def test_a_referral_without_personal_data_is_sent_without_consent_and_logs_no_disclosure(s):
    referral = send(s, s.draft(categories=[]))
    assert referral.status == Status.SENT
    assert not Disclosure.objects.filter(source_id=referral.pk).exists()
    assert AuditEvent.objects.filter(action="referral.send", object_id=referral.pk).exists()


def test_sharing_data_without_base_data_is_refused_when_drafting(s):
    with pytest.raises(ValidationError) as error:
        s.draft(categories=[HEALTH])
    assert "Stammdaten" in " ".join(error.value.message_dict["data_categories"])


def test_documents_are_never_shared_with_a_referral(s):
    with pytest.raises(ValidationError) as error:
        s.draft(categories=[BASE, Consent.DataCategory.DOCUMENTS])
    assert "data_categories" in error.value.message_dict


def test_a_consent_of_another_person_is_refused(s):
    from kim.testing.factories import register_person

    other = register_person(s.world.cm, s.world.unit_a, family_name="Nowak", given_names="Jan")
    consent = s.consent()
    Consent.objects.filter(pk=consent.pk).update(person=other)
    consent.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        s.draft(consent=consent)
    assert "consent" in error.value.message_dict


def test_the_consent_is_checked_on_the_sending_day_not_when_drafting(s):
    today = timezone.localdate()
    consent = s.consent(given_on=today - timedelta(days=10), valid_until=today)
    referral = s.draft(consent=consent)
    Consent.objects.filter(pk=consent.pk).update(valid_until=today - timedelta(days=1))
    assert "abgelaufen" in refused(s, referral)


def test_consent_problems_name_every_gap_at_once(s):
    today = timezone.localdate()
    consent = s.consent(
        organisations=[s.other_org],
        purpose_category=Consent.PurposeCategory.OTHER,
        given_on=today - timedelta(days=60),
        valid_until=today - timedelta(days=2),
    )
    consent = Consent.objects.prefetch_related("recipient_organisations").get(pk=consent.pk)
    problems = consent_problems(
        consent,
        person_id=s.person.pk,
        organisation=s.school,
        data_categories=[BASE, HEALTH],
        purpose_category=Consent.PurposeCategory.REFERRAL,
        on=today,
    )
    assert len(problems) == 4
    assert problems[0].startswith("abgelaufen am")


def test_a_sent_referral_is_not_sent_again(s):
    referral = s.sent()
    with pytest.raises(NotAllowed):
        referral_send(actor=s.actor(), referral=referral, version=referral.version)
    assert ReferralStatusChange.objects.filter(referral=referral, status="sent").count() == 1


def test_another_units_case_manager_cannot_send(s):
    referral = s.draft(consent=s.consent())
    with pytest.raises(NotAllowed):
        referral_send(actor=s.actor("cm_b"), referral=referral, version=referral.version)


def test_the_gate_agrees_with_the_people_apps_consent_covers(s):
    """Each consent alone: covered by the gate exactly when `consent_covers` finds it."""
    from kim.people.selectors.consent import consent_covers

    today = timezone.localdate()
    variants = [
        {},
        {"organisations": [s.other_org]},
        {"organisations": [], "kinds": [Organisation.Kind.OTHER]},
        {"purpose_category": Consent.PurposeCategory.OTHER},
        {"categories": [BASE, RESIDENCE]},
        {"given_on": today - timedelta(days=40), "valid_until": today - timedelta(days=1)},
        {"withdrawn": True},
    ]
    for variant in variants:
        Consent.objects.filter(person=s.person).delete()
        withdrawn = variant.pop("withdrawn", False)
        consent = s.consent(**variant)
        if withdrawn:
            consent_withdraw(actor=s.actor(), consent=consent, note="widerrufen")
        consent = Consent.objects.prefetch_related("recipient_organisations").get(pk=consent.pk)
        for categories in ([BASE], [BASE, RESIDENCE], [BASE, HEALTH]):
            gate = not consent_problems(
                consent,
                person_id=s.person.pk,
                organisation=s.school,
                data_categories=categories,
                purpose_category=Consent.PurposeCategory.REFERRAL,
                on=today,
            )
            found = consent_covers(
                person=s.person,
                data_categories=categories,
                recipient_organisation=s.school,
                purpose_category=Consent.PurposeCategory.REFERRAL,
                on=today,
            )
            assert gate == (found is not None), (variant, categories)

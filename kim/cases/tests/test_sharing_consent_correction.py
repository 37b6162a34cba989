"""Correcting a consent ends the shares it no longer covers, at once and logged; shares
it still covers, and shares on a legal mandate, stay."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.cases.tests.test_sharing import Sharing, receiver_sees
from kim.core.models import AuditEvent, Organisation
from kim.people.models import Consent, Disclosure
from kim.testing.factories import correct_consent, open_case, register_person


@pytest.fixture
def sharing(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    case = open_case(world.cm, person, world.unit_a, case_manager=world.cm)
    return Sharing(world=world, person=person, case=case)


REASON = "Die Einwilligung wurde geändert und deckt diese Freigabe nicht mehr."


def correct(sharing, consent, user=None, **changes):
    return correct_consent(user or sharing.world.cm, consent, **changes)


@pytest.mark.parametrize(
    "change",
    [
        {"data_categories": ["base", "benefits"]},  # residence no longer named
        "jobcenter instead",  # the Ausländerbehörde no longer named
        {"purpose_category": Consent.PurposeCategory.BENEFITS},
        {"valid_until": timezone.localdate() - timedelta(days=1)},  # ran out yesterday
    ],
    ids=["data", "recipient", "purpose", "date"],
)
def test_a_correction_that_no_longer_covers_the_share_ends_it_at_once(sharing, client, change):
    consent = sharing.consent()
    share = sharing.share()
    client.force_login(sharing.world.authority)
    url = reverse("cases:detail", args=[sharing.case.pk])
    assert client.get(url).status_code == 200

    if change == "jobcenter instead":
        jobcenter = Organisation.objects.create(
            tenant=sharing.world.tenant, name="Jobcenter", kind="jobcenter"
        )
        change = {"recipient_organisations": [jobcenter]}
    correct(sharing, consent, **change)

    share.refresh_from_db()
    assert (share.state(), share.end_reason, share.ended_by) == ("ended", REASON, sharing.world.cm)
    assert not receiver_sees(sharing)
    assert client.get(url).status_code == 404
    event = AuditEvent.objects.get(action="case.share_end")
    assert (event.changes["share"], event.reason) == (share.pk, REASON)
    row = Disclosure.objects.get(source_type="cases.caseshare", source_id=share.pk)
    assert (row.ended_on, row.ended_reason) == (timezone.localdate(), REASON)


def test_a_correction_that_still_covers_the_share_keeps_it(sharing):
    consent = sharing.consent()
    share = sharing.share()
    other = Organisation.objects.create(
        tenant=sharing.world.tenant, name="Jobcenter", kind="jobcenter"
    )
    correct(
        sharing,
        consent,
        purpose="Sicherung des Aufenthalts und Arbeitsaufnahme",
        recipient_organisations=[sharing.world.unit_authority.organisation, other],
        valid_until=timezone.localdate() + timedelta(days=365),
    )
    share.refresh_from_db()
    assert share.state() == "active"
    assert receiver_sees(sharing)
    assert not AuditEvent.objects.filter(action="case.share_end").exists()


def test_a_share_on_a_legal_mandate_does_not_depend_on_a_consent(sharing):
    consent = sharing.consent(purpose_category=Consent.PurposeCategory.BENEFITS)
    share = sharing.share(legal_mandate="§ 87 Abs. 1 AufenthG")
    assert share.consent is None
    correct(sharing, consent, data_categories=["base"])
    share.refresh_from_db()
    assert share.state() == "active"


def test_the_correcting_user_need_not_be_allowed_to_end_shares_themselves(sharing):
    """A team lead corrects the consent: the share ends all the same (the consent is
    the legal basis, not the user's right to end shares)."""
    consent = sharing.consent()
    share = sharing.share()
    correct(sharing, consent, user=sharing.world.lead, data_categories=["base"])
    share.refresh_from_db()
    assert share.state() == "ended" and share.ended_by == sharing.world.lead

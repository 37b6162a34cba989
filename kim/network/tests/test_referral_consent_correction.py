"""A consent corrected after sending so that it no longer covers an open referral
(data, recipient or purpose) is treated like a withdrawn one: the partner sees no data,
the inbox no name, the case manager a warning and a follow-up, the API
`consent_valid: false`. A correction that still covers the referral changes nothing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.cases.models import Case
from kim.followups.models import FollowUp
from kim.followups.services import followups_generate
from kim.network.tests.referral_helpers import BASE, RESIDENCE, build_setting
from kim.people.models import Consent
from kim.testing.factories import correct_consent


@pytest.fixture
def s(world):
    setting = build_setting(world)
    Case.objects.filter(pk=setting.case.pk).update(case_manager=world.cm)
    return setting


def correct(s, consent, **changes):
    return correct_consent(s.world.cm, consent, **changes)


NO_LONGER_COVERS = {
    "data": lambda s: {"data_categories": [RESIDENCE]},  # base data no longer named
    "recipient": lambda s: {"recipient_organisations": [s.other_org]},
    "purpose": lambda s: {"purpose_category": Consent.PurposeCategory.BENEFITS},
}


def partner_page(s, referral) -> str:
    _, token = s.link(referral)
    return Client().get(reverse("partner:link", args=[token])).content.decode()


def consent_valid_in_api(s, referral) -> bool:
    api = Client()
    api.force_login(s.world.cm)
    url = f"/api/v1/cases/{s.case.pk}/referrals/{referral.pk}/"
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response.json()["consent_valid"]


@pytest.mark.parametrize("change", NO_LONGER_COVERS, ids=list(NO_LONGER_COVERS))
def test_a_correction_that_no_longer_covers_the_referral_hides_the_data(client, s, change):
    consent = s.consent(categories=(BASE, RESIDENCE))
    referral = s.move(s.sent(consent=consent), "accepted")
    assert "Haddad" in partner_page(s, referral)
    assert consent_valid_in_api(s, referral) is True

    correct(s, consent, **NO_LONGER_COVERS[change](s))
    referral.refresh_from_db()

    page = partner_page(s, referral)
    assert "Haddad" not in page and "0151" not in page
    assert "Die Einwilligung der Person deckt diese Weitergabe nicht mehr ab" in page

    client.force_login(s.partner)
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert referral.reference in inbox and "Haddad" not in inbox

    client.force_login(s.world.cm)
    network = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert "Die Einwilligung deckt die geteilten Daten nicht mehr ab" in network
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Die Einwilligung deckt die Vermittlung nicht mehr ab" in detail
    assert consent_valid_in_api(s, referral) is False

    followups_generate(tenant=s.world.tenant, today=timezone.localdate())
    followup = FollowUp.objects.get(tenant=s.world.tenant, source=FollowUp.Source.REFERRAL)
    assert referral.reference in followup.title
    assert "Einwilligung deckt sie nicht mehr ab" in followup.title
    assert followup.assignee == s.world.cm


def test_a_correction_that_still_covers_the_referral_changes_nothing(client, s):
    consent = s.consent(categories=(BASE,))
    referral = s.move(s.sent(consent=consent), "accepted")
    correct(
        s,
        consent,
        data_categories=[BASE, RESIDENCE],
        valid_until=timezone.localdate() + timedelta(days=365),
    )
    referral.refresh_from_db()
    assert "Haddad" in partner_page(s, referral)
    assert consent_valid_in_api(s, referral) is True
    client.force_login(s.world.cm)
    network = client.get(reverse("cases:network", args=[s.case.pk])).content.decode()
    assert "nicht mehr ab" not in network
    followups_generate(tenant=s.world.tenant, today=timezone.localdate())
    assert not FollowUp.objects.filter(source=FollowUp.Source.REFERRAL).exists()


def test_a_consent_naming_the_recipient_by_kind_still_covers_it(s):
    consent = s.consent(organisations=[], kinds=[s.school.kind])
    referral = s.sent(consent=consent)
    correct(s, consent, given_on=consent.given_on - timedelta(days=1))
    referral.refresh_from_db()
    assert referral.legal_basis_holds()
    correct(s, consent, recipient_kinds=[s.other_org.kind])
    referral.refresh_from_db()
    assert not referral.legal_basis_holds()


def test_a_referral_on_a_legal_mandate_does_not_depend_on_any_consent(s):
    referral = s.sent(mandate="§ 36 SGB II")
    assert referral.consent_id is None and referral.legal_basis_holds()


def test_the_follow_up_closes_when_the_referral_ends(s):
    consent = s.consent()
    referral = s.move(s.sent(consent=consent), "accepted")
    correct(s, consent, purpose_category=Consent.PurposeCategory.BENEFITS)
    today = timezone.localdate()
    followups_generate(tenant=s.world.tenant, today=today)
    followup = FollowUp.objects.get(source=FollowUp.Source.REFERRAL)
    s.move(referral, "cancelled", reason="Einwilligung geändert")
    followups_generate(tenant=s.world.tenant, today=today)
    followup.refresh_from_db()
    assert followup.done_on is not None

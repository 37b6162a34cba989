"""„Als Entwurf speichern und Einwilligung erfassen“: a referral that shares data and
has no covering consent keeps what was typed as a draft, opens the consent form filled
in with its recipient, data and purpose, and leads back to the draft, where the new
consent is offered. Only the case's own people get there; the address fills in nothing
outside the tenant and leads nowhere outside the platform."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.models import Organisation
from kim.network.models import Referral
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import BASE, HEALTH, build_setting
from kim.people.models import Consent
from kim.testing.factories import OrganisationFactory, TenantFactory


@pytest.fixture
def s(world):
    return build_setting(world)


def new_url(s):
    return reverse("referrals:new", args=[s.case.pk, s.service.pk]) + f"?massnahme={s.action.pk}"


def form_data(**overrides):
    data = {
        "purpose": "Deutschkurs B1 am Vormittag",
        "purpose_category": "referral",
        "data_categories": [BASE, HEALTH],
        "message": "Frau Haddad kann vormittags.",
        "consent": "",
        "legal_mandate": "",
    }
    data.update(overrides)
    return data


def consent_post(target_query, **overrides):
    data = {
        "data_categories": target_query["daten"],
        "recipient_organisations": target_query["empfaenger"],
        "purpose_category": target_query["zweck"][0],
        "purpose": target_query["beschreibung"][0],
        "given_on": timezone.localdate().strftime("%d.%m.%Y"),
        "form": Consent.Form.WRITTEN,
        "language": "",
        "valid_until": "",
        "next": target_query["next"][0],
    }
    data.update(overrides)
    return data


def test_the_button_appears_only_when_no_consent_covers_the_shared_data(client, s):
    client.force_login(s.world.cm)
    page = client.get(new_url(s)).content.decode()
    assert 'name="einwilligung"' in page
    no_data = client.post(new_url(s), form_data(data_categories=[], pruefen="1")).content.decode()
    assert 'name="einwilligung"' not in no_data
    s.consent(categories=(BASE, HEALTH))
    covered = client.get(new_url(s)).content.decode()
    assert 'name="einwilligung"' not in covered


def test_from_the_new_referral_to_the_consent_and_back_to_sending(client, s):
    client.force_login(s.world.cm)
    response = client.post(new_url(s), form_data(einwilligung="1"))

    referral = Referral.objects.get(case=s.case)
    assert referral.status == Status.DRAFT
    assert referral.purpose == "Deutschkurs B1 am Vormittag"
    assert referral.message == "Frau Haddad kann vormittags."
    assert referral.action_id == s.action.pk
    target = urlparse(response["Location"])
    assert target.path == reverse("people:consent_add", args=[s.person.pk])
    query = parse_qs(target.query)
    assert query["daten"] == [BASE, HEALTH]
    assert query["empfaenger"] == [str(s.school.pk)]
    assert query["zweck"] == ["referral"]
    assert query["next"] == [reverse("referrals:edit", args=[referral.pk])]

    form = client.get(response["Location"]).content.decode()
    assert f'value="{s.school.pk}"' in form
    assert f'name="recipient_organisations" value="{s.school.pk}"' in form.replace("\n", " ")
    assert "Deutschkurs B1 am Vormittag" in form
    assert f'name="next" value="{query["next"][0]}"' in form
    assert "Einige Angaben sind vorausgefüllt" in form

    saved = client.post(target.path, consent_post(query))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert saved["Location"] == reverse("referrals:edit", args=[referral.pk])
    consent = Consent.objects.get(person=s.person)
    assert set(consent.data_categories) == {BASE, HEALTH}
    assert list(consent.recipient_organisations.all()) == [s.school]

    edit = client.get(saved["Location"]).content.decode()
    assert f'value="{consent.pk}" id="einwilligung-{consent.pk}" checked' in edit
    assert 'name="einwilligung"' not in edit

    referral.refresh_from_db()
    sent = client.post(
        saved["Location"],
        form_data(consent=str(consent.pk), version=referral.version, senden="1"),
    )
    assert sent.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.consent_id == consent.pk


def test_the_edit_page_of_a_draft_offers_the_same_way(client, s):
    client.force_login(s.world.cm)
    draft = s.draft(categories=(BASE,))
    url = reverse("referrals:edit", args=[draft.pk])
    response = client.post(
        url, form_data(data_categories=[BASE], version=draft.version, einwilligung="1")
    )
    assert urlparse(response["Location"]).path == reverse("people:consent_add", args=[s.person.pk])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.purpose == "Deutschkurs B1 am Vormittag"


def test_a_form_with_errors_saves_nothing_and_keeps_what_was_typed(client, s):
    client.force_login(s.world.cm)
    response = client.post(new_url(s), form_data(purpose="", einwilligung="1"))
    assert response.status_code == 200
    assert not Referral.objects.filter(case=s.case).exists()
    assert "Frau Haddad kann vormittags." in response.content.decode()


def test_the_address_fills_in_nothing_foreign_and_leads_nowhere_outside(client, s, world):
    foreign = OrganisationFactory(tenant=TenantFactory(), name="Fremde Stelle")
    client.force_login(s.world.cm)
    url = reverse("people:consent_add", args=[s.person.pk])
    page = client.get(
        url,
        {
            "empfaenger": [str(foreign.pk), "x"],
            "daten": ["erfunden", BASE],
            "zweck": "erfunden",
            "next": "https://example.org/",
        },
    ).content.decode()
    assert "Fremde Stelle" not in page
    assert '<input type="hidden" name="next"' not in page
    query = {
        "daten": [BASE],
        "empfaenger": [str(s.school.pk)],
        "zweck": ["referral"],
        "beschreibung": ["Vermittlung"],
        "next": ["https://example.org/"],
    }
    saved = client.post(url, consent_post(query))
    assert saved["Location"] == reverse("people:consents", args=[s.person.pk])


@pytest.mark.parametrize("username", ["cm_b", "outsider", "coordination"])
def test_others_cannot_take_this_way(client, s, username):
    user = getattr(s.world, username)
    client.force_login(user)
    response = client.post(new_url(s), form_data(einwilligung="1"))
    assert response.status_code == 404
    assert not Referral.objects.filter(case=s.case).exists()
    assert Organisation.objects.filter(pk=s.school.pk).exists()

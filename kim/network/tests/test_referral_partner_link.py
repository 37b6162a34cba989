"""The partner link: a random token of which only the hash is kept, one referral,
time-limited and revocable; the same neutral 404 for every token that opens
nothing; only what was shared is shown, and only while the consent holds;
every access audited."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent
from kim.network.models import Referral, ReferralLink
from kim.network.referral_states import Status
from kim.network.tests.referral_helpers import BASE, RESIDENCE, build_setting
from kim.people.models import ResidenceStatus
from kim.people.services import consent_withdraw


@pytest.fixture
def s(world):
    return build_setting(world)


def url(token):
    return reverse("partner:link", args=[token])


def answer_url(token, to):
    return reverse("partner:answer", args=[token, to])


def test_only_the_sha256_of_a_token_of_at_least_128_bits_is_stored(s):
    link, token = s.link(s.sent())
    assert len(token) >= 22  # 128 bits in URL-safe base64
    assert len(token) == 43  # we use 256
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = list(ReferralLink.objects.values_list(*[f.attname for f in ReferralLink._meta.fields]))
    assert token not in repr(stored)


def test_a_link_lasts_the_configured_number_of_days(s, settings):
    settings.REFERRAL_LINK_DAYS = 3
    link, _ = s.link(s.sent())
    assert abs(link.expires_at - (timezone.now() + timedelta(days=3))) < timedelta(minutes=1)


def test_the_page_shows_what_was_shared_and_never_caches_or_leaks_the_address(client, s):
    referral = s.sent(message="Kommt mit Kinderwagen.")
    _, token = s.link(referral)
    response = client.get(url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lina Haddad" in page and "0151 000000" in page
    assert referral.purpose in page and "Kommt mit Kinderwagen." in page
    assert s.world.cm.email in page  # the case manager's contact
    assert response["Cache-Control"] == "no-store, private"
    # Never to another site; same-origin so that the page's own forms pass the CSRF check.
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in page


def test_it_shows_nothing_beyond_the_shared_categories(client, s):
    ResidenceStatus.objects.create(
        tenant=s.world.tenant,
        person=s.person,
        kind=ResidenceStatus.Kind.TOLERATION,
        legal_basis="§ 60a AufenthG",
        valid_from=timezone.localdate() - timedelta(days=10),
    )
    _, token = s.link(s.sent(categories=[BASE]))
    page = client.get(url(token)).content.decode()
    assert "Duldung" not in page and "Aufenthaltsstatus" not in page
    assert s.case.number not in page  # nothing of the case beyond the referral


def test_residence_is_shown_when_it_was_shared(client, s):
    ResidenceStatus.objects.create(
        tenant=s.world.tenant,
        person=s.person,
        kind=ResidenceStatus.Kind.TOLERATION,
        legal_basis="§ 60a AufenthG",
        valid_from=timezone.localdate() - timedelta(days=10),
    )
    _, token = s.link(s.sent(categories=[BASE, RESIDENCE]))
    assert "Duldung" in client.get(url(token)).content.decode()


def test_a_referral_without_data_shows_no_name_only_its_number(client, s):
    referral = s.sent(categories=[], mandate="")
    _, token = s.link(referral)
    page = client.get(url(token)).content.decode()
    assert "Haddad" not in page
    assert referral.reference in page


def test_a_link_for_one_referral_never_shows_another(client, s):
    first = s.sent(purpose="Erster Zweck: Sprachkurs")
    second = s.sent(purpose="Zweiter Zweck: Sprachcafé")
    _, token = s.link(first)
    s.link(second)
    page = client.get(url(token)).content.decode()
    assert "Erster Zweck" in page and "Zweiter Zweck" not in page
    assert first.reference in page and second.reference not in page


def _neutral(client, token):
    response = client.get(url(token))
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store, private"
    # Each page carries its own masked CSRF token and its own address (the language
    # switch returns to it); everything else must be equal.
    page = response.content.decode().replace(token, "TOKEN")
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", page)


def test_unknown_tampered_expired_and_revoked_tokens_get_the_same_neutral_page(client, s):
    referral = s.sent()
    _, expired = s.link(referral)
    ReferralLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    other = s.sent()
    revoked_link, revoked = s.link(other)
    from kim.network.services.referral_links import referral_link_revoke

    referral_link_revoke(actor=s.actor(), link=revoked_link)
    third = s.sent()
    _, good = s.link(third)
    tampered = good[:-1] + ("A" if good[-1] != "A" else "B")
    pages = {
        name: _neutral(client, token)
        for name, token in {
            "unknown": "x" * 43,
            "tampered": tampered,
            "expired": expired,
            "revoked": revoked,
        }.items()
    }
    assert len(set(pages.values())) == 1, "the pages must not tell the cases apart"
    assert "Dieser Link ist nicht gültig" in pages["unknown"]
    assert client.get(url(good)).status_code == 200


def test_refused_tokens_are_audited_too(client, s):
    referral = s.sent()
    link, token = s.link(referral)
    client.get(url("y" * 43), REMOTE_ADDR="203.0.113.9")
    ReferralLink.objects.update(revoked_at=timezone.now())
    client.get(url(token))
    unknown = AuditEvent.objects.get(action="referral.link_unknown")
    assert unknown.ip_address == "203.0.113.9" and unknown.tenant_id is None
    refused = AuditEvent.objects.get(action="referral.link_refused")
    assert refused.object_id == referral.pk and refused.changes["state"] == "revoked"


def test_every_view_and_answer_through_the_link_is_audited_with_link_and_ip(client, s):
    referral = s.sent()
    link, token = s.link(referral)
    client.get(url(token), REMOTE_ADDR="198.51.100.4")
    client.post(
        answer_url(token, "accepted"), {"version": referral.version}, REMOTE_ADDR="198.51.100.4"
    )
    client.get(url(token), REMOTE_ADDR="198.51.100.4")
    views = AuditEvent.objects.filter(action="referral.partner_view", object_id=referral.pk)
    assert views.count() == 2  # the page, and the page after the answer
    event = views.first()
    assert event.actor is None and event.actor_name == f"partner-link:{link.pk}"
    assert event.ip_address == "198.51.100.4" and event.person_id == s.person.pk
    assert event.changes["shown"] == [BASE]
    accepted = AuditEvent.objects.get(action="referral.accepted", object_id=referral.pk)
    assert accepted.actor_name == f"partner-link:{link.pk}" and accepted.changes["link"] == link.pk


def test_the_first_view_with_data_is_noted_on_the_referral(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    assert referral.partner_seen_at is None
    client.get(url(token))
    referral.refresh_from_db()
    assert referral.partner_seen_at is not None


def test_consent_withdrawn_after_sending_hides_the_data_and_tells_the_case_manager(client, s):
    consent = s.consent()
    referral = s.sent(consent=consent)
    _, token = s.link(referral)
    consent_withdraw(actor=s.actor(), consent=consent, note="möchte nicht mehr")
    page = client.get(url(token)).content.decode()
    assert "Haddad" not in page and "0151" not in page
    assert "Die Einwilligung der Person deckt diese Weitergabe nicht mehr ab" in page
    assert (
        AuditEvent.objects.filter(action="referral.partner_view").latest("id").changes["shown"]
        == []
    )
    referral.refresh_from_db()
    assert referral.partner_seen_at is None
    staff = Client()
    staff.force_login(s.world.cm)
    detail = staff.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Die Einwilligung deckt die Vermittlung nicht mehr ab" in detail
    assert "sie hatte sie noch nicht abgerufen" in detail


def test_an_expired_consent_hides_the_data_as_well(client, s):
    from kim.people.models import Consent

    today = timezone.localdate()
    consent = s.consent(given_on=today - timedelta(days=20), valid_until=today)
    referral = s.sent(consent=consent)
    _, token = s.link(referral)
    Consent.objects.filter(pk=consent.pk).update(valid_until=today - timedelta(days=1))
    assert "Haddad" not in client.get(url(token)).content.decode()


def test_the_partner_accepts_starts_and_reports_back_through_the_link(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    client.post(answer_url(token, "accepted"), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    day = timezone.localdate() + timedelta(days=7)
    client.post(
        answer_url(token, "in_progress"),
        {"version": referral.version, "first_appointment_on": day.isoformat()},
    )
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS and referral.waiting_days == 7
    response = client.post(
        answer_url(token, "completed"),
        {"version": referral.version, "outcome": "partly", "outcome_note": "Kurs zur Hälfte"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.outcome == "partly"
    history = list(referral.status_history.values_list("status", "via", "changed_by"))
    assert history[-1] == ("completed", "link", None)
    # Completing ends the link.
    assert client.get(url(token)).status_code == 404


def test_declining_through_the_link_needs_a_reason_in_german(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    response = client.post(answer_url(token, "declined"), {"version": referral.version})
    assert response.status_code == 422
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    response = client.post(
        answer_url(token, "declined"), {"version": referral.version, "reason": "Keine Plätze"}
    )
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED and referral.decline_reason == "Keine Plätze"


def test_the_partner_cannot_cancel_or_jump_ahead(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    assert client.post(answer_url(token, "cancelled"), {"version": 1}).status_code == 404
    client.post(
        answer_url(token, "completed"), {"version": referral.version, "outcome": "received"}
    )
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_stale_answer_changes_nothing(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    s.move(referral, "accepted")
    response = client.post(answer_url(token, "declined"), {"version": 1, "reason": "x"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_forms_on_the_link_page_are_csrf_protected(s):
    referral = s.sent()
    _, token = s.link(referral)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(answer_url(token, "accepted"), {"version": referral.version})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_a_new_link_replaces_the_old_one_and_cancelling_revokes_it(client, s):
    referral = s.sent()
    _, old = s.link(referral)
    _, new = s.link(referral)
    assert client.get(url(old)).status_code == 404
    assert client.get(url(new)).status_code == 200
    s.move(referral, "cancelled", reason="Person ist umgezogen")
    assert client.get(url(new)).status_code == 404
    assert not ReferralLink.objects.usable().exists()


def test_the_case_manager_revokes_a_link_on_the_referral_page(client, s):
    referral = s.sent()
    link, token = s.link(referral)
    staff = Client()
    staff.force_login(s.world.cm)
    staff.post(reverse("referrals:link_revoke", args=[link.pk]))
    assert client.get(url(token)).status_code == 404


def test_the_link_address_is_shown_once_right_after_it_was_made(s, settings):
    settings.BASE_URL = "https://kim.example.de"
    referral = s.sent()
    staff = Client()
    staff.force_login(s.world.cm)
    response = staff.post(reverse("referrals:link_new", args=[referral.pk]), {"days": 10})
    page = response.content.decode()
    assert 'value="https://kim.example.de/partner/' in page
    assert response["Cache-Control"] == "no-store, private"
    token = page.split('value="https://kim.example.de/partner/')[1].split("/")[0]
    assert ReferralLink.objects.get().token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = staff.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert token not in again


def test_a_draft_gets_no_link(s):
    with pytest.raises(NotAllowed):
        s.link(s.draft())
    assert Referral.objects.get().status == Status.DRAFT


def test_a_service_that_takes_no_referrals_through_the_platform_gets_no_link(client, s):
    referral = s.sent(service=s.other_service, categories=[], mandate="")
    with pytest.raises(NotAllowed):
        s.link(referral)
    staff = Client()
    staff.force_login(s.world.cm)
    page = staff.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "nimmt keine Vermittlungen über die Plattform an" in page
    assert "Link erstellen" not in page


def test_a_first_appointment_given_with_the_acceptance_is_confirmed_not_retyped(client, s):
    day = timezone.localdate() + timedelta(days=3)
    referral = s.move(s.sent(), "accepted", first_appointment_on=day)
    _, token = s.link(referral)
    page = client.get(url(token)).content.decode()
    assert "Erster Termin hat stattgefunden" in page
    assert "Ersten Termin erfassen" not in page
    assert f'value="{day.isoformat()}"' in page

    other = s.move(s.sent(), "accepted")
    _, other_token = s.link(other)
    page = client.get(url(other_token)).content.decode()
    assert "Ersten Termin erfassen" in page and "Erster Termin hat stattgefunden" not in page

"""Guessing partner-link tokens: after KIM_PARTNER_LINK_MISS_LIMIT unknown tokens from
one address within the window, that address gets 429 for every partner link – also a
valid one – and no further audit rows, until the window has moved on. Other addresses
are not affected."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kim.core.models import AuditEvent
from kim.network.selectors.referrals import UNKNOWN_LINK
from kim.network.tests.referral_helpers import build_setting

LIMIT = 3
GUESSER = "198.51.100.9"
PARTNER = "192.0.2.44"


@pytest.fixture
def s(world, settings):
    settings.PARTNER_LINK_MISS_LIMIT = LIMIT
    settings.PARTNER_LINK_COOLOFF_MINUTES = 15
    return build_setting(world)


def guess(client, n=1, ip=GUESSER):
    return [
        client.get(reverse("partner:link", args=[f"geraten-{i}"]), REMOTE_ADDR=ip) for i in range(n)
    ]


def misses(ip=GUESSER):
    return AuditEvent.objects.filter(action=UNKNOWN_LINK, ip_address=ip).count()


def test_too_many_unknown_tokens_close_the_links_for_that_address(client, s):
    referral = s.sent()
    _, token = s.link(referral)
    assert [r.status_code for r in guess(client, LIMIT)] == [404] * LIMIT
    assert misses() == LIMIT

    refused = guess(client, 2)
    assert [r.status_code for r in refused] == [429, 429]
    assert "Zu viele ungültige Aufrufe" in refused[0].content.decode()
    assert refused[0]["Retry-After"] == str(15 * 60)
    assert refused[0]["Cache-Control"] == "no-store, private"
    assert misses() == LIMIT  # the flood stops at the limit

    # A valid link from the same address waits as well, and shows nothing.
    valid = client.get(reverse("partner:link", args=[token]), REMOTE_ADDR=GUESSER)
    assert valid.status_code == 429 and "Haddad" not in valid.content.decode()
    answer = client.post(
        reverse("partner:answer", args=[token, "accepted"]),
        {"version": referral.version},
        REMOTE_ADDR=GUESSER,
    )
    assert answer.status_code == 429
    referral.refresh_from_db()
    assert referral.status == "sent"

    # Another address is not affected.
    ok = client.get(reverse("partner:link", args=[token]), REMOTE_ADDR=PARTNER)
    assert ok.status_code == 200 and "Haddad" in ok.content.decode()


def test_the_links_open_again_once_the_window_has_moved_on(client, s, monkeypatch):
    referral = s.sent()
    _, token = s.link(referral)
    guess(client, LIMIT)
    assert guess(client)[0].status_code == 429
    # The audit trail cannot be rewritten, so the clock moves instead.
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(reverse("partner:link", args=[token]), REMOTE_ADDR=GUESSER).status_code == 200


def test_expired_or_revoked_links_do_not_count_as_guesses(client, s):
    referral = s.sent()
    link, token = s.link(referral)
    link.expires_at = timezone.now() - timedelta(minutes=1)
    link.save(update_fields=["expires_at"])
    for _ in range(LIMIT + 1):
        response = client.get(reverse("partner:link", args=[token]), REMOTE_ADDR=PARTNER)
        assert response.status_code == 404
    assert misses(PARTNER) == 0

"""Which address the audit trail, the login lockout and the partner-link throttle see:
REMOTE_ADDR, or behind the proxy the right-most X-Forwarded-For entry; never a forged
left-hand entry, never a value that is not an IP address."""

import pytest
from django.test import RequestFactory

from kim.core.client_ip import client_ip


@pytest.mark.parametrize(
    ("behind_proxy", "remote", "forwarded", "expected"),
    [
        (False, "192.0.2.10", "", "192.0.2.10"),
        (False, "192.0.2.10", "198.51.100.7", "192.0.2.10"),  # no proxy: header ignored
        (True, "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        (True, "10.0.0.1", "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # forged left
        (True, "10.0.0.1", " 2001:db8::1 ", "2001:db8::1"),
        (True, "10.0.0.1", "unknown", "10.0.0.1"),
        (True, "10.0.0.1", "", "10.0.0.1"),
        (False, "not-an-ip", "", None),
    ],
)
def test_client_ip(settings, behind_proxy, remote, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_the_audit_trail_records_the_client_behind_the_proxy(client, world, settings):
    from kim.core.models import AuditEvent

    settings.BEHIND_PROXY = True
    client.force_login(world.cm)
    client.get("/personen/suche/?q=Had", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7")
    event = AuditEvent.objects.latest("id")
    assert event.ip_address == "198.51.100.7"


def test_a_login_lockout_counts_per_client_not_per_proxy(client, world, settings):
    from axes.helpers import get_client_ip_address

    settings.BEHIND_PROXY = True
    request = RequestFactory().post(
        "/konto/anmelden/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert get_client_ip_address(request) == "198.51.100.7"

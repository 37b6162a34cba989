"""The address a request came from, for the audit trail, the login lockout and the
partner links' throttle.

Directly on the internet that is REMOTE_ADDR. Behind the reverse proxy of
docs/operations.md (`KIM_BEHIND_PROXY=1`) REMOTE_ADDR is the proxy; the proxy
appends the address it saw to X-Forwarded-For, so the right-most entry is the
client as far as anyone we trust knows. Entries further left come from the client
and can be forged; they are never used. Anything that is not an IP address gives
None rather than a value the database would refuse.
"""

import ipaddress

from django.conf import settings


def _ip(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _ip(request.META.get("REMOTE_ADDR"))
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1] if forwarded else ""
    return _ip(last) or remote

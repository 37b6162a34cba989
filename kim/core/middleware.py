import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection

from kim.core.audit import RequestContext, reset_request_context, set_request_context
from kim.core.client_ip import client_ip


class AuditContextMiddleware:
    """Sets the request context (IP address, channel) that the audit trail records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_request_context(RequestContext(ip_address=client_ip(request), channel=channel))
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)


class IdleSessionMiddleware:
    """Renews a logged-in session's expiry at most once per SESSION_RENEW_SECONDS.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session table on every
    request; this keeps the idle timeout (within a minute) without that write.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions that carry a login; token-authenticated API calls have none.
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get("_renewed", 0) >= settings.SESSION_RENEW_SECONDS:
                session["_renewed"] = now  # marks the session modified: saved, cookie renewed
        return response


def mark_session_renewed(sender, request, user, **kwargs):
    """Login itself counts as activity (connected to user_logged_in in CoreConfig)."""
    if getattr(request, "session", None) is not None:
        request.session["_renewed"] = int(time.time())


class TimingMiddleware:
    """With KIM_TIMING_HEADERS=1: Server-Timing and query count headers for bench/."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.TIMING_HEADERS

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        queries = {"n": 0}

        def count(execute, sql, params, many, context):
            queries["n"] += 1
            return execute(sql, params, many, context)

        start = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = f"app;dur={elapsed_ms:.2f}"
        response["X-Query-Count"] = str(queries["n"])
        return response

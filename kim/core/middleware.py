import time

from django.conf import settings
from django.db import connection

from kim.core.audit import RequestContext, reset_request_context, set_request_context


class AuditContextMiddleware:
    """Sets the request context (IP address, channel) that the audit trail records."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_request_context(
            RequestContext(ip_address=request.META.get("REMOTE_ADDR"), channel=channel)
        )
        try:
            return self.get_response(request)
        finally:
            reset_request_context(token)


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

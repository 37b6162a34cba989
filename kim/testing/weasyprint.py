"""PDF tests where WeasyPrint's system libraries are missing: skipped with the reason,
except under KIM_REQUIRE_ALL=1 (CI), where a skipped PDF test is a failure."""

import os

import pytest


def require_weasyprint() -> None:
    from kim.reports import pdf

    reason = pdf.unavailable_reason()
    if not reason:
        return
    message = (
        "WeasyPrint kann nicht geladen werden (Debian: apt-get install libpango-1.0-0 "
        f"libpangoft2-1.0-0 libharfbuzz-subset0): {reason}"
    )
    if os.environ.get("KIM_REQUIRE_ALL") == "1":
        pytest.fail(f"{message}. KIM_REQUIRE_ALL=1 verlangt alle Tests.", pytrace=False)
    pytest.skip(message)

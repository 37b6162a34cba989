"""Browser tests of the planning pages reuse the fixtures of kim/e2e (one
Chromium per session, live server, the cast in its database, axe checks)."""

from kim.e2e.conftest import browser_page, check, chromium, new_page, world  # noqa: F401

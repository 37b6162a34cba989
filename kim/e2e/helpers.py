"""What the browser tests do on every page: log in, look for broken assets and
script errors, run axe-core, and move through a page by keyboard alone."""

import weakref
from pathlib import Path

import axe_playwright_python
from django.conf import settings
from playwright.sync_api import Page, expect

from kim.testing.factories import PASSWORD

# The axe-core that `make assets` copies from node_modules (the version pinned
# in package-lock.json); the copy bundled with axe-playwright-python otherwise.
AXE_FILES = [
    settings.BASE_DIR / "var" / "assets" / "axe" / "axe.min.js",
    Path(axe_playwright_python.__file__).parent / "axe.min.js",
]

_problems: "weakref.WeakKeyDictionary[Page, list[str]]" = weakref.WeakKeyDictionary()


def watch(page: Page) -> None:
    """Record failed static files, CSP blocks and uncaught script errors for `PageChecks`."""
    problems: list[str] = []
    _problems[page] = problems

    def on_response(response):
        if "/static/" in response.url and response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    def on_failed(request):
        # ERR_ABORTED: the browser cancelled the request because the test moved on
        # to the next page (e.g. a font still loading); missing files show as 404 above.
        if "/static/" in request.url and "ERR_ABORTED" not in (request.failure or ""):
            problems.append(f"failed {request.url}: {request.failure}")

    def on_console(message):
        # What the Content Security Policy blocks never runs or never shows.
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))


def _axe_script() -> str:
    for path in AXE_FILES:
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise AssertionError("axe-core fehlt: `make assets` ausführen")


def axe_violations(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_script())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return results["violations"]


class PageChecks:
    """Checks each page of a flow and reports every finding at the end.

    A flow goes on past a page with an axe violation, so one run lists all
    violations of all its pages for whoever fixes the templates; a violation
    that the shared layout puts on every page is reported once, with the pages.
    """

    def __init__(self):
        self.problems: list[str] = []
        # (rule, impact, help, rule url) -> {(target, html, summary): [pages]}
        self.violations: dict[tuple, dict[tuple, list[str]]] = {}

    def __call__(self, page: Page, what: str) -> None:
        page.wait_for_load_state("load")
        problems = _problems.get(page, [])
        if problems:
            self.problems.append(f"{what} ({page.url}) lädt nicht vollständig: {problems}")
            problems.clear()
        for v in axe_violations(page):
            rule = (v["id"], v["impact"], v["help"], v["helpUrl"].split("?")[0])
            for node in v["nodes"]:
                where = (
                    " ".join(str(t) for t in node["target"]),
                    " ".join(node["html"].split())[:200],
                    " ".join((node.get("failureSummary") or "").split())[:300],
                )
                self.violations.setdefault(rule, {}).setdefault(where, []).append(what)

    def note(self, finding: str) -> None:
        """A finding of the test's own, reported with the others."""
        self.problems.append(finding)

    def report(self) -> str:
        lines = list(self.problems)
        for (rule, impact, help_text, url), nodes in self.violations.items():
            lines.append(f"axe-core {rule} ({impact}): {help_text} <{url}>")
            for (target, html, summary), pages in nodes.items():
                lines.append(f"  {target}: {html}")
                lines.append(f"    {summary}")
                lines.append(f"    auf: {', '.join(pages)}")
        return "\n".join(lines)

    def assert_clean(self) -> None:
        report = self.report()
        self.problems, self.violations = [], {}
        assert not report, "Seiten mit Befund:\n" + report


def log_in(page: Page, user, *, check: PageChecks | None = None) -> None:
    """Through the real login page, as a person would."""
    page.goto("/konto/anmelden/")
    if check:
        check(page, "Anmeldeseite")
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def focused(page: Page) -> dict:
    """What has the keyboard focus: tag, id, accessible text and its outline."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            name: el.getAttribute('name') || '',
            type: el.getAttribute('type') || '',
            text: (el.innerText || el.value || '').trim(),
            outline: style.outlineStyle,
            outlineWidth: style.outlineWidth,
            focusVisible: el.matches(':focus-visible'),
          };
        }"""
    )


def tab_to(page: Page, matches, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; fail after `limit` presses."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        current = focused(page)
        if matches(current):
            return current
        seen.append(current["id"] or current["text"][:30] or current["tag"])
    raise AssertionError(f"Mit {key} nicht erreichbar nach {limit} Schritten; fokussiert: {seen}")

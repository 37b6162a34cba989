"""Steps on the case page that the case-life browser tests repeat: the phase
section, the flash message after a save, dates typed into <input type=date>."""

from datetime import date

from playwright.sync_api import Locator, Page, expect


def region(page: Page, name: str) -> Locator:
    """A section of the case page, by its heading (exact, so "Phase" is not "Verlauf der Phasen")."""
    return page.get_by_role("region", name=name, exact=True)


def expect_saved(page: Page, text: str) -> None:
    """The success message the page shows after a redirect."""
    expect(page.locator(".messages").get_by_role("status")).to_contain_text(text)


def type_date(field: Locator, value: date, date_keys) -> None:
    """Type a date digit by digit, as a person does, in the order this browser's field wants."""
    field.focus()
    field.page.keyboard.type(date_keys(value))
    expect(field).to_have_value(value.isoformat())


def expect_phase(page: Page, label: str) -> None:
    """The phase badge in the phase section of the case page."""
    expect(region(page, "Phase").locator(".kern-badge").first).to_have_text(label)


def change_phase(page: Page, label: str) -> None:
    """Choose a new phase in the case page's inline form and submit it with the mouse."""
    phase = region(page, "Phase")
    phase.get_by_role("radio", name=label, exact=True).check()
    phase.get_by_role("button", name="Phase wechseln").click()
    expect_saved(page, f"Der Fall ist jetzt in der Phase „{label}“.")
    expect_phase(page, label)


def assert_focus_visible(state: dict) -> None:
    """What `kim.e2e.helpers.focused` returned has a visible focus outline."""
    assert state["focusVisible"], f"kein :focus-visible auf {state}"
    assert state["outline"] != "none", f"keine sichtbare Fokusmarkierung auf {state}"
    assert float(state["outlineWidth"].removesuffix("px")) >= 2, state


def open_tab(page: Page, name: str) -> None:
    """Open a tab of the case page ("Überblick", "Hilfeplan", "Akte") by its link."""
    tabs = page.get_by_role("navigation", name="Bereiche des Falls")
    tabs.get_by_role("link", name=name, exact=True).click()
    expect(tabs.locator('[aria-current="page"]')).to_have_text(name)

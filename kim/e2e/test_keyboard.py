"""Keyboard only: the skip link, and registering a person from the search page
with Tab, Shift+Tab, arrow keys, Space and Enter – no mouse, no clicks."""

from datetime import date

from playwright.sync_api import expect

from kim.e2e.helpers import focused, log_in, tab_to
from kim.people.models import Person


def assert_focus_visible(state: dict) -> None:
    assert state["focusVisible"], f"kein :focus-visible auf {state}"
    assert state["outline"] != "none", f"keine sichtbare Fokusmarkierung auf {state}"
    assert float(state["outlineWidth"].removesuffix("px")) >= 2, state


def test_first_tab_focuses_the_skip_link_and_enter_moves_to_main(browser_page, world):
    page = browser_page
    log_in(page, world.cm)
    page.goto("/personen/suche/")

    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] == "Zum Inhalt springen", state
    assert_focus_visible(state)
    box = page.get_by_role("link", name="Zum Inhalt springen").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"Sprunglink beim Fokus nicht sichtbar: {box}"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhalt"
    # The next Tab lands in the content, past header and navigation.
    page.keyboard.press("Tab")
    state = focused(page)
    assert state["text"] == "Person registrieren", state


def test_case_manager_registers_a_person_with_the_keyboard_alone(browser_page, world, date_keys):
    page = browser_page
    log_in(page, world.cm)
    page.goto("/personen/suche/")

    assert_focus_visible(
        tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Person registrieren")
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Person registrieren")

    assert_focus_visible(tab_to(page, lambda f: f["id"] == "id_family_name"))
    page.keyboard.type("Okonkwo")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_given_names"
    page.keyboard.type("Chiamka")
    # A typo, corrected in place.
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("maka")

    assert_focus_visible(tab_to(page, lambda f: f["id"] == "id_birth_date"))
    page.keyboard.type(date_keys(date(1992, 7, 3)))

    # Radio group "Geschlecht": Tab enters it, the arrow keys choose.
    state = tab_to(page, lambda f: f["name"] == "sex")
    assert_focus_visible(state)
    for _ in range(4):
        if page.evaluate("() => document.activeElement.value") == "f":
            break
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("weiblich")).to_be_checked()

    assert_focus_visible(tab_to(page, lambda f: f["id"] == "id_interpreter_needed"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Sprachmittlung nötig")).to_be_checked()

    submit = tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Person registrieren")
    assert_focus_visible(submit)
    # One step past the button and back again.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Abbrechen"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "Person registrieren"
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Chiamaka Okonkwo")
    person = Person.objects.get(tenant=world.tenant, family_name="Okonkwo")
    assert person.given_names == "Chiamaka"
    assert person.birth_date == date(1992, 7, 3)
    assert person.sex == Person.Sex.FEMALE
    assert person.interpreter_needed
    assert person.owner_unit == world.unit_a

"""The pages arrive whole: KERN styles and fonts, htmx and the app script load
from the live server (no CDN), and the login page passes axe-core."""

from playwright.sync_api import expect


def test_login_page_loads_kern_styles_fonts_and_scripts(browser_page, world, check):
    page = browser_page
    page.goto("/konto/anmelden/")
    check(page, "Anmeldeseite")
    expect(page).to_have_title("Anmelden – KIM-Plattform")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Fira Sans" in font, font
    assert page.evaluate(
        "async () => { await document.fonts.ready; return document.fonts.check('16px \"Fira Sans\"'); }"
    )
    kern_loaded = page.evaluate(
        "() => [...document.styleSheets].some(s => (s.href || '').endsWith('kern.min.css') && s.cssRules.length > 100)"
    )
    assert kern_loaded, "kern.min.css nicht geladen"
    assert page.evaluate("() => typeof window.htmx") == "object", "htmx nicht geladen"
    check.assert_clean()

"""A case manager uploads a document to a case by keyboard alone: a renamed
program is refused with the German error and the description kept, the real
scan is listed on the case and the person page, downloads as itself, and is
deleted with a reason. Every page passes axe-core."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kim.documents.models import Document
from kim.e2e.case_helpers import expect_saved, region
from kim.e2e.helpers import focused, log_in, tab_to
from kim.testing.factories import open_case, register_person

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56
DESCRIPTION = "Bescheid des Jobcenters vom 3. Februar"


@pytest.fixture(autouse=True)
def documents_dir(settings, tmp_path):
    # The live server runs in this process: uploads land in a temporary store.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents"},
        },
    }
    return tmp_path / "documents"


def choose_file(page, name: str, content: bytes) -> None:
    """Open the file chooser from the focused file field with the keyboard and pick a file."""
    assert focused(page)["id"] == "id_file"
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files({"name": name, "mimeType": "application/pdf", "buffer": content})


def submit_with_keyboard(page) -> None:
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Dokument hochladen")
    page.keyboard.press("Enter")


def test_a_case_manager_uploads_downloads_and_deletes_a_document_by_keyboard(
    new_page, world, check
):
    person = register_person(world.cm, world.unit_a, family_name="Bondar", given_names="Iryna")
    case = open_case(world.cm, person, world.unit_a)
    page = new_page()
    # Keep Playwright's file-chooser interception on for the whole test: switched on
    # only by each `expect_file_chooser`, it can lose the race against the key press.
    page.on("filechooser", lambda chooser: None)
    log_in(page, world.cm)

    page.goto(f"/faelle/{case.pk}/")
    # The documents are on the tab "Akte", reached by keyboard as everything here.
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Akte")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/faelle/{case.pk}/akte/$"))
    expect(region(page, "Dokumente")).to_contain_text("keine Dokumente")
    check(page, "Fallseite ohne Dokumente")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Dokument hochladen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokument hochladen")
    check(page, "Dokument hochladen")

    tab_to(page, lambda f: f["id"] == "id_kind")
    page.keyboard.type("Bescheid")
    expect(page.get_by_label("Art des Dokuments")).to_have_value("decision")
    page.keyboard.press("Tab")
    page.keyboard.type(DESCRIPTION)
    page.keyboard.press("Tab")
    choose_file(page, "bescheid.pdf", EXE)  # a program renamed to .pdf
    submit_with_keyboard(page)

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Bitte prüfen Sie Ihre Eingaben")
    expect(summary).to_contain_text("Erlaubt sind nur PDF-, JPEG- und PNG-Dateien")
    expect(page.get_by_label("Beschreibung")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("Art des Dokuments")).to_have_value("decision")
    assert not Document.objects.exists()
    check(page, "Dokument hochladen mit Fehler")

    tab_to(page, lambda f: f["id"] == "id_file")
    choose_file(page, "Bescheid Jobcenter.pdf", PDF)
    submit_with_keyboard(page)

    expect_saved(page, f"Das Dokument „{DESCRIPTION}“ wurde gespeichert.")
    documents = region(page, "Dokumente")
    expect(documents).to_contain_text(DESCRIPTION)
    expect(documents).to_contain_text("Bescheid")
    check(page, "Fallseite mit Dokument")

    with page.expect_download() as download:
        documents.get_by_role("link", name=f"Herunterladen ({DESCRIPTION})").click()
    assert download.value.suggested_filename == "Bescheid Jobcenter.pdf"
    assert Path(download.value.path()).read_bytes() == PDF

    page.goto(f"/personen/{person.pk}/")
    person_documents = region(page, "Dokumente")
    expect(person_documents).to_contain_text(DESCRIPTION)
    expect(person_documents).to_contain_text(case.number)
    check(page, "Personenseite mit Dokument")

    person_documents.get_by_role("link", name=f"Löschen ({DESCRIPTION})").click()
    check(page, "Dokument löschen")
    page.get_by_role("button", name="Dokument löschen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte den Grund der Löschung angeben.")
    page.get_by_label("Grund der Löschung").fill("Falsche Person")
    page.get_by_role("button", name="Dokument löschen").click()
    expect_saved(page, f"Das Dokument „{DESCRIPTION}“ wurde gelöscht.")
    expect(region(page, "Dokumente")).to_contain_text("keine Dokumente")
    assert Document.objects.get().deletion_reason == "Falsche Person"
    check.assert_clean()

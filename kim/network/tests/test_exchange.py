"""Export and import of the directory: round trips, every bad row, files as Excel writes them."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.models import AuditEvent, Organisation
from kim.network.exchange import table
from kim.network.exchange.columns import HEADERS
from kim.network.exchange.export import export_file, export_rows
from kim.network.exchange.plan import CREATE, UNCHANGED, UPDATE, build_plan
from kim.network.models import OrganisationProfile, Service
from kim.network.selectors.directory import ServiceFilters, service_search, with_details
from kim.network.services.directory import service_update
from kim.network.services.exchange import ImportRefused, directory_import


def export(world, file_format="csv", **filters) -> bytes:
    actor = get_actor(world.coordination)
    services = with_details(service_search(actor, ServiceFilters(**filters)))
    rows = export_rows(actor, services, with_organisations_without_services=not filters)
    return export_file(rows, file_format)[0]


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def state() -> list:
    """Everything the import could change, to compare before and after."""
    services = [
        (
            s.name,
            s.organisation.name,
            s.version,
            s.description,
            s.languages,
            s.legal_domains,
            s.waiting_weeks,
            s.reviewed_on,
            s.archived_at,
            sorted(f.pk for f in s.fields.all()),
            sorted(t.pk for t in s.towns.all()),
            sorted(d.pk for d in s.districts.all()),
        )
        for s in Service.objects.order_by("pk")
    ]
    organisations = list(Organisation.objects.order_by("pk").values_list("name", "kind"))
    profiles = list(OrganisationProfile.objects.order_by("pk").values())
    return [services, organisations, profiles]


def plan_of(world, content: bytes):
    return build_plan(get_actor(world.coordination), content, filename="angebote.csv")


def issues(plan) -> set[tuple[int, str]]:
    return {(issue.row, issue.column) for issue in plan.issues}


# --- export ----------------------------------------------------------------------------------


def test_the_csv_export_is_what_excel_opens_in_germany(world, directory):
    content = export(world)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = csv_rows(content)
    assert rows[0] == HEADERS
    by_service = {(r[0], r[9]): dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    cafe = by_service[("AWO Testland", "Sprachcafé")]
    assert cafe["Sprachen"] == "Arabisch; Ukrainisch; Deutsch"
    assert cafe["Handlungsfelder"] == "Sprache"
    assert cafe["Orte"] == "Feldberg"
    assert cafe["Geprüft am"] == "10.01.2020"
    assert cafe["Nimmt Vermittlungen an"] == "nein"
    assert cafe["Art der Organisation"] == "Wohlfahrtsverband / Träger"
    assert by_service[("AWO Testland", "Wohnraumberatung")]["Stadtteile"] == "Testhausen: Mitte"
    assert by_service[("Jobcenter Testland", "Jobcoaching")]["Rechtskreise"] == "SGB II"
    # The whole directory includes organisations without services (the authority of
    # the units), each once; another tenant's never.
    assert (directory.abh.name, "") in by_service
    assert not any("Anderswo" in r[0] for r in rows)


def test_the_export_of_a_filtered_list_holds_just_those_services(world, directory):
    rows = csv_rows(export(world, language="ar"))
    assert [r[9] for r in rows[1:]] == ["Aufenthaltsberatung", "Sprachcafé"]


def test_cells_a_spreadsheet_would_run_as_formulas_stay_text(world, directory):
    service_update(
        actor=get_actor(world.coordination),
        service=directory.housing,
        version=1,
        contact_name='=HYPERLINK("http://x.example")',
        contact_phone="+49 2331 12345",
    )
    rows = csv_rows(export(world))
    housing = next(r for r in rows if r[9] == "Wohnraumberatung")
    assert housing[HEADERS.index("Ansprechperson")] == '\'=HYPERLINK("http://x.example")'
    assert housing[HEADERS.index("Telefon")] == "'+49 2331 12345"
    sheet = load_workbook(io.BytesIO(export(world, "xlsx"))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert any(v == '=HYPERLINK("http://x.example")' for row in values for v in row)
    # And both files import without a change.
    for file_format in ("csv", "xlsx"):
        plan = plan_of(world, export(world, file_format))
        assert plan.ok, plan.issues
        assert not plan.changes_anything


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_imports_unchanged(world, directory, file_format):
    content = export(world, file_format)
    before = state()
    plan = plan_of(world, content)
    assert plan.ok, plan.issues
    assert plan.file_format == file_format
    assert {step.action for step in [*plan.organisations, *plan.services]} == {UNCHANGED}
    directory_import(actor=get_actor(world.coordination), content=content, filename="x")
    assert state() == before
    assert set(
        AuditEvent.objects.filter(action__startswith="service.").values_list("action", flat=True)
    ) == {"service.create"}
    event = AuditEvent.objects.get(action="directory.import")
    assert event.changes["services"] == {"created": [], "updated": []}


def test_changes_in_the_file_are_planned_and_imported_in_one_go(world, directory):
    rows = csv_rows(export(world))
    header, data = rows[0], rows[1:]
    col = {name: HEADERS.index(name) for name in HEADERS}
    for row in data:
        if row[col["Angebot"]] == "Jobcoaching":
            row[col["Wartezeit in Wochen"]] = "8"
            row[col["Sprachen"]] = "Türkisch; Deutsch; Arabisch"
    new_service = [""] * len(header)
    new_service[col["Organisation"]] = "AWO Testland"
    new_service[col["Angebot"]] = "Schuldnerberatung"
    new_service[col["Beschreibung des Angebots"]] = "Hilfe bei Schulden."
    new_service[col["Handlungsfelder"]] = "arbeit"  # a code works too
    new_org = [""] * len(header)
    new_org[col["Organisation"]] = "Tafel Testland"
    new_org[col["Art der Organisation"]] = "Ehrenamtliche Initiative"
    new_org[col["Angebot"]] = "Lebensmittelausgabe"
    new_org[col["Beschreibung des Angebots"]] = "Lebensmittel für wenig Geld."
    new_org[col["Archiviert"]] = "nein"
    content = _csv([header, *data, new_service, new_org])
    plan = plan_of(world, content)
    assert plan.ok, plan.issues
    actions = {(s.organisation.name, s.name): s.action for s in plan.services}
    assert actions[("Jobcenter Testland", "Jobcoaching")] == UPDATE
    assert actions[("AWO Testland", "Schuldnerberatung")] == CREATE
    assert actions[("Tafel Testland", "Lebensmittelausgabe")] == CREATE
    assert actions[("AWO Testland", "Sprachcafé")] == UNCHANGED
    step = next(s for s in plan.services if s.name == "Jobcoaching")
    assert step.changes == ["Sprachen", "Wartezeit in Wochen"]
    directory_import(actor=get_actor(world.coordination), content=content, filename="neu.csv")
    coaching = Service.objects.get(pk=directory.job_coaching.pk)
    assert coaching.waiting_weeks == 8
    assert coaching.languages == ["ar", "tr", "de"]
    assert coaching.version == 2
    assert Organisation.objects.get(name="Tafel Testland").kind == "volunteer"
    new = Service.objects.get(name="Schuldnerberatung")
    assert [f.code for f in new.fields.all()] == ["arbeit"]
    assert AuditEvent.objects.filter(action="service.update", object_id=coaching.pk).exists()
    event = AuditEvent.objects.get(action="directory.import")
    assert event.changes["file"] == "neu.csv"
    assert len(event.changes["services"]["created"]) == 2


def test_a_file_with_some_columns_changes_only_those(world, directory):
    content = _csv(
        [
            ["Organisation", "Angebot", "Wartezeit in Wochen"],
            ["AWO Testland", "sprachcafé", "4"],  # names match ignoring case
        ]
    )
    plan = plan_of(world, content)
    assert plan.ok, plan.issues
    directory_import(actor=get_actor(world.coordination), content=content)
    cafe = Service.objects.get(pk=directory.language_cafe.pk)
    assert cafe.waiting_weeks == 4
    assert cafe.name == "Sprachcafé"
    assert cafe.languages == ["ar", "uk", "de"]
    assert cafe.opening_hours == "Dienstag 15 bis 17 Uhr"


def test_archived_yes_archives_and_no_restores(world, directory):
    content = _csv(
        [["Organisation", "Angebot", "Archiviert"], ["AWO Testland", "Sprachcafé", "ja"]]
    )
    directory_import(actor=get_actor(world.coordination), content=content)
    assert Service.objects.get(pk=directory.language_cafe.pk).archived_at is not None
    content = _csv(
        [["Organisation", "Angebot", "Archiviert"], ["AWO Testland", "Sprachcafé", "nein"]]
    )
    directory_import(actor=get_actor(world.coordination), content=content)
    assert Service.objects.get(pk=directory.language_cafe.pk).archived_at is None


# --- every bad row ---------------------------------------------------------------------------


def _csv(rows, *, encoding="utf-8-sig", delimiter=";") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def test_every_bad_row_is_reported_and_nothing_imported(world, directory):
    header = [
        "Organisation", "Art der Organisation", "Angebot", "Beschreibung des Angebots",
        "Handlungsfelder", "Sprachen", "E-Mail", "Wartezeit in Wochen", "Geprüft am",
        "Nimmt Vermittlungen an", "Orte",
    ]  # fmt: skip
    rows = [
        header,
        ["AWO Testland", "welfare", "Neues Angebot", "Gut.", "Sprache", "Arabisch", "", "", "", "nein", ""],
        ["", "", "Ohne Organisation", "x", "", "", "", "", "", "", ""],
        ["Neuer Verein", "Verein", "Kurs", "Kurs.", "Kochen", "Klingonisch", "a@", "drei", "31.02.2026", "vielleicht", "Atlantis"],
        ["AWO Testland", "", "neues angebot", "Doppelt.", "", "", "", "", "", "", ""],
        ["Jobcenter Testland", "Jobcenter", "Jobcoaching", "", "", "", "", "", "", "ja", ""],
        ["AWO Testland", "Jobcenter", "Noch eins", "Text.", "", "", "", "-1", "", "", ""],
    ]  # fmt: skip
    before = state()
    plan = plan_of(world, _csv(rows))
    assert not plan.ok
    assert issues(plan) == {
        (3, "Organisation"),
        (4, "Art der Organisation"),
        (4, "Handlungsfelder"),
        (4, "Sprachen"),
        (4, "E-Mail"),
        (4, "Wartezeit in Wochen"),
        (4, "Geprüft am"),
        (4, "Nimmt Vermittlungen an"),
        (4, "Orte"),
        (5, "Angebot"),
        (6, "Beschreibung des Angebots"),
        (7, "Art der Organisation"),
        (7, "Wartezeit in Wochen"),
    }
    by_place = {(i.row, i.column): i.message for i in plan.issues}
    assert by_place[(4, "Sprachen")].startswith("Unbekannt: „Klingonisch“. Sprachen sind:")
    assert by_place[(5, "Angebot")] == "Dieses Angebot dieser Organisation steht schon in Zeile 2."
    assert by_place[(7, "Art der Organisation")].startswith("Weicht von Zeile 2 ab („welfare“)")
    with pytest.raises(ImportRefused):
        directory_import(actor=get_actor(world.coordination), content=_csv(rows))
    assert state() == before
    assert not AuditEvent.objects.filter(action="directory.import").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Das alte Excel-Format (XLS) wird nicht gelesen."),
        (b"PK\x03\x04kaputt", "Die Datei ist keine gültige Excel-Datei (XLSX)."),
        (
            b"Organisation;Angebot\r\n",
            "Die Datei enthält keine Zeilen unter der Kopfzeile.",
        ),
        (
            b"Name;Angebot\r\nA;B\r\n",
            "Diese Spalte fehlt; ohne sie lässt sich nichts zuordnen.",
        ),
    ],
)
def test_files_that_cannot_be_read_say_why(world, directory, content, message):
    plan = plan_of(world, content)
    assert not plan.ok
    assert any(issue.message.startswith(message) for issue in plan.issues), plan.issues


def test_unknown_and_doubled_columns_are_named(world, directory):
    plan = plan_of(
        world, _csv([["Organisation", "Farbe", "Angebot", "angebot"], ["A", "", "", ""]])
    )
    assert issues(plan) == {(1, "Farbe"), (1, "angebot")}


def test_size_and_row_limits(world, directory, monkeypatch):
    monkeypatch.setattr(table, "MAX_ROWS", 3)
    rows = [["Organisation", "Angebot"]] + [["AWO Testland", f"A{i}"] for i in range(4)]
    plan = plan_of(world, _csv(rows))
    assert plan.issues[0].message == "Die Datei hat mehr als 3 Zeilen. Teilen Sie sie bitte auf."
    monkeypatch.setattr(table, "MAX_BYTES", 100)
    plan = plan_of(world, b"x" * 101)
    assert plan.issues[0].message.startswith("Die Datei ist zu groß")


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_reading(world, directory, monkeypatch):
    monkeypatch.setattr(table, "MAX_UNPACKED_BYTES", 1000)
    plan = plan_of(world, export(world, "xlsx"))
    assert plan.issues[0].message.startswith("Die Excel-Datei ist entpackt zu groß.")


# --- files as they come ------------------------------------------------------------------------

ROWS = [
    ["Organisation", "Angebot", "Beschreibung des Angebots", "Öffnungszeiten", "PLZ"],
    ["AWO Testland", "Mütterfrühstück", "Frühstück für Mütter.", "Mo 9–11 Uhr", "1067"],
]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("cp1252", ";"),  # "CSV (Trennzeichen-getrennt)" of a German Excel
        ("utf-8-sig", ";"),  # "CSV UTF-8"
        ("utf-8", ","),
        ("utf-16", "\t"),  # "Unicode-Text"
    ],
)
def test_csv_as_excel_and_other_programs_write_it(world, directory, encoding, delimiter):
    rows = [r[:] for r in ROWS]
    if encoding == "cp1252":
        rows[1][3] = "Mo 9-11 Uhr"  # no en dash in Windows-1252
    plan = plan_of(world, _csv(rows, encoding=encoding, delimiter=delimiter))
    assert plan.ok, plan.issues
    step = plan.services[0]
    assert step.name == "Mütterfrühstück"
    assert step.data["description"] == "Frühstück für Mütter."
    assert step.data["postcode"] == "01067"  # Excel drops the leading zero


def test_an_xlsx_with_numbers_and_dates_in_cells(world, directory):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Organisation",
            "Angebot",
            "Beschreibung des Angebots",
            "Wartezeit in Wochen",
            "Geprüft am",
            "PLZ",
        ]
    )
    from datetime import datetime

    sheet.append(
        ["AWO Testland", "Sprachcafé", "Neu beschrieben.", 2.0, datetime(2026, 3, 4), 1067]
    )
    out = io.BytesIO()
    workbook.save(out)
    plan = plan_of(world, out.getvalue())
    assert plan.ok, plan.issues
    step = plan.services[0]
    assert step.action == UPDATE
    assert step.data["waiting_weeks"] == 2
    assert str(step.data["reviewed_on"]) == "2026-03-04"
    assert step.data["postcode"] == "01067"


def test_only_the_directory_managers_import(world, directory):
    with pytest.raises(NotAllowed):
        directory_import(actor=get_actor(world.cm), content=export(world))


# --- the pages ---------------------------------------------------------------------------------


def upload(client, content: bytes, name="angebote.csv"):
    return client.post(
        reverse("network:import"),
        {"step": "check", "file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_the_import_page_checks_then_imports_on_confirmation(client, world, directory):
    client.force_login(world.coordination)
    content = _csv(
        [["Organisation", "Angebot", "Wartezeit in Wochen"], ["AWO Testland", "Sprachcafé", "5"]]
    )
    page = upload(client, content)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vorschau" in text and "Jetzt importieren" in text
    assert Service.objects.get(pk=directory.language_cafe.pk).waiting_weeks == 0
    token = page.context["token"]
    done = client.post(reverse("network:import"), {"step": "confirm", "token": token})
    assert done.status_code == 302
    assert Service.objects.get(pk=directory.language_cafe.pk).waiting_weeks == 5
    # The same confirmation again finds nothing waiting.
    again = client.post(reverse("network:import"), {"step": "confirm", "token": token}, follow=True)
    assert "Die geprüfte Datei liegt nicht mehr vor." in again.content.decode()


def test_the_import_page_lists_every_error_with_row_and_column(client, world, directory):
    client.force_login(world.coordination)
    content = _csv(
        [
            ["Organisation", "Angebot", "Sprachen", "E-Mail"],
            ["AWO Testland", "Sprachcafé", "Klingonisch", ""],
            ["AWO Testland", "Wohnraumberatung", "", "kaputt"],
        ]
    )
    text = upload(client, content).content.decode()
    assert "Die Datei enthält 2 Fehler. Es wurde nichts importiert." in text
    assert "Klingonisch" in text
    assert "Geben Sie eine gültige E-Mail-Adresse ein." in text or "E-Mail" in text
    assert "Jetzt importieren" not in text


def test_a_confirmation_without_the_checked_file_imports_nothing(client, world, directory):
    client.force_login(world.coordination)
    response = client.post(
        reverse("network:import"), {"step": "confirm", "token": "x"}, follow=True
    )
    assert "Die geprüfte Datei liegt nicht mehr vor." in response.content.decode()
    assert not AuditEvent.objects.filter(action="directory.import").exists()


def test_case_managers_export_but_do_not_import(client, world, directory):
    client.force_login(world.cm)
    assert client.get(reverse("network:import")).status_code == 404
    assert upload(client, export(world)).status_code == 404
    response = client.get(reverse("network:export"), {"format": "xlsx", "sprache": "ar"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[9] for r in rows[1:]] == ["Aufenthaltsberatung", "Sprachcafé"]
    assert client.get(reverse("network:export"), {"format": "pdf"}).status_code == 404

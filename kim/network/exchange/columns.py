"""The columns of the directory's table: one row per service, with its organisation's
details repeated; an organisation without services has a row without "Angebot".

Lists (fields of action, languages …) are separated by semicolons and named
as the pages name them; codes are accepted as well on import.
"""

from dataclasses import dataclass

ORGANISATION, SERVICE = "organisation", "service"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    part: str  # ORGANISATION or SERVICE
    target: str  # the service layer's field name


# German headers, fixed: files made by hand or by other programs refer to them.
COLUMNS = [
    Column("org_name", "Organisation", ORGANISATION, "name"),
    Column("org_kind", "Art der Organisation", ORGANISATION, "kind"),
    Column("org_description", "Beschreibung der Organisation", ORGANISATION, "description"),
    Column("org_street", "Straße (Organisation)", ORGANISATION, "street"),
    Column("org_postcode", "PLZ (Organisation)", ORGANISATION, "postcode"),
    Column("org_city", "Ort (Organisation)", ORGANISATION, "city"),
    Column("org_phone", "Telefon (Organisation)", ORGANISATION, "phone"),
    Column("org_email", "E-Mail (Organisation)", ORGANISATION, "email"),
    Column("org_website", "Website (Organisation)", ORGANISATION, "website"),
    Column("name", "Angebot", SERVICE, "name"),
    Column("description", "Beschreibung des Angebots", SERVICE, "description"),
    Column("fields", "Handlungsfelder", SERVICE, "fields"),
    Column("target_groups", "Zielgruppen", SERVICE, "target_groups"),
    Column("legal_domains", "Rechtskreise", SERVICE, "legal_domains"),
    Column("languages", "Sprachen", SERVICE, "languages"),
    Column("towns", "Orte", SERVICE, "towns"),
    Column("districts", "Stadtteile", SERVICE, "districts"),
    Column("street", "Straße", SERVICE, "street"),
    Column("postcode", "PLZ", SERVICE, "postcode"),
    Column("city", "Ort", SERVICE, "city"),
    Column("directions", "So kommen Sie hin", SERVICE, "directions"),
    Column("opening_hours", "Öffnungszeiten", SERVICE, "opening_hours"),
    Column("contact_name", "Ansprechperson", SERVICE, "contact_name"),
    Column("contact_phone", "Telefon", SERVICE, "contact_phone"),
    Column("contact_email", "E-Mail", SERVICE, "contact_email"),
    Column("waiting_weeks", "Wartezeit in Wochen", SERVICE, "waiting_weeks"),
    Column("capacity_note", "Plätze und Wartezeit (Hinweis)", SERVICE, "capacity_note"),
    Column("accepts_referrals", "Nimmt Vermittlungen an", SERVICE, "accepts_referrals"),
    Column("referral_email", "E-Mail für Vermittlungen", SERVICE, "referral_email"),
    Column("reviewed_on", "Geprüft am", SERVICE, "reviewed_on"),
    Column("archived", "Archiviert", SERVICE, "archived"),
]
BY_KEY = {column.key: column for column in COLUMNS}
HEADERS = [column.header for column in COLUMNS]
REQUIRED = ("org_name",)
LIST_SEPARATOR = "; "
DISTRICT_SEPARATOR = ": "


def header_key(text: str) -> str | None:
    """The column a header names, ignoring case and surplus spaces."""
    wanted = " ".join(text.split()).casefold()
    for column in COLUMNS:
        if column.header.casefold() == wanted or column.key == wanted:
            return column.key
    return None


# The service layer's field name -> the column header, for error messages.
SERVICE_HEADERS = {c.target: c.header for c in COLUMNS if c.part == SERVICE}
ORGANISATION_HEADERS = {c.target: c.header for c in COLUMNS if c.part == ORGANISATION}

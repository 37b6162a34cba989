"""The directory as a table: the rows of an export, in the columns of `columns.COLUMNS`.

Values are written as the import reads them, so an exported file imports
without changes (German names whatever the page's language).
"""

from django.utils import translation

from kim.core.actor import Actor
from kim.core.models import Organisation
from kim.network.exchange.columns import COLUMNS, DISTRICT_SEPARATOR, LIST_SEPARATOR
from kim.network.exchange.table import write_csv, write_xlsx
from kim.network.models import Service, legal_domain_label, profile_of
from kim.network.selectors.directory import organisation_search
from kim.people.catalogues import LANGUAGE_NAMES


def _yes_no(value: bool) -> str:
    return "ja" if value else "nein"


def _organisation_values(organisation: Organisation) -> dict:
    profile = profile_of(organisation)
    values = {
        "org_name": organisation.name,
        "org_kind": str(organisation.get_kind_display()),
    }
    for key in ("description", "street", "postcode", "city", "phone", "email", "website"):
        values[f"org_{key}"] = getattr(profile, key) if profile else ""
    return values


def _service_values(service: Service) -> dict:
    return {
        "name": service.name,
        "description": service.description,
        "fields": LIST_SEPARATOR.join(f.name for f in service.fields.all()),
        "target_groups": LIST_SEPARATOR.join(g.name for g in service.target_groups.all()),
        "legal_domains": LIST_SEPARATOR.join(legal_domain_label(c) for c in service.legal_domains),
        "languages": LIST_SEPARATOR.join(str(LANGUAGE_NAMES.get(c, c)) for c in service.languages),
        "towns": LIST_SEPARATOR.join(t.name for t in service.towns.all()),
        "districts": LIST_SEPARATOR.join(
            f"{d.town.name}{DISTRICT_SEPARATOR}{d.name}"
            for d in sorted(service.districts.all(), key=lambda d: (d.town.name, d.name))
        ),
        "street": service.street,
        "postcode": service.postcode,
        "city": service.city,
        "directions": service.directions,
        "opening_hours": service.opening_hours,
        "contact_name": service.contact_name,
        "contact_phone": service.contact_phone,
        "contact_email": service.contact_email,
        "waiting_weeks": service.waiting_weeks if service.waiting_weeks is not None else "",
        "capacity_note": service.capacity_note,
        "accepts_referrals": _yes_no(service.accepts_referrals),
        "referral_email": service.referral_email,
        "reviewed_on": f"{service.reviewed_on:%d.%m.%Y}" if service.reviewed_on else "",
        "archived": _yes_no(service.archived_at is not None),
    }


def export_rows(actor: Actor, services, *, with_organisations_without_services: bool) -> list[list]:
    """One row per service (loaded `with_details`); organisations without a listed
    service get a row of their own when the whole directory is exported."""
    with translation.override("de"):
        rows = []
        listed = set()
        for service in services:
            listed.add(service.organisation_id)
            values = _organisation_values(service.organisation) | _service_values(service)
            rows.append([values.get(column.key, "") for column in COLUMNS])
        if with_organisations_without_services:
            for organisation in organisation_search(actor):
                if organisation.pk not in listed:
                    values = _organisation_values(organisation)
                    rows.append([values.get(column.key, "") for column in COLUMNS])
        rows.sort(key=lambda row: (row[0].casefold(), row[9].casefold()))
    return rows


def export_file(rows: list[list], file_format: str) -> tuple[bytes, str]:
    """The file's content and its content type."""
    headers = [column.header for column in COLUMNS]
    if file_format == "xlsx":
        return (
            write_xlsx(headers, rows, title="Angebote"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return write_csv(headers, rows), "text/csv; charset=utf-8"

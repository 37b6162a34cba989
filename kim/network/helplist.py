"""The document „Wo finde ich Hilfe?“: chosen services in simple German, as HTML for
the browser's print dialogue and as a PDF (WeasyPrint, via kim.reports.pdf).

It carries no personal data: only the services, the tenant and the day.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.models import Tenant
from kim.network.languages import LanguageName, language_names
from kim.network.models import Service, profile_of
from kim.network.selectors.directory import directory_services, with_details
from kim.reports import pdf

STYLESHEET = "network/helplist.css"


def helplist_services(actor: Actor, ids: list[int]) -> list[Service]:
    """The active services among these ids, in the order they were chosen."""
    if not ids:
        return []
    found = {s.pk: s for s in with_details(directory_services(actor).active().filter(pk__in=ids))}
    return [found[i] for i in ids if i in found]


@dataclass
class Entry:
    """One service as the list shows it: plain words, the address that applies."""

    service: Service
    organisation_name: str
    address_lines: list[str]
    phone: str
    email: str
    website: str
    languages: list[LanguageName]
    waiting: str


def _waiting(service: Service) -> str:
    if service.waiting_weeks is None:
        return ""
    if service.waiting_weeks == 0:
        return _("Sie müssen nicht warten.")
    if service.waiting_weeks == 1:
        return _("Sie warten etwa 1 Woche auf einen Termin.")
    return _("Sie warten etwa %(n)s Wochen auf einen Termin.") % {"n": service.waiting_weeks}


def entry(service: Service, *, for_pdf: bool) -> Entry:
    profile = profile_of(service.organisation)
    if service.street or service.city:
        street, postcode, city = service.street, service.postcode, service.city
    elif profile is not None:
        street, postcode, city = profile.street, profile.postcode, profile.city
    else:
        street = postcode = city = ""
    lines = [line for line in (street, f"{postcode} {city}".strip()) if line]
    return Entry(
        service=service,
        organisation_name=service.organisation.name,
        address_lines=lines,
        phone=service.contact_phone or (profile.phone if profile else ""),
        email=service.contact_email or (profile.email if profile else ""),
        website=profile.website if profile else "",
        languages=language_names(
            [code for code in service.languages if code != "de"], printable_only=for_pdf
        ),
        waiting=_waiting(service),
    )


def helplist_document(
    actor: Actor, services: list[Service], *, printed_on: date, for_pdf: bool
) -> str:
    tenant = Tenant.objects.get(pk=actor.tenant_id)
    return render_to_string(
        "network/helplist_document.html",
        {
            "tenant": tenant,
            "entries": [entry(service, for_pdf=for_pdf) for service in services],
            "printed_on": printed_on,
            "for_pdf": for_pdf,
        },
    )


def _page_css(tenant_name: str, printed_on: date) -> str:
    with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
        own = stylesheet.read()
    boxes = pdf.margin_boxes(
        top_left=[tenant_name, _("Kommunales Integrationsmanagement")],
        top_right=[
            _("Wo finde ich Hilfe?"),
            _("Stand: %(date)s") % {"date": f"{printed_on:%d.%m.%Y}"},
        ],
        bottom_left=_("Dieses Blatt enthält keine persönlichen Daten."),
    )
    return own + "\n" + boxes


def helplist_pdf(actor: Actor, services: list[Service], *, printed_on: date) -> tuple[bytes, str]:
    """The PDF and its file name. Ask `pdf.unavailable_reason()` first."""
    from django.utils import translation

    with translation.override("de"):
        html = helplist_document(actor, services, printed_on=printed_on, for_pdf=True)
        tenant_name = Tenant.objects.get(pk=actor.tenant_id).name
        content = pdf.render_pdf(html, page_css=_page_css(tenant_name, printed_on))
    return content, f"Wo-finde-ich-Hilfe-{printed_on:%Y-%m-%d}.pdf"

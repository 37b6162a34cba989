"""„Wo finde ich Hilfe?“: a printable list of services for a person, in simple German.

The case manager collects services from the search (kept in the session:
service ids, no personal data) and prints the list or downloads it as a PDF.
The document names no person, so it is neither stored nor audited.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.views import safe_next
from kim.network.abilities import may_manage_directory
from kim.network.helplist import helplist_document, helplist_pdf, helplist_services
from kim.network.views.common import NAV, directory_crumbs, reader
from kim.reports import pdf

SESSION_KEY = "network_helplist"
MAX_ENTRIES = 30


def helplist_ids(request) -> list[int]:
    ids = request.session.get(SESSION_KEY, [])
    return [i for i in ids if isinstance(i, int)][:MAX_ENTRIES]


def _store(request, ids: list[int]) -> None:
    request.session[SESSION_KEY] = ids[:MAX_ENTRIES]


def _service_id(request) -> int | None:
    value = request.POST.get("angebot", "")
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def helplist_add(request):
    actor = reader(request)
    ids = helplist_ids(request)
    service_id = _service_id(request)
    services = helplist_services(actor, [service_id]) if service_id else []
    if not services:
        messages.error(request, _("Dieses Angebot gibt es nicht (mehr)."))
    elif service_id in ids:
        pass
    elif len(ids) >= MAX_ENTRIES:
        messages.error(
            request,
            _("Die Liste hat schon %(n)s Angebote. Mehr passen nicht auf ein Blatt.")
            % {"n": MAX_ENTRIES},
        )
    else:
        ids.append(service_id)
        _store(request, ids)
    if request.htmx:
        return render(
            request,
            "network/_helplist_toggle.html",
            {
                "service": services[0] if services else None,
                "on_helplist": service_id in ids,
                "count": len(ids),
                "with_link": True,
            },
        )
    return redirect(safe_next(request, reverse("network:helplist")))


@login_required
@require_POST
def helplist_remove(request):
    actor = reader(request)
    service_id = _service_id(request)
    ids = [i for i in helplist_ids(request) if i != service_id]
    _store(request, ids)
    if request.htmx and request.POST.get("from") == "search":
        services = helplist_services(actor, [service_id]) if service_id else []
        return render(
            request,
            "network/_helplist_toggle.html",
            {
                "service": services[0] if services else None,
                "on_helplist": False,
                "count": len(ids),
                "with_link": True,
            },
        )
    return redirect(safe_next(request, reverse("network:helplist")))


@login_required
@require_POST
def helplist_clear(request):
    reader(request)
    _store(request, [])
    messages.success(request, _("Die Liste ist jetzt leer."))
    return redirect("network:helplist")


@login_required
def helplist(request):
    """The chosen services, with links to the print view and the PDF."""
    actor = reader(request)
    services = helplist_services(actor, helplist_ids(request))
    return render(
        request,
        "network/helplist.html",
        {
            "services": services,
            "pdf_available": not pdf.unavailable_reason(),
            "can_manage": may_manage_directory(actor),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((_("Wo finde ich Hilfe?"), None)),
        },
    )


def _nocache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
def helplist_print(request):
    actor = reader(request)
    services = helplist_services(actor, helplist_ids(request))
    if not services:
        messages.info(request, _("Wählen Sie zuerst Angebote für die Liste aus."))
        return redirect("network:directory")
    with translation.override("de"):
        html = helplist_document(actor, services, printed_on=timezone.localdate(), for_pdf=False)
    return _nocache(HttpResponse(html))


@login_required
def helplist_download(request):
    actor = reader(request)
    services = helplist_services(actor, helplist_ids(request))
    if not services:
        messages.info(request, _("Wählen Sie zuerst Angebote für die Liste aus."))
        return redirect("network:directory")
    if pdf.unavailable_reason():
        return _nocache(
            render(
                request,
                "network/helplist_pdf_unavailable.html",
                {
                    "nav_active": NAV,
                    "breadcrumbs": directory_crumbs(
                        (_("Wo finde ich Hilfe?"), reverse("network:helplist")),
                        (_("PDF"), None),
                    ),
                },
                status=503,
            )
        )
    content, filename = helplist_pdf(actor, services, printed_on=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _nocache(response)

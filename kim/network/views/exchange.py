"""Export of the directory (the filtered list, CSV or XLSX) and its import.

The import is a two-step page: the upload checks the whole file and lists
every problem (nothing is written), or shows what would be created and
changed; only the confirmation writes, in one transaction. Between the two
steps the file waits in the session (at most `MAX_BYTES`), named by its
SHA-256, so the confirmation imports exactly the file that was checked.
"""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.errors import NotAllowed
from kim.network.abilities import may_manage_directory
from kim.network.exchange.columns import HEADERS, ORGANISATION, SERVICE
from kim.network.exchange.export import export_file, export_rows
from kim.network.exchange.plan import CREATE, UNCHANGED, UPDATE, build_plan
from kim.network.exchange.table import MAX_BYTES, MAX_ROWS
from kim.network.forms import ImportForm, ServiceFilterForm
from kim.network.selectors.directory import service_search, with_details
from kim.network.services.exchange import ImportRefused, directory_import
from kim.network.views.common import NAV, directory_crumbs, manager, reader

SESSION_KEY = "network_import"
FORMATS = {"csv", "xlsx"}


@login_required
def export(request):
    """The services the search shows (same filters), as CSV or XLSX."""
    actor = reader(request)
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("seite", None)
    form = ServiceFilterForm(
        params or None, tenant_id=actor.tenant_id, can_manage=may_manage_directory(actor)
    )
    filters = form.filters()
    services = with_details(service_search(actor, filters))
    rows = export_rows(actor, services, with_organisations_without_services=not form.is_filtered)
    content, content_type = export_file(rows, file_format)
    response = HttpResponse(content, content_type=content_type)
    filename = f"Angebote-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page(request, context: dict, *, status: int = 200):
    title = _("Angebote importieren")
    return render(
        request,
        "network/import.html",
        {
            "title": title,
            "headers": HEADERS,
            "max_rows": MAX_ROWS,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((title, None)),
            **context,
        },
        status=status,
    )


def _summary(plan) -> dict:
    return {
        "organisations": {
            "create": plan.count(ORGANISATION, CREATE),
            "update": plan.count(ORGANISATION, UPDATE),
            "unchanged": plan.count(ORGANISATION, UNCHANGED),
        },
        "services": {
            "create": plan.count(SERVICE, CREATE),
            "update": plan.count(SERVICE, UPDATE),
            "unchanged": plan.count(SERVICE, UNCHANGED),
        },
    }


@login_required
def import_view(request):
    actor = manager(request)
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)
        return _page(request, {"form": ImportForm()})
    if request.POST.get("step") == "confirm":
        return _confirm(request, actor)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, {"form": form})
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error(
            "file",
            _("Die Datei ist zu groß (höchstens %(mb)s MB). Teilen Sie sie bitte auf.")
            % {"mb": MAX_BYTES // (1024 * 1024)},
        )
        return _page(request, {"form": form})
    content = upload.read()
    plan = build_plan(actor, content, filename=upload.name)
    if not plan.ok:
        return _page(request, {"form": ImportForm(), "plan": plan})
    digest = hashlib.sha256(content).hexdigest()
    request.session[SESSION_KEY] = {
        "sha256": digest,
        "name": upload.name[:200],
        "content": base64.b64encode(content).decode("ascii"),
    }
    return _page(request, {"plan": plan, "summary": _summary(plan), "token": digest, "form": None})


def _confirm(request, actor):
    stored = request.session.get(SESSION_KEY) or {}
    if not stored or stored.get("sha256") != request.POST.get("token"):
        messages.error(
            request,
            _("Die geprüfte Datei liegt nicht mehr vor. Bitte laden Sie sie erneut hoch."),
        )
        return redirect("network:import")
    content = base64.b64decode(stored["content"])
    try:
        plan = directory_import(actor=actor, content=content, filename=stored["name"])
    except ImportRefused as refused:
        request.session.pop(SESSION_KEY, None)
        return _page(request, {"form": ImportForm(), "plan": refused.plan, "refused": True})
    except NotAllowed as exc:
        raise Http404 from exc
    request.session.pop(SESSION_KEY, None)
    summary = _summary(plan)
    messages.success(
        request,
        _("Import abgeschlossen: %(oc)s Organisationen neu, %(ou)s geändert; %(sc)s Angebote "
          "neu, %(su)s geändert, %(sn)s unverändert.")
        % {
            "oc": summary["organisations"]["create"],
            "ou": summary["organisations"]["update"],
            "sc": summary["services"]["create"],
            "su": summary["services"]["update"],
            "sn": summary["services"]["unchanged"],
        },
    )  # fmt: skip
    return redirect(reverse("network:directory"))

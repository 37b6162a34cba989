"""The responsibility finder (every user of the tenant) and the maintenance of
responsibilities (DIRECTORY_MANAGE)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import paginate
from kim.network.abilities import may_manage_directory
from kim.network.finder import find_responsible, responsibility_rows, towns_for_address
from kim.network.forms import FinderForm, ResponsibilityForm, VersionForm
from kim.network.languages import language_names
from kim.network.models import Responsibility, legal_domain_label
from kim.network.services.responsibility import (
    RESPONSIBILITY_FIELDS,
    responsibility_create,
    responsibility_delete,
    responsibility_update,
)
from kim.network.views.common import NAV, conflict_rows, directory_crumbs, manager, reader


def _finder_crumbs(*items):
    return directory_crumbs((_("Zuständigkeitsfinder"), reverse("network:finder")), *items)


@login_required
def finder(request):
    """Field of action + legal domain + town (or postcode/address) → the responsible office."""
    actor = reader(request)
    form = FinderForm(request.GET or None, tenant_id=actor.tenant_id)
    match = None
    town = None
    asked = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        town = data.get("ort")
        if town is None and data.get("adresse"):
            towns = towns_for_address(actor, data["adresse"])
            if len(towns) == 1:
                town = towns[0]
            elif towns:
                form.add_error(
                    "adresse",
                    _("Diese Angabe passt zu mehreren Orten (%(towns)s). Bitte den Ort wählen.")
                    % {"towns": ", ".join(t.name for t in towns)},
                )
            else:
                form.add_error(
                    "adresse",
                    _("Zu dieser Postleitzahl oder Anschrift kennen wir keinen Ort der Kommune. "
                      "Bitte den Ort wählen."),
                )  # fmt: skip
        if not form.errors:
            asked = True
            match = find_responsible(
                actor,
                field=data["feld"],
                legal_domain=data.get("rechtskreis") or "",
                town=town,
            )
    service = match.responsibility.service if match else None
    context = {
        "form": form,
        "asked": asked,
        "match": match,
        "town": town,
        "legal_domain": legal_domain_label(form.cleaned_data.get("rechtskreis") or "")
        if asked
        else "",
        "service_languages": language_names(service.languages) if service else [],
        "can_manage": may_manage_directory(actor),
        "nav_active": NAV,
        "breadcrumbs": directory_crumbs((_("Zuständigkeitsfinder"), None)),
    }
    return render(request, "network/finder.html", context)


@login_required
def responsibility_list(request):
    actor = manager(request)
    rows = responsibility_rows(actor).order_by(
        "field__position", "field__name", "legal_domain", "town__name", "valid_from", "id"
    )
    return render(
        request,
        "network/responsibility_list.html",
        {
            "page": paginate(request, rows, 100),
            "today": timezone.localdate(),
            "nav_active": NAV,
            "breadcrumbs": _finder_crumbs((_("Zuständigkeiten pflegen"), None)),
        },
    )


def _initial(row: Responsibility) -> dict:
    initial = {name: getattr(row, name) for name in RESPONSIBILITY_FIELDS}
    initial["version"] = row.version
    return initial


def _save(request, actor, row: Responsibility | None):
    conflict = None
    if request.method == "POST":
        form = ResponsibilityForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                if row is None:
                    responsibility_create(actor=actor, **form.responsibility_data())
                else:
                    responsibility_update(
                        actor=actor,
                        responsibility=row,
                        version=form.cleaned_data["version"] or 0,
                        **form.responsibility_data(),
                    )
            except StaleEdit as stale:
                conflict = conflict_rows(form, _initial(stale.current))
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = ResponsibilityForm(data, tenant_id=actor.tenant_id)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Zuständigkeit wurde gespeichert."))
                return redirect("network:responsibilities")
    else:
        initial = _initial(row) if row else {}
        form = ResponsibilityForm(initial=initial, tenant_id=actor.tenant_id)
    title = _("Zuständigkeit bearbeiten") if row else _("Zuständigkeit eintragen")
    return render(
        request,
        "network/responsibility_form.html",
        {
            "form": form,
            "row": row,
            "conflict": conflict,
            "delete_form": VersionForm(initial={"version": row.version}) if row else None,
            "title": title,
            "nav_active": NAV,
            "breadcrumbs": _finder_crumbs(
                (_("Zuständigkeiten pflegen"), reverse("network:responsibilities")),
                (title, None),
            ),
        },
    )


@login_required
def responsibility_new(request):
    return _save(request, manager(request), None)


def _row(actor, pk) -> Responsibility:
    return get_object_or_404(responsibility_rows(actor), pk=pk)


@login_required
def responsibility_edit(request, pk):
    actor = manager(request)
    return _save(request, actor, _row(actor, pk))


@login_required
def responsibility_delete_view(request, pk):
    actor = manager(request)
    row = _row(actor, pk)
    if request.method != "POST":
        return redirect("network:responsibility_edit", pk=row.pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleEdit(row)
        responsibility_delete(actor=actor, responsibility=row, version=form.cleaned_data["version"])
    except StaleEdit:
        messages.error(
            request,
            _("Die Zuständigkeit wurde inzwischen geändert. Bitte prüfen Sie sie erneut."),
        )
        return redirect("network:responsibility_edit", pk=row.pk)
    messages.success(request, _("Die Zuständigkeit wurde gelöscht."))
    return redirect("network:responsibilities")

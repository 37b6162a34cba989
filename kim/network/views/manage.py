"""Maintaining the directory (DIRECTORY_MANAGE): services and organisations.

Forms keep what was typed on every error; a save based on an older version
shows what changed meanwhile and keeps the input (the next save overwrites
deliberately).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.models import Organisation
from kim.core.views import safe_next
from kim.network.forms import ArchiveForm, OrganisationForm, ServiceForm, VersionForm
from kim.network.models import OrganisationProfile, Service, profile_of
from kim.network.selectors.directory import directory_services
from kim.network.services.directory import (
    organisation_archive,
    organisation_create,
    organisation_restore,
    organisation_update,
    service_archive,
    service_create,
    service_mark_reviewed,
    service_restore,
    service_update,
)
from kim.network.views.common import NAV, conflict_rows, directory_crumbs, manager


def _service(actor, pk) -> Service:
    return get_object_or_404(
        directory_services(actor).select_related("organisation", "organisation__profile"), pk=pk
    )


def _organisation(actor, pk) -> Organisation:
    return get_object_or_404(
        Organisation.objects.filter(tenant_id=actor.tenant_id).select_related("profile"), pk=pk
    )


def _service_url(service) -> str:
    return reverse("network:service", args=[service.pk])


def _organisation_url(organisation) -> str:
    return reverse("network:organisation", args=[organisation.pk])


def _rebound(form_class, request, version: int, **kwargs):
    """The form again with what the user typed and the current version."""
    data = request.POST.copy()
    data["version"] = version
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


# --- services --------------------------------------------------------------------------


@login_required
def service_new(request):
    actor = manager(request)
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        initial["organisation"] = int(organisation_id)
    form = ServiceForm(request.POST or None, initial=initial, tenant_id=actor.tenant_id)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(
                actor=actor,
                organisation=form.cleaned_data["organisation"],
                **form.service_data(),
            )
        except ValidationError as error:
            add_service_errors(form, _renamed(error))
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request, _("Das Angebot „%(name)s“ wurde angelegt.") % {"name": service.name}
            )
            return redirect(_service_url(service))
    return render(
        request,
        "network/service_form.html",
        {
            "form": form,
            "title": _("Angebot anlegen"),
            "cancel": reverse("network:directory"),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((_("Angebot anlegen"), None)),
        },
    )


def _renamed(error: ValidationError) -> ValidationError:
    """The service layer's `fields` is the form's `fields_of_action`."""
    if hasattr(error, "error_dict") and "fields" in error.error_dict:
        error.error_dict["fields_of_action"] = error.error_dict.pop("fields")
    return error


@login_required
def service_edit(request, pk):
    actor = manager(request)
    service = _service(actor, pk)
    if service.archived_at is not None:
        messages.info(request, _("Das Angebot ist archiviert. Stellen Sie es zuerst wieder her."))
        return redirect(_service_url(service))
    conflict = None
    if request.method == "POST":
        form = ServiceForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                service = service_update(
                    actor=actor,
                    service=service,
                    version=form.cleaned_data["version"] or 0,
                    organisation=form.cleaned_data["organisation"],
                    **form.service_data(),
                )
            except StaleEdit as stale:
                conflict = conflict_rows(form, ServiceForm.initial_for(stale.current))
                form = _rebound(
                    ServiceForm, request, stale.current.version, tenant_id=actor.tenant_id
                )
            except ValidationError as error:
                add_service_errors(form, _renamed(error))
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect(_service_url(service))
    else:
        form = ServiceForm(initial=ServiceForm.initial_for(service), tenant_id=actor.tenant_id)
    title = _("Angebot bearbeiten")
    return render(
        request,
        "network/service_form.html",
        {
            "form": form,
            "service": service,
            "conflict": conflict,
            "title": title,
            "cancel": _service_url(service),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((service.name, _service_url(service)), (title, None)),
        },
    )


@login_required
def service_archive_view(request, pk):
    actor = manager(request)
    service = _service(actor, pk)
    if service.archived_at is not None:
        messages.info(request, _("Das Angebot ist bereits archiviert."))
        return redirect(_service_url(service))
    form = ArchiveForm(request.POST or None, initial={"version": service.version})
    if request.method == "POST" and form.is_valid():
        try:
            service_archive(
                actor=actor,
                service=service,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            messages.error(
                request,
                _("Das Angebot wurde inzwischen geändert. Bitte prüfen Sie es und archivieren "
                  "Sie es dann erneut."),
            )  # fmt: skip
            return redirect(_service_url(service))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Das Angebot „%(name)s“ wurde archiviert.") % {"name": service.name}
            )
            return redirect(_service_url(service))
    title = _("Angebot archivieren")
    return render(
        request,
        "network/archive_form.html",
        {
            "form": form,
            "title": title,
            "subject": service.name,
            "intro": _(
                "Archivierte Angebote erscheinen nicht mehr in der Suche, in Hilfelisten und "
                "im Zuständigkeitsfinder. Sie bleiben gespeichert und können wiederhergestellt "
                "werden."
            ),
            "cancel": _service_url(service),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((service.name, _service_url(service)), (title, None)),
        },
    )


def _versioned_post(request, write, *, back: str, done: str, stale: str):
    """A one-button action with the version the page showed (restore, mark reviewed)."""
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, stale)
        return redirect(back)
    try:
        write(form.cleaned_data["version"])
    except StaleEdit:
        messages.error(request, stale)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


@login_required
@require_POST
def service_restore_view(request, pk):
    actor = manager(request)
    service = _service(actor, pk)
    return _versioned_post(
        request,
        lambda version: service_restore(actor=actor, service=service, version=version),
        back=_service_url(service),
        done=_("Das Angebot „%(name)s“ ist wieder aktiv.") % {"name": service.name},
        stale=_("Das Angebot wurde inzwischen geändert. Bitte prüfen Sie es erneut."),
    )


@login_required
@require_POST
def service_review_view(request, pk):
    actor = manager(request)
    service = _service(actor, pk)
    return _versioned_post(
        request,
        lambda version: service_mark_reviewed(actor=actor, service=service, version=version),
        back=safe_next(request, _service_url(service)),
        done=_("„%(name)s“ ist als heute geprüft vermerkt.") % {"name": service.name},
        stale=_("Das Angebot wurde inzwischen geändert. Bitte prüfen Sie es erneut."),
    )


# --- organisations -----------------------------------------------------------------------


def _organisation_initial(organisation: Organisation, profile: OrganisationProfile | None) -> dict:
    initial = {"name": organisation.name, "kind": organisation.kind}
    for name in OrganisationForm.PROFILE:
        initial[name] = getattr(profile, name) if profile else ""
    initial["version"] = profile.version if profile else 1
    return initial


@login_required
def organisation_new(request):
    actor = manager(request)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(actor=actor, **form.organisation_data())
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Die Organisation „%(name)s“ wurde angelegt.") % {"name": organisation.name},
            )
            return redirect(_organisation_url(organisation))
    title = _("Organisation anlegen")
    return render(
        request,
        "network/organisation_form.html",
        {
            "form": form,
            "title": title,
            "cancel": reverse("network:organisations"),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs(
                (_("Organisationen"), reverse("network:organisations")), (title, None)
            ),
        },
    )


@login_required
def organisation_edit(request, pk):
    actor = manager(request)
    organisation = _organisation(actor, pk)
    profile = profile_of(organisation)
    if profile is not None and profile.archived_at is not None:
        messages.info(
            request, _("Die Organisation ist archiviert. Stellen Sie sie zuerst wieder her.")
        )
        return redirect(_organisation_url(organisation))
    conflict = None
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                organisation = organisation_update(
                    actor=actor,
                    organisation=organisation,
                    version=form.cleaned_data["version"] or 0,
                    **form.organisation_data(),
                )
            except StaleEdit as stale:
                current = Organisation.objects.get(pk=organisation.pk)
                conflict = conflict_rows(form, _organisation_initial(current, stale.current))
                form = _rebound(OrganisationForm, request, stale.current.version)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect(_organisation_url(organisation))
    else:
        form = OrganisationForm(initial=_organisation_initial(organisation, profile))
    title = _("Organisation bearbeiten")
    return render(
        request,
        "network/organisation_form.html",
        {
            "form": form,
            "organisation": organisation,
            "conflict": conflict,
            "title": title,
            "cancel": _organisation_url(organisation),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs(
                (_("Organisationen"), reverse("network:organisations")),
                (organisation.name, _organisation_url(organisation)),
                (title, None),
            ),
        },
    )


@login_required
def organisation_archive_view(request, pk):
    actor = manager(request)
    organisation = _organisation(actor, pk)
    profile = profile_of(organisation)
    if profile is not None and profile.archived_at is not None:
        messages.info(request, _("Die Organisation ist bereits archiviert."))
        return redirect(_organisation_url(organisation))
    form = ArchiveForm(request.POST or None, initial={"version": profile.version if profile else 1})
    if request.method == "POST" and form.is_valid():
        try:
            organisation_archive(
                actor=actor,
                organisation=organisation,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit:
            messages.error(
                request,
                _("Die Organisation wurde inzwischen geändert. Bitte prüfen Sie sie und "
                  "archivieren Sie sie dann erneut."),
            )  # fmt: skip
            return redirect(_organisation_url(organisation))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Organisation „%(name)s“ und ihre Angebote wurden archiviert.")
                % {"name": organisation.name},
            )
            return redirect(_organisation_url(organisation))
    title = _("Organisation archivieren")
    return render(
        request,
        "network/archive_form.html",
        {
            "form": form,
            "title": title,
            "subject": organisation.name,
            "intro": _(
                "Die Organisation und alle ihre aktuellen Angebote verschwinden aus der Suche. "
                "Einheiten, Einwilligungen und Zuständigkeiten, die sie nennen, bleiben "
                "unverändert."
            ),
            "cancel": _organisation_url(organisation),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs(
                (_("Organisationen"), reverse("network:organisations")),
                (organisation.name, _organisation_url(organisation)),
                (title, None),
            ),
        },
    )


@login_required
@require_POST
def organisation_restore_view(request, pk):
    actor = manager(request)
    organisation = _organisation(actor, pk)
    return _versioned_post(
        request,
        lambda version: organisation_restore(
            actor=actor, organisation=organisation, version=version
        ),
        back=_organisation_url(organisation),
        done=_(
            "Die Organisation „%(name)s“ ist wieder aktiv. Ihre Angebote stellen Sie "
            "einzeln wieder her."
        )
        % {"name": organisation.name},
        stale=_("Die Organisation wurde inzwischen geändert. Bitte prüfen Sie sie erneut."),
    )

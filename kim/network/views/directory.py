"""Reading the directory: search with filters, service and organisation pages, review due.

Every user of the tenant reads it; it is not personal data, so reading is not
audited. The search answers htmx requests with the result list alone and
works as a plain form without JavaScript.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.models import Organisation
from kim.core.views import paginate
from kim.network.abilities import may_manage_directory, organisation_abilities
from kim.network.finder import responsibility_rows
from kim.network.forms import ServiceFilterForm, VersionForm
from kim.network.languages import language_names
from kim.network.models import profile_of
from kim.network.selectors.directory import (
    ACTIVE,
    ALL,
    ARCHIVED,
    directory_services,
    organisation_search,
    service_search,
    services_due_for_review,
    services_of_organisation,
    with_details,
)
from kim.network.views.common import NAV, directory_crumbs, reader
from kim.network.views.helplist import helplist_ids

RESULT_PAGE_SIZE = 20


@login_required
def directory(request):
    actor = reader(request)
    can_manage = may_manage_directory(actor)
    form = ServiceFilterForm(request.GET or None, tenant_id=actor.tenant_id, can_manage=can_manage)
    filters = form.filters()
    page = paginate(request, with_details(service_search(actor, filters)), RESULT_PAGE_SIZE)
    chosen = set(helplist_ids(request))
    page.object_list = list(page.object_list)
    for service in page.object_list:
        service.on_helplist = service.pk in chosen
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_bound and form.is_filtered,
        "query": query.urlencode(),
        "helplist": chosen,
        "can_manage": can_manage,
        "nav_active": NAV,
        "breadcrumbs": directory_crumbs(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "network/_service_results.html", context)
    return render(request, "network/directory.html", context)


def _service(actor, pk):
    return get_object_or_404(with_details(directory_services(actor)), pk=pk)


@login_required
def service_detail(request, pk):
    actor = reader(request)
    service = _service(actor, pk)
    responsible_for = list(
        responsibility_rows(actor).filter(service=service).order_by("field__position", "id")
    )
    return render(
        request,
        "network/service_detail.html",
        {
            "service": service,
            "organisation": service.organisation,
            "profile": profile_of(service.organisation),
            "languages": language_names(service.languages),
            "can": abilities(actor, service),
            "version_form": VersionForm(initial={"version": service.version}),
            "on_helplist": service.pk in helplist_ids(request),
            "responsible_for": responsible_for,
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((service.name, None)),
        },
    )


@login_required
def organisation_list(request):
    actor = reader(request)
    can_manage = may_manage_directory(actor)
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("art", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    status = request.GET.get("status", ACTIVE) if can_manage else ACTIVE
    if status not in (ACTIVE, ARCHIVED, ALL):
        status = ACTIVE
    organisations = organisation_search(actor, q=q, kind=kind, status=status)
    page = paginate(request, organisations, 50)
    return render(
        request,
        "network/organisation_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "status": status,
            "kinds": Organisation.Kind.choices,
            "can_manage": can_manage,
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((_("Organisationen"), None)),
        },
    )


@login_required
def organisation_detail(request, pk):
    actor = reader(request)
    organisation = get_object_or_404(
        Organisation.objects.filter(tenant_id=actor.tenant_id).select_related("profile"), pk=pk
    )
    profile = profile_of(organisation)
    services = services_of_organisation(actor, organisation)
    responsible_for = list(
        responsibility_rows(actor)
        .filter(organisation=organisation)
        .order_by("field__position", "legal_domain", "town__name", "id")
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "profile": profile,
            "services": services,
            "responsible_for": responsible_for,
            "can": organisation_abilities(actor, organisation),
            "version_form": VersionForm(initial={"version": profile.version if profile else 1}),
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs(
                (_("Organisationen"), reverse("network:organisations")),
                (organisation.name, None),
            ),
        },
    )


@login_required
def review_due(request):
    """Services not reviewed for a year: the coordination's list to call round."""
    actor = reader(request)
    if not may_manage_directory(actor):
        from django.http import Http404

        raise Http404
    page = paginate(request, services_due_for_review(actor), 50)
    return render(
        request,
        "network/review_due.html",
        {
            "page": page,
            "nav_active": NAV,
            "breadcrumbs": directory_crumbs((_("Prüfung fällig"), None)),
        },
    )

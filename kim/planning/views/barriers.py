from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.models import Tenant
from kim.core.views import crumbs
from kim.planning.forms import BarrierForm, BarrierStatisticsForm
from kim.planning.models import Barrier
from kim.planning.sections import may_see_barrier_counts
from kim.planning.selectors import barrier_counts
from kim.planning.services import barrier_flag
from kim.planning.statistics import suppressed_table
from kim.planning.views.common import case_crumbs, case_for, case_url


@login_required
def barrier_new(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "flag_barrier")
    if request.method == "POST":
        form = BarrierForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                barrier_flag(
                    actor=actor, case=case, source=Barrier.Source.OTHER, **form.barrier_data()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Hürde wurde gemeldet."))
                return redirect(case_url(case, "huerden"))
    else:
        form = BarrierForm(tenant_id=actor.tenant_id)
    title = _("Hürde melden")
    return render(
        request,
        "planning/barrier_form.html",
        {
            "form": form,
            "case": case,
            "title": title,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title),
        },
    )


@login_required
def barrier_statistics(request):
    """Counts only: no case, no person, small numbers suppressed."""
    actor = get_actor(request.user)
    if not may_see_barrier_counts(actor):
        raise Http404
    form = BarrierStatisticsForm(request.GET or None)
    period = form.cleaned_data if form.is_bound and form.is_valid() else {}
    threshold = (
        Tenant.objects.only("disclosure_threshold").get(pk=actor.tenant_id).disclosure_threshold
    )
    counts = barrier_counts(actor, since=period.get("since"), until=period.get("until"))
    tables = [
        (_("Hürden nach Art"), _("Art der Hürde"), suppressed_table(counts["category"], threshold)),
        (
            _("Hürden nach Handlungsfeld"),
            _("Handlungsfeld"),
            suppressed_table(counts["field"], threshold),
        ),
        (
            _("Hürden nach Rechtskreis"),
            _("Rechtskreis"),
            suppressed_table(counts["legal_domain"], threshold),
        ),
    ]
    return render(
        request,
        "planning/barrier_statistics.html",
        {
            "form": form,
            "tables": tables,
            "threshold": threshold,
            "withheld": any(table["withheld"] for _caption, _head, table in tables),
            "nav_active": "barriers",
            "breadcrumbs": crumbs((_("Hürden in der Kommune"), None)),
        },
    )

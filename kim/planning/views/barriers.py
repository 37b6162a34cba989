from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.planning.forms import BarrierForm
from kim.planning.models import Barrier
from kim.planning.services import barrier_flag
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


def barrier_statistics(request):
    """The counts moved to the coordination's overview (kim.steering), which protects
    small numbers across a year's tables; old bookmarks land there."""
    return redirect("steering:barriers", permanent=True)

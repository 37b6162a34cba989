"""The authority takes up a referral of the case management as a procedure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.models import Unit
from kim.core.views import crumbs
from kim.residence import handover
from kim.residence.procedure_forms import ProcedureOpenForm


@login_required
def procedure_from_referral(request, pk):
    actor = get_actor(request.user)
    try:
        referral = handover.referral_for_procedure(actor, pk)
    except NotAllowed as exc:
        raise Http404 from exc
    units = Unit.objects.filter(pk__in=[u.pk for u in handover.units_for_referral(actor, referral)])
    if not units:
        raise Http404
    existing = handover.Procedure.objects.filter(referral=referral).first()
    if existing is not None:
        return redirect("residence:procedure", pk=existing.pk)
    status = 200
    if request.method == "POST":
        form = ProcedureOpenForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                procedure = handover.procedure_from_referral(
                    actor=actor,
                    referral=referral,
                    kind=data["kind"],
                    opened_on=data["opened_on"],
                    unit=data.get("unit"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Das Verfahren ist angelegt; die Vermittlung %(ref)s ist angenommen.")
                    % {"ref": referral.reference},
                )
                return redirect("residence:procedure", pk=procedure.pk)
        status = 422
    else:
        form = ProcedureOpenForm(initial={"opened_on": timezone.localdate()}, units=units)
    title = _("Verfahren aus der Vermittlung %(ref)s anlegen") % {"ref": referral.reference}
    return render(
        request,
        "residence/procedure_from_referral.html",
        {
            "referral": referral,
            "form": form,
            "title": title,
            "nav_active": "precheck",
            "breadcrumbs": crumbs(
                (_("Potenzial"), reverse("residence:potential")),
                (title, None),
            ),
        },
        status=status,
    )

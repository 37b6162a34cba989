"""Pages of case reconstructions: the coordination's requests and the released
accounts; the case manager's drafts of their own cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs
from kim.steering import reconstructions as svc
from kim.steering.forms import (
    ReconstructionForm,
    ReconstructionRequestForm,
    ReconstructionStartForm,
)
from kim.steering.models import CaseReconstruction

NAV = "issues"


def _crumbs(*items):
    return crumbs((_("Fallrekonstruktionen"), reverse("steering:reconstructions")), *items)


def _actor(request):
    actor = get_actor(request.user)
    if not (svc.may_request(actor) or svc.may_reconstruct(actor)):
        raise Http404
    return actor


@login_required
def reconstruction_list(request):
    actor = _actor(request)
    manage = svc.may_request(actor)
    requests = svc.visible_requests(actor).select_related("issue")
    if manage:
        # One query for all requests: how many accounts each has released.
        requests = requests.annotate(
            released=Count(
                "reconstructions",
                filter=Q(reconstructions__status=CaseReconstruction.Status.RELEASED),
            )
        )
    requests = list(requests)
    return render(
        request,
        "steering/reconstruction_list.html",
        {
            "requests": requests,
            "can_request": manage,
            "own": list(svc.own_reconstructions(actor).select_related("request")),
            "nav_active": NAV if manage else "",
            "breadcrumbs": crumbs((_("Fallrekonstruktionen"), None)),
        },
    )


@login_required
def request_new(request):
    actor = get_actor(request.user)
    if not svc.may_request(actor):
        raise Http404
    if request.method == "POST":
        form = ReconstructionRequestForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                row = svc.request_create(actor=actor, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Anfrage wurde angelegt."))
                return redirect("steering:reconstruction_request", pk=row.pk)
    else:
        issue = request.GET.get("thema", "")
        form = ReconstructionRequestForm(
            initial={"issue": issue if issue.isdigit() else None}, tenant_id=actor.tenant_id
        )
    title = _("Fallrekonstruktionen erbitten")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "cancel": reverse("steering:reconstructions"),
            "nav_active": NAV,
            "breadcrumbs": _crumbs((title, None)),
        },
    )


@login_required
def request_detail(request, pk, start_form=None):
    actor = _actor(request)
    row = get_object_or_404(svc.visible_requests(actor).select_related("issue"), pk=pk)
    cases = (
        svc.own_cases(actor)
        .exclude(pk__in=row.reconstructions.values("case_id"))
        .order_by("-opened_on")
    )
    return render(
        request,
        "steering/reconstruction_request.html",
        {
            "row": row,
            "released": svc.released_of(actor, row),
            "can_reconstruct": svc.may_reconstruct(actor),
            "own": list(svc.own_reconstructions(actor).filter(request=row)),
            "start_form": start_form or ReconstructionStartForm(cases=cases),
            "nav_active": NAV if svc.may_request(actor) else "",
            "breadcrumbs": _crumbs((row.theme, None)),
        },
        status=422 if start_form is not None else 200,
    )


@require_POST
@login_required
def reconstruction_start_view(request, pk):
    actor = _actor(request)
    row = get_object_or_404(svc.visible_requests(actor), pk=pk)
    form = ReconstructionStartForm(request.POST, cases=svc.own_cases(actor))
    if form.is_valid():
        try:
            reconstruction = svc.reconstruction_start(
                actor=actor, request=row, case=form.cleaned_data["case"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _(
                    "Der Entwurf ist angelegt – ohne Namen und genaue Daten. Ergänzen Sie den Verlauf."
                ),
            )
            return redirect("steering:reconstruction", pk=reconstruction.pk)
    return request_detail(request, row.pk, start_form=form)


def _own(actor, pk) -> CaseReconstruction:
    return get_object_or_404(
        svc.own_reconstructions(actor).select_related("request", "case"), pk=pk
    )


@login_required
def reconstruction_edit(request, pk):
    actor = _actor(request)
    reconstruction = _own(actor, pk)
    conflict = None
    if request.method == "POST" and reconstruction.status == CaseReconstruction.Status.DRAFT:
        form = ReconstructionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.reconstruction_save(
                    actor=actor,
                    reconstruction=reconstruction,
                    version=data["version"],
                    account=data["account"],
                    comments=data["comments"],
                )
            except StaleEdit:
                conflict = []
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _(
                        "Gespeichert und anonymisiert. Bitte lesen Sie den Text, bevor Sie freigeben."
                    ),
                )
                return redirect("steering:reconstruction", pk=reconstruction.pk)
    else:
        form = ReconstructionForm(
            initial={
                "version": reconstruction.version,
                "account": reconstruction.account,
                "comments": reconstruction.comments,
            }
        )
    return render(
        request,
        "steering/reconstruction_edit.html",
        {
            "reconstruction": reconstruction,
            "form": form,
            "conflict": conflict,
            "breadcrumbs": _crumbs(
                (
                    reconstruction.request.theme,
                    reconstruction.request
                    and reverse(
                        "steering:reconstruction_request", args=[reconstruction.request_id]
                    ),
                ),
                (_("Ihre Rekonstruktion"), None),
            ),
        },
    )


@require_POST
@login_required
def reconstruction_release_view(request, pk):
    actor = _actor(request)
    reconstruction = _own(actor, pk)
    raw = request.POST.get("version", "")
    try:
        svc.reconstruction_release(
            actor=actor, reconstruction=reconstruction, version=int(raw) if raw.isdigit() else -1
        )
    except StaleEdit:
        messages.info(
            request, _("Der Text wurde inzwischen geändert. Bitte prüfen Sie ihn erneut.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Rekonstruktion ist freigegeben."))
    return redirect("steering:reconstruction", pk=reconstruction.pk)

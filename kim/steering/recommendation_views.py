"""Pages of recommendations: list, create from a body, the page of one with its path."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs, paginate
from kim.steering import recommendations as svc
from kim.steering.bodies import may_manage_bodies, visible_bodies
from kim.steering.body_views import manager_actor, reader_actor
from kim.steering.forms import RecommendationForm, RecommendationMoveForm
from kim.steering.models import Recommendation

NAV = "bodies"


def _crumbs(*items):
    return crumbs((_("Empfehlungen"), reverse("steering:recommendations")), *items)


@login_required
def recommendation_list(request):
    actor = reader_actor(request)
    rows = svc.visible_recommendations(actor).select_related("body").order_by("-created_at", "-id")
    only_open = request.GET.get("alle") != "1"
    if only_open:
        rows = rows.filter(status__in=svc.OPEN)
    return render(
        request,
        "steering/recommendation_list.html",
        {
            "page": paginate(request, rows),
            "only_open": only_open,
            "nav_active": NAV,
            "breadcrumbs": crumbs((_("Empfehlungen"), None)),
        },
    )


@login_required
def recommendation_new(request, pk):
    actor = manager_actor(request)
    body = get_object_or_404(visible_bodies(actor), pk=pk)
    if request.method == "POST":
        form = RecommendationForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                recommendation = svc.recommendation_create(
                    actor=actor,
                    body=body,
                    addressee=data["addressee"],
                    title=data["title"],
                    text=data["text"],
                    issues=list(data["issues"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Empfehlung wurde angelegt."))
                return redirect("steering:recommendation", pk=recommendation.pk)
    else:
        issues = [raw for raw in request.GET.getlist("thema") if raw.isdigit()]
        form = RecommendationForm(
            initial={"issues": issues, "addressee": Recommendation.Addressee.COMMITTEE},
            tenant_id=actor.tenant_id,
        )
    title = _("Neue Empfehlung")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "intro": body.name,
            "cancel": reverse("steering:body", args=[body.pk]),
            "nav_active": NAV,
            "breadcrumbs": _crumbs((title, None)),
        },
    )


@login_required
def recommendation_detail(request, pk, *, bound=None):
    actor = reader_actor(request)
    recommendation = get_object_or_404(
        svc.visible_recommendations(actor).select_related("body"), pk=pk
    )
    manage = may_manage_bodies(actor)
    moves = []
    for to in svc.allowed_transitions(recommendation.status) if manage else []:
        form = (
            bound[1]
            if bound and bound[0] == to
            else RecommendationMoveForm(
                initial={"version": recommendation.version, "on": timezone.localdate()}, to=to
            )
        )
        moves.append({"to": to, "label": Recommendation.Status(to).label, "form": form})
    return render(
        request,
        "steering/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "issues": list(recommendation.issues.all()),
            "steps": list(recommendation.steps.select_related("changed_by")),
            "moves": moves,
            "nav_active": NAV,
            "breadcrumbs": _crumbs((recommendation.title, None)),
        },
        status=422 if bound else 200,
    )


@require_POST
@login_required
def recommendation_move_view(request, pk, to):
    actor = manager_actor(request)
    recommendation = get_object_or_404(svc.visible_recommendations(actor), pk=pk)
    if to not in Recommendation.Status.values:
        raise Http404
    if to not in svc.allowed_transitions(recommendation.status):
        messages.error(
            request,
            _("Der Schritt „%(to)s“ ist vom Stand „%(status)s“ aus nicht möglich.")
            % {
                "to": Recommendation.Status(to).label,
                "status": recommendation.get_status_display(),
            },
        )
        return redirect("steering:recommendation", pk=recommendation.pk)
    form = RecommendationMoveForm(request.POST, to=to)
    if form.is_valid():
        data = form.cleaned_data
        try:
            svc.recommendation_move(
                actor=actor,
                recommendation=recommendation,
                version=data["version"],
                to=to,
                on=data["on"],
                document=data["document"],
                note=data["note"],
            )
        except StaleEdit:
            messages.info(
                request,
                _("Die Empfehlung wurde inzwischen geändert. Bitte prüfen Sie den neuen Stand."),
            )
            return redirect("steering:recommendation", pk=recommendation.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request, _("Neuer Stand: %(status)s.") % {"status": Recommendation.Status(to).label}
            )
            return redirect("steering:recommendation", pk=recommendation.pk)
    return recommendation_detail(request, recommendation.pk, bound=(to, form))

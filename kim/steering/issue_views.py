"""Pages of structural issues: list, create (also from the barrier overview), the
page of one issue with its path, evidence and notes, edit. No personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs, paginate
from kim.steering.abilities import may_manage_issues
from kim.steering.bodies import may_read_bodies
from kim.steering.body_views import save_versioned
from kim.steering.forms import IssueEditForm, IssueForm, IssueMoveForm, IssueNoteForm
from kim.steering.issue_states import Status, allowed_transitions
from kim.steering.issues import (
    issue_add_note,
    issue_create,
    issue_move,
    issue_update,
    visible_issues,
)
from kim.steering.selectors import barrier_years

NAV = "issues"


def _list_crumbs(*items):
    return crumbs((_("Strukturthemen"), reverse("steering:issues")), *items)


def _manager(request):
    actor = get_actor(request.user)
    if not may_manage_issues(actor):
        raise Http404
    return actor


def _issue(actor, pk):
    issue = get_object_or_404(visible_issues(actor).select_related("owner", "created_by"), pk=pk)
    return issue


@login_required
def issue_list(request):
    actor = get_actor(request.user)
    issues = visible_issues(actor).select_related("owner").order_by("-created_at", "-id")
    status = request.GET.get("stand", "")
    if status in Status.values:
        issues = issues.filter(status=status)
    else:
        status = ""
    if not issues.exists() and not status and not may_manage_issues(actor):
        # Nobody without an issue of their own, and no reader role, has this page.
        from kim.steering.abilities import may_read_all_issues

        if not may_read_all_issues(actor):
            raise Http404
    return render(
        request,
        "steering/issue_list.html",
        {
            "page": paginate(request, issues),
            "statuses": Status.choices,
            "status": status,
            "can_create": may_manage_issues(actor),
            "nav_active": NAV,
            "breadcrumbs": crumbs((_("Strukturthemen"), None)),
        },
    )


@login_required
def issue_new(request):
    actor = _manager(request)
    years = barrier_years(actor)
    if request.method == "POST":
        form = IssueForm(request.POST, tenant_id=actor.tenant_id, years=years)
        if form.is_valid():
            try:
                issue = issue_create(
                    actor=actor,
                    evidence_year=form.cleaned_data.get("evidence_year"),
                    **form.issue_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Das Strukturthema wurde angelegt."))
                return redirect("steering:issue", pk=issue.pk)
    else:
        initial = {"owner": request.user.pk if request.user.is_authenticated else None}
        categories = [raw for raw in request.GET.getlist("kategorie") if raw.isdigit()]
        if categories:
            initial["categories"] = categories
        year = request.GET.get("jahr", "")
        initial["evidence_year"] = int(year) if year.isdigit() and int(year) in years else None
        form = IssueForm(initial=initial, tenant_id=actor.tenant_id, years=years)
    title = _("Neues Strukturthema")
    return render(
        request,
        "steering/issue_form.html",
        {
            "form": form,
            "title": title,
            "cancel": reverse("steering:issues"),
            "nav_active": NAV,
            "breadcrumbs": _list_crumbs((title, None)),
        },
    )


@login_required
def issue_detail(request, pk):
    actor = get_actor(request.user)
    issue = _issue(actor, pk)
    can = abilities(actor, issue)
    if not can["view"]:
        raise Http404
    return _detail_page(request, actor, issue, can)


def _detail_page(request, actor, issue, can, *, move_form=None, move_to=None, note_form=None):
    targets = allowed_transitions(issue.status) if can["move"] else []
    moves = []
    for to in targets:
        form = (
            move_form
            if move_form is not None and move_to == to
            else IssueMoveForm(
                initial={"version": issue.version, "on": timezone.localdate()}, to=to
            )
        )
        moves.append({"to": to, "label": Status(to).label, "form": form})
    return render(
        request,
        "steering/issue_detail.html",
        {
            "issue": issue,
            "can": can,
            "steps": list(issue.steps.select_related("changed_by")),
            "notes": list(issue.notes.select_related("added_by")),
            "categories": list(issue.categories.all()),
            "fields": list(issue.fields.all()),
            "offices": list(issue.offices.all()),
            "domains": _domain_labels(issue.legal_domains),
            "moves": moves,
            "agenda": list(
                issue.agenda_items.select_related("meeting", "meeting__body").order_by(
                    "meeting__starts_at"
                )
            ),
            "recommendations": list(issue.recommendations.all()),
            "can_read_bodies": may_read_bodies(actor),
            "note_form": note_form or IssueNoteForm(),
            "nav_active": NAV,
            "breadcrumbs": _list_crumbs((issue.title, None)),
        },
        status=422 if (move_form is not None or note_form is not None) else 200,
    )


def _domain_labels(codes):
    from kim.planning.models import LegalDomain

    labels = dict(LegalDomain.choices)
    return [labels.get(code, code) for code in codes]


@require_POST
@login_required
def issue_move_view(request, pk, to):
    actor = _manager(request)
    issue = _issue(actor, pk)
    can = abilities(actor, issue)
    if to not in Status.values:
        raise Http404
    if to not in allowed_transitions(issue.status):
        # A second tab, or an old page: say so, nothing typed there is lost but the step.
        messages.error(
            request,
            _("Der Schritt „%(to)s“ ist vom Stand „%(status)s“ aus nicht möglich.")
            % {"to": Status(to).label, "status": issue.get_status_display()},
        )
        return redirect("steering:issue", pk=issue.pk)
    form = IssueMoveForm(request.POST, to=to)
    if form.is_valid():
        data = form.cleaned_data
        try:
            issue_move(
                actor=actor,
                issue=issue,
                version=data["version"],
                to=to,
                note=data["note"],
                work=data["work"],
                on=data["on"],
            )
        except StaleEdit:
            messages.info(
                request, _("Das Thema wurde inzwischen geändert. Bitte prüfen Sie den neuen Stand.")
            )
            return redirect("steering:issue", pk=issue.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Neuer Stand: %(status)s.") % {"status": Status(to).label})
            return redirect("steering:issue", pk=issue.pk)
    return _detail_page(request, actor, issue, can, move_form=form, move_to=to)


@require_POST
@login_required
def issue_note_view(request, pk):
    actor = _manager(request)
    issue = _issue(actor, pk)
    form = IssueNoteForm(request.POST)
    if form.is_valid():
        try:
            issue_add_note(actor=actor, issue=issue, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Die Notiz wurde gespeichert."))
            return redirect(reverse("steering:issue", args=[issue.pk]) + "#notizen")
    return _detail_page(request, actor, issue, abilities(actor, issue), note_form=form)


@login_required
def issue_edit(request, pk):
    actor = _manager(request)
    issue = _issue(actor, pk)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            IssueEditForm,
            lambda version, data: issue_update(actor=actor, issue=issue, version=version, **data),
            tenant_id=actor.tenant_id,
        )
        if saved:
            messages.success(request, _("Das Strukturthema wurde gespeichert."))
            return redirect("steering:issue", pk=issue.pk)
    else:
        form = IssueEditForm(
            initial={
                "title": issue.title,
                "description": issue.description,
                "owner": issue.owner_id,
                "categories": list(issue.categories.all()),
                "fields": list(issue.fields.all()),
                "legal_domains": issue.legal_domains,
                "offices": list(issue.offices.all()),
                "version": issue.version,
            },
            tenant_id=actor.tenant_id,
        )
    title = _("Strukturthema bearbeiten")
    return render(
        request,
        "steering/issue_form.html",
        {
            "form": form,
            "title": title,
            "conflict": conflict,
            "cancel": reverse("steering:issue", args=[issue.pk]),
            "nav_active": NAV,
            "breadcrumbs": _list_crumbs(
                (issue.title, reverse("steering:issue", args=[issue.pk])), (title, None)
            ),
        },
    )

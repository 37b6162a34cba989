"""The authority's procedure pages: the list, the procedure (stage, checklist,
appointments, letters – their actions in kim.residence.appointment_views) and opening
one from the person page. Only staff with `procedure.manage` in the procedure's unit;
everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.models import Unit
from kim.core.permissions import PROCEDURE_MANAGE, REFERRAL_RECEIVE
from kim.core.templatetags.kim import query_replace
from kim.core.views import crumbs, paginate
from kim.people.selectors.person import visible_persons
from kim.residence.models import Procedure
from kim.residence.procedure_forms import (
    AppointmentForm,
    CancelForm,
    DocumentForm,
    LetterForm,
    ProcedureFilterForm,
    ProcedureMoveForm,
    ProcedureOpenForm,
)
from kim.residence.procedure_selectors import (
    OPEN,
    SORTS,
    days_open,
    missing_count,
    person_procedures,
    procedure_of,
    procedure_page,
    procedure_rows,
)
from kim.residence.procedures import (
    allowed_transitions,
    checklist,
    document_mark,
    may_run_procedures,
    procedure_move,
    procedure_open,
)

NAV = "procedures"


def authority_actor(request):
    actor = get_actor(request.user)
    if not may_run_procedures(actor):
        raise Http404
    return actor


def procedure_or_404(actor, pk) -> Procedure:
    try:
        return procedure_of(actor, pk)
    except Procedure.DoesNotExist as exc:
        raise Http404 from exc


def _list_crumbs(*items):
    return crumbs((_("Verfahren"), reverse("residence:procedures")), *items)


def _title(procedure: Procedure) -> str:
    return f"{procedure.get_kind_display()}: {procedure.person.full_name}"


# --- the list ---------------------------------------------------------------------------


@login_required
def procedure_list(request):
    actor = authority_actor(request)
    form = ProcedureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "alter")
    sort = sort if sort in SORTS else "alter"
    page = paginate(
        request,
        procedure_rows(
            actor, kind=filters.get("art") or "", stage=filters.get("stand") or OPEN, sort=sort
        ),
    )
    today = timezone.localdate()
    rows = [
        {"procedure": p, "days": days_open(p, today), "missing": missing_count(p)} for p in page
    ]
    audit(
        actor=actor,
        action="procedure.list",
        changes={
            "ids": [row["procedure"].pk for row in rows],
            "filters": {k: v for k, v in request.GET.items() if v},
        },
    )
    return render(
        request,
        "residence/procedure_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "sort": sort,
            "sort_links": {
                "alter": query_replace(request, sort="-alter" if sort == "alter" else "alter"),
                "stand": query_replace(request, sort="-stand" if sort == "stand" else "stand"),
            },
            "nav_active": NAV,
            "breadcrumbs": crumbs((_("Verfahren"), None)),
        },
    )


# --- the procedure page -------------------------------------------------------------------


@login_required
def procedure_detail(request, pk):
    actor = authority_actor(request)
    return detail_page(request, actor, procedure_or_404(actor, pk))


def detail_page(
    request,
    actor,
    procedure,
    *,
    status=200,
    move_form=None,
    conflict=None,
    document_form=None,
    appointment_form=None,
    letter_form=None,
):
    page = procedure_page(actor, procedure)
    today = timezone.localdate()
    allowed = allowed_transitions(procedure.stage)
    if move_form is None and allowed:
        move_form = ProcedureMoveForm(
            initial={"version": procedure.version, "on": today}, allowed=allowed
        )
    documents = []
    for row in page.documents:
        if document_form is not None and document_form.code == row["code"]:
            form = document_form
        else:
            form = DocumentForm(
                initial={"received_on": today}, code=row["code"], label=row["label"]
            )
        documents.append(row | {"form": form})
    now = timezone.now()
    appointments = [
        {
            "appointment": a,
            "upcoming": a.cancelled_at is None and a.ends_at >= now,
            "cancel_form": CancelForm(appointment_id=a.pk),
        }
        for a in page.appointments
    ]
    is_open = bool(allowed)
    if appointment_form is None and is_open:
        appointment_form = AppointmentForm(
            initial={"minutes": 30, "bring": "\n".join(page.missing)}
        )
    if letter_form is None:
        letter_form = LetterForm(initial={"frist": LetterForm.default_deadline()})
    referral = procedure.referral
    return render(
        request,
        "residence/procedure_detail.html",
        {
            "procedure": procedure,
            "person": procedure.person,
            "page": page,
            "documents": documents,
            "missing": page.missing,
            "move_form": move_form,
            "conflict": conflict,
            "appointments": appointments,
            "appointment_form": appointment_form,
            "letter_form": letter_form,
            "is_open": is_open,
            "referral": referral,
            "referral_link": referral is not None and actor.has(REFERRAL_RECEIVE),
            "has_address": bool(procedure.person.street),
            "title": _title(procedure),
            "nav_active": NAV,
            "breadcrumbs": _list_crumbs((_title(procedure), None)),
        },
        status=status,
    )


def back_to(procedure, anchor=""):
    return redirect(reverse("residence:procedure", args=[procedure.pk]) + anchor)


@require_POST
@login_required
def procedure_move_view(request, pk):
    actor = authority_actor(request)
    procedure = procedure_or_404(actor, pk)
    posted = request.POST.get("version", "")
    stale = posted.isdigit() and int(posted) != procedure.version
    form = ProcedureMoveForm(request.POST, allowed=allowed_transitions(procedure.stage))
    if not stale and form.is_valid():
        data = form.cleaned_data
        try:
            procedure_move(
                actor=actor,
                procedure=procedure,
                version=data["version"],
                to=data["to"],
                on=data["on"],
                note=data["note"],
            )
        except StaleEdit:
            stale = True
            procedure = procedure_or_404(actor, pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Neuer Stand: %(stage)s.") % {"stage": Procedure.Stage(data["to"]).label},
            )
            return back_to(procedure)
    if stale:
        # Someone moved the procedure meanwhile: what was typed stays, with the current
        # version, so that sending again applies it to the new stage if still possible.
        typed = request.POST.copy()
        typed["version"] = procedure.version
        form = ProcedureMoveForm(typed, allowed=allowed_transitions(procedure.stage))
        form.is_valid()
        wanted = request.POST.get("to", "")
        conflict = [
            {
                "label": _("Stand"),
                "mine": Procedure.Stage(wanted).label if wanted in Procedure.Stage.values else "–",
                "theirs": _("%(stage)s seit %(day)s")
                % {
                    "stage": procedure.get_stage_display(),
                    "day": f"{procedure.stage_since:%d.%m.%Y}",
                },
            }
        ]
        return detail_page(request, actor, procedure, status=409, move_form=form, conflict=conflict)
    return detail_page(request, actor, procedure, status=422, move_form=form)


@require_POST
@login_required
def procedure_document_view(request, pk, code):
    actor = authority_actor(request)
    procedure = procedure_or_404(actor, pk)
    labels = dict(checklist(procedure.kind))
    if code not in labels:
        raise Http404
    form = DocumentForm(request.POST, code=code, label=labels[code])
    if form.is_valid():
        missing = "missing" in request.POST
        received_on = None if missing else form.cleaned_data["received_on"]
        if not missing and received_on is None:
            form.add_error(
                "received_on", _("Bitte den Tag angeben, seit dem die Unterlage vorliegt.")
            )
        else:
            try:
                document_mark(actor=actor, procedure=procedure, code=code, received_on=received_on)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                if received_on:
                    text = _("„%(document)s“ liegt vor seit %(day)s.") % {
                        "document": labels[code],
                        "day": f"{received_on:%d.%m.%Y}",
                    }
                else:
                    text = _("„%(document)s“ ist als fehlend vermerkt.") % {
                        "document": labels[code]
                    }
                messages.success(request, text)
                return back_to(procedure, "#unterlagen")
    return detail_page(request, actor, procedure, status=422, document_form=form)


# --- opening a procedure ------------------------------------------------------------------


@login_required
def procedure_open_view(request, pk):
    actor = authority_actor(request)
    person = get_object_or_404(visible_persons(actor), pk=pk)
    units = Unit.objects.filter(tenant_id=actor.tenant_id, pk__in=actor.units(PROCEDURE_MANAGE))
    status = 200
    if request.method == "POST":
        form = ProcedureOpenForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                procedure = procedure_open(
                    actor=actor,
                    person=person,
                    unit=data.get("unit") or units.get(),
                    kind=data["kind"],
                    opened_on=data["opened_on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Das Verfahren ist angelegt."))
                return back_to(procedure)
        status = 422
    else:
        form = ProcedureOpenForm(initial={"opened_on": timezone.localdate()}, units=units)
    title = _("Verfahren anlegen")
    return render(
        request,
        "residence/procedure_open.html",
        {
            "person": person,
            "form": form,
            "existing": list(person_procedures(actor, person)),
            "title": title,
            "nav_active": NAV,
            "breadcrumbs": crumbs(
                (_("Personen"), reverse("people:search")),
                (person.full_name, reverse("people:detail", args=[person.pk])),
                (title, None),
            ),
        },
        status=status,
    )

"""Case conferences: document one, read it, correct it (with its version); agreed
actions are support-plan actions added from the conference page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.cases.abilities import case_access
from kim.cases.parts import INTERNAL
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.slots import CASE_TAB_NETWORK
from kim.planning.forms_conference import ConferenceForm, participant_forms
from kim.planning.models import CaseConference
from kim.planning.selectors import conference_of_case, conference_units, organisations
from kim.planning.services import conference_create, conference_update
from kim.planning.views.common import case_crumbs, case_for, display

MORE_ROWS = "weitere-zeilen"


def _participant_initial(conference: CaseConference | None) -> list[dict]:
    if conference is None:
        return []
    return [
        {
            "kind": p.kind,
            "unit": p.unit,
            "organisation": p.organisation,
            "name": p.name,
            "role": p.role,
        }
        for p in conference.participants.all()
    ]


def _forms(request, actor, case, conference=None):
    units = conference_units(case.tenant_id)
    orgs = organisations(actor)
    if request.method == "POST":
        data = request.POST
        form = ConferenceForm(data)
        rows = participant_forms(data, initial=[], units=units, organisations=orgs)
        if MORE_ROWS in data:  # more rows for participants: nothing is saved yet
            more = data.copy()
            more["teilnehmende-anzahl"] = str(len(rows) + 3)
            rows = participant_forms(more, initial=[], units=units, organisations=orgs)
        return form, rows
    initial = {}
    if conference is not None:
        initial = {
            "version": conference.version,
            "held_on": conference.held_on,
            "agenda": conference.agenda,
            "minutes": conference.minutes,
            "data_categories": conference.data_categories,
            "legal_mandate": conference.legal_mandate,
        }
    form = ConferenceForm(initial=initial)
    rows = participant_forms(
        initial=_participant_initial(conference), units=units, organisations=orgs
    )
    return form, rows


def _values(form, rows) -> dict:
    return {
        "held_on": form.cleaned_data["held_on"],
        "agenda": form.cleaned_data["agenda"],
        "minutes": form.cleaned_data["minutes"],
        "data_categories": form.cleaned_data["data_categories"],
        "legal_mandate": form.cleaned_data["legal_mandate"],
        "participants": [r for r in (f.row() for f in rows) if r is not None],
    }


def _page(request, case, form, rows, *, title, conference=None, conflict=None):
    return render(
        request,
        "planning/conference_form.html",
        {
            "form": form,
            "rows": rows,
            "row_count": len(rows),
            "all_forms": [form, *rows],
            "has_errors": any(f.is_bound and f.errors for f in [form, *rows]),
            "case": case,
            "conference": conference,
            "conflict": conflict,
            "more_rows": MORE_ROWS,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title, tab=CASE_TAB_NETWORK),
        },
    )


def _valid(request, form, rows) -> bool:
    """Every form valid and the user asked to save (not for more rows)."""
    results = [form.is_valid()] + [r.is_valid() for r in rows]  # every form shows its errors
    return all(results) and MORE_ROWS not in request.POST


@login_required
def conference_new(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    form, rows = _forms(request, actor, case)
    if request.method == "POST" and _valid(request, form, rows):
        try:
            conference = conference_create(actor=actor, case=case, **_values(form, rows))
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _(
                    "Die Fallkonferenz ist dokumentiert. Erfassen Sie jetzt die vereinbarten Maßnahmen."
                ),
            )
            return redirect("planning:conference", case_pk=case.pk, pk=conference.pk)
    return _page(request, case, form, rows, title=_("Fallkonferenz dokumentieren"))


def _conflict(form, current: CaseConference) -> list[dict]:
    rows = []
    for name in ("held_on", "agenda", "minutes", "legal_mandate"):
        mine, theirs = form.cleaned_data.get(name), getattr(current, name)
        if (mine or "") != (theirs or ""):
            rows.append(
                {"label": form.fields[name].label, "mine": display(mine), "theirs": display(theirs)}
            )
    return rows


@login_required
def conference_edit(request, case_pk, pk):
    actor, case, _can = case_for(request, case_pk, "plan")
    conference = conference_of_case(case, pk)
    if conference is None:
        raise Http404
    conflict = None
    form, rows = _forms(request, actor, case, conference)
    if request.method == "POST" and _valid(request, form, rows):
        try:
            conference_update(
                actor=actor,
                conference=conference,
                version=form.cleaned_data["version"] or 0,
                **_values(form, rows),
            )
        except StaleEdit as stale:
            conflict = _conflict(form, stale.current)
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = ConferenceForm(data)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("Die Fallkonferenz wurde gespeichert."))
            return redirect("planning:conference", case_pk=case.pk, pk=conference.pk)
    elif request.method != "POST":
        audit(actor=actor, action="conference.view", obj=conference, person_id=case.person_id)
    return _page(
        request,
        case,
        form,
        rows,
        title=_("Fallkonferenz bearbeiten"),
        conference=conference,
        conflict=conflict,
    )


@login_required
def conference_detail(request, case_pk, pk):
    """Read-only for whoever reads the case's internal part (its unit, an emergency
    access); never for a unit the case is only shared with."""
    actor, case, can = case_for(request, case_pk, part=INTERNAL)
    conference = conference_of_case(case, pk)
    if conference is None:
        raise Http404
    access = case_access(actor, case)
    audit(
        actor=actor,
        action="conference.view",
        obj=conference,
        person_id=case.person_id,
        changes=access.audit_changes() or None,
        reason=access.emergency.reason if access.emergency else "",
    )
    return render(
        request,
        "planning/conference_detail.html",
        {
            "case": case,
            "conference": conference,
            "can": can,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(
                case,
                _("Fallkonferenz am %(d)s") % {"d": f"{conference.held_on:%d.%m.%Y}"},
                tab=CASE_TAB_NETWORK,
            ),
            "add_action_url": reverse("planning:action_new", args=[case.pk])
            + f"?konferenz={conference.pk}",
        },
    )

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.abilities import case_access
from kim.cases.parts import Part
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.planning.forms import AssessmentForm, AssessmentItemForm, BarrierInlineForm, CompareForm
from kim.planning.models import AssessmentItem, Urgency
from kim.planning.selectors import (
    assessment_versions,
    fields_of_action,
    items_of_versions,
    latest_assessment,
)
from kim.planning.services import assessment_record
from kim.planning.views.common import case_crumbs, case_for, case_url, display


def _aspect_labels() -> dict:
    # Evaluated per request, so that the labels follow the active language.
    return {
        "situation": _("Situation"),
        "needs": _("Bedarfe"),
        "resources": _("Ressourcen"),
        "urgency": _("Dringlichkeit"),
    }


def _form_fields(tenant_id, latest):
    """The active fields of action, plus inactive ones the latest version still mentions."""
    fields = list(fields_of_action(tenant_id))
    known = {f.pk for f in fields}
    if latest is not None:
        fields += [item.field for item in latest.item_list if item.field_id not in known]
    return sorted(fields, key=lambda f: (f.position, f.name))


def _item_forms(fields, latest, data=None):
    by_field = {item.field_id: item for item in latest.item_list} if latest else {}
    forms = []
    for field in fields:
        item = by_field.get(field.pk)
        initial = {a: getattr(item, a) for a in AssessmentItem.ASPECTS} if item else {}
        forms.append(AssessmentItemForm(data, field=field, initial=initial))
    return forms


def _assessment_conflict(item_forms, current) -> list[dict]:
    """What the other person recorded, against what the user typed, per field and aspect."""
    labels = _aspect_labels()
    theirs = {item.field_id: item for item in current.item_list}
    rows = []
    for form in item_forms:
        other = theirs.get(form.field_of_action.pk)
        for aspect in AssessmentItem.ASPECTS:
            mine = (
                form.cleaned_data.get(aspect, "")
                if form.is_valid()
                else form.data.get(form.add_prefix(aspect), "")
            )
            saved = getattr(other, aspect) if other else ""
            if (mine or "") != (saved or ""):
                choices = Urgency.choices if aspect == "urgency" else None
                rows.append(
                    {
                        "label": f"{form.field_of_action.name} – {labels[aspect]}",
                        "mine": display(mine, choices),
                        "theirs": display(saved, choices),
                    }
                )
    return rows


@login_required
def assessment_new(request, case_pk):
    actor, case, _can = case_for(request, case_pk, "assess")
    latest = latest_assessment(case)
    fields = _form_fields(actor.tenant_id, latest)
    case_field_ids = set(case.fields.values_list("pk", flat=True))
    conflict = None
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        item_forms = _item_forms(fields, latest, request.POST)
        barrier_form = BarrierInlineForm(request.POST, tenant_id=actor.tenant_id)
        valid = [form.is_valid(), barrier_form.is_valid()] + [f.is_valid() for f in item_forms]
        if all(valid):
            barrier = barrier_form.barrier_data()
            if barrier:
                barrier["flagged_on"] = form.cleaned_data["assessed_on"]
            try:
                assessment_record(
                    actor=actor,
                    case=case,
                    based_on=form.cleaned_data["based_on"],
                    assessed_on=form.cleaned_data["assessed_on"],
                    note=form.cleaned_data["note"],
                    items=[f.item_data() for f in item_forms],
                    barrier=barrier,
                )
            except StaleEdit:
                current = latest_assessment(case)
                conflict = _assessment_conflict(item_forms, current)
                data = request.POST.copy()
                data["based_on"] = current.number
                form = AssessmentForm(data)
                form.is_valid()
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Das Assessment wurde gespeichert."))
                return redirect(case_url(case, "assessment"))
    else:
        form = AssessmentForm(
            initial={
                "based_on": latest.number if latest else 0,
                "assessed_on": timezone.localdate(),
            }
        )
        item_forms = _item_forms(fields, latest)
        barrier_form = BarrierInlineForm(tenant_id=actor.tenant_id)
        if latest is not None:
            audit(actor=actor, action="assessment.view", obj=latest, person_id=case.person_id)
    # Open what matters: fields with content or errors and the case's fields;
    # everything for a first assessment of a case without fields.
    open_all = latest is None and not case_field_ids
    for item_form in item_forms:
        item_form.open = (
            open_all
            or item_form.has_content
            or bool(item_form.errors)
            or item_form.field_of_action.pk in case_field_ids
        )
    title = _("Neu einschätzen") if latest else _("Assessment erfassen")
    return render(
        request,
        "planning/assessment_form.html",
        {
            "form": form,
            "item_forms": item_forms,
            "barrier_form": barrier_form,
            "all_forms": [form, *item_forms, barrier_form],
            "has_errors": any(f.errors for f in [form, *item_forms, barrier_form]),
            "latest": latest,
            "case": case,
            "conflict": conflict,
            "title": title,
            "nav_active": "cases",
            "breadcrumbs": case_crumbs(case, title),
        },
    )


def _comparison(items, a: int, b: int) -> list[dict]:
    """Per field of action, both versions' aspects side by side, changes marked."""
    labels = _aspect_labels()
    urgency = dict(Urgency.choices)
    by_field: dict[int, dict] = {}
    for item in items:
        entry = by_field.setdefault(item.field_id, {"field": item.field, a: None, b: None})
        entry[item.assessment.number] = item
    groups = []
    for entry in sorted(by_field.values(), key=lambda e: (e["field"].position, e["field"].name)):
        old, new = entry[a], entry[b]
        rows = []
        for aspect in AssessmentItem.ASPECTS:
            before = getattr(old, aspect) if old else ""
            after = getattr(new, aspect) if new else ""
            if aspect == "urgency":
                before, after = urgency.get(before, before), urgency.get(after, after)
            rows.append(
                {"label": labels[aspect], "a": before, "b": after, "changed": before != after}
            )
        if a == b:
            state = ""
        elif old is None:
            state = _("neu")
        elif new is None:
            state = _("entfallen")
        elif any(row["changed"] for row in rows):
            state = _("geändert")
        else:
            state = _("unverändert")
        groups.append({"field": entry["field"], "state": state, "rows": rows})
    return groups


@login_required
def assessment_compare(request, case_pk):
    actor, case, can = case_for(request, case_pk, part=Part.ASSESSMENT)
    versions = list(assessment_versions(case))
    context = {
        "case": case,
        "can": can,
        "versions": versions,
        "nav_active": "cases",
        "breadcrumbs": case_crumbs(case, _("Assessment: Fassungen vergleichen")),
    }
    if not versions:
        return render(request, "planning/assessment_compare.html", context)
    numbers = {v.number: v for v in versions}
    form = CompareForm(request.GET or None, versions=versions)
    if form.is_bound and form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
    else:
        b = versions[0].number
        a = versions[1].number if len(versions) > 1 else b
        form = CompareForm(initial={"a": a, "b": b}, versions=versions)
    items = items_of_versions(case, [a, b])
    access = case_access(actor, case)
    audit(
        actor=actor,
        action="assessment.view",
        obj=numbers[b],
        person_id=case.person_id,
        changes={"versions": [a, b], **access.audit_changes()},
        reason=access.emergency.reason if access.emergency else "",
    )
    return render(
        request,
        "planning/assessment_compare.html",
        context
        | {
            "form": form,
            "a": numbers[a],
            "b": numbers[b],
            "same": a == b,
            "groups": _comparison(items, a, b),
            "note_changed": numbers[a].note != numbers[b].note,
        },
    )

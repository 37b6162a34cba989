"""Pages for legal domains and residence status (history: every change is a new row)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.people.forms import (
    LegalDomainCorrectForm,
    LegalDomainEndForm,
    LegalDomainForm,
    LegalDomainTransitionForm,
    ResidenceCorrectForm,
    ResidenceForm,
)
from kim.people.models import LEGAL_BASIS_SUGGESTIONS, LegalDomainPeriod, ResidenceStatus
from kim.people.selectors import (
    current_residence,
    legal_domain_history,
    residence_history,
)
from kim.people.selectors.common import scoped
from kim.people.services import (
    legal_domain_correct,
    legal_domain_end,
    legal_domain_start,
    legal_domain_transition,
    residence_status_correct,
    residence_status_record,
)
from kim.people.services.legal import LEGAL_DOMAIN_FIELDS, RESIDENCE_FIELDS
from kim.people.views.common import back_to, conflict_rows, form_page, load_person, person_crumbs

# --- legal domains ---------------------------------------------------------


@login_required
def legal_domain_page(request, pk):
    actor, person, can = load_person(request, pk)
    history = legal_domain_history(actor, person)
    audit(
        actor=actor,
        action="legal_domain.view",
        obj=person,
        person_id=person.pk,
        changes={"ids": [row.pk for row in history]},
    )
    return render(
        request,
        "people/legal_domains.html",
        {
            "person": person,
            "can": can,
            "current": [row for row in history if row.is_current],
            "history": list(reversed(history)),
            "nav_active": "people",
            "breadcrumbs": person_crumbs(person, (_("Rechtskreise"), None)),
        },
    )


def _row(model, actor, person, row_pk):
    row = get_object_or_404(
        scoped(model, actor).filter(person=person).select_related("superseded_by"), pk=row_pk
    )
    row.person = person
    return row


def _legal_crumb(person):
    return (_("Rechtskreise"), reverse("people:legal_domains", args=[person.pk]))


def _stale_legal(request, person, form, stale: StaleEdit, action: str, current_values: dict):
    """The row changed meanwhile: show the differences, keep the input, post to the new row."""
    current = stale.current
    form.is_valid()
    return {
        "conflict": conflict_rows(form, current_values),
        "form_action": reverse(action, args=[person.pk, current.pk]),
    }


@login_required
def legal_domain_add(request, pk):
    actor, person, _can = load_person(request, pk, "change")
    if request.method == "POST":
        form = LegalDomainForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                legal_domain_start(actor=actor, person=person, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Rechtskreis wurde gespeichert."))
                return redirect(back_to(person, "rechtskreise"))
    else:
        form = LegalDomainForm(tenant_id=actor.tenant_id)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Rechtskreis erfassen"),
        submit=_("Speichern"),
        cancel=back_to(person, "rechtskreise"),
        crumb_parent=_legal_crumb(person),
    )


def _legal_values(row: LegalDomainPeriod) -> dict:
    return {name: getattr(row, name) for name in LEGAL_DOMAIN_FIELDS}


@login_required
def legal_domain_correct_view(request, pk, period_pk):
    actor, person, _can = load_person(request, pk, "change")
    period = _row(LegalDomainPeriod, actor, person, period_pk)
    extra = {}
    if request.method == "POST":
        form = LegalDomainCorrectForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                legal_domain_correct(actor=actor, period=period, reason=data.pop("reason"), **data)
            except StaleEdit as stale:
                extra = _stale_legal(
                    request,
                    person,
                    form,
                    stale,
                    "people:legal_domain_correct",
                    _legal_values(stale.current),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Korrektur wurde gespeichert."))
                return redirect(reverse("people:legal_domains", args=[person.pk]))
    else:
        if not period.is_current:
            return _moved_on(request, person, "people:legal_domains")
        audit(actor=actor, action="legal_domain.view", obj=period, person_id=person.pk)
        form = LegalDomainCorrectForm(instance=period, tenant_id=actor.tenant_id)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Rechtskreis korrigieren"),
        submit=_("Korrektur speichern"),
        cancel=reverse("people:legal_domains", args=[person.pk]),
        crumb_parent=_legal_crumb(person),
        intro=_("Der bisherige Eintrag bleibt im Verlauf sichtbar."),
        **extra,
    )


def _moved_on(request, person, page):
    messages.info(
        request,
        _("Dieser Eintrag wurde inzwischen geändert. Bitte gehen Sie vom aktuellen Stand aus."),
    )
    return redirect(reverse(page, args=[person.pk]))


@login_required
def legal_domain_end_view(request, pk, period_pk):
    actor, person, _can = load_person(request, pk, "change")
    period = _row(LegalDomainPeriod, actor, person, period_pk)
    extra = {}
    if request.method == "POST":
        form = LegalDomainEndForm(request.POST)
        if form.is_valid():
            try:
                legal_domain_end(actor=actor, period=period, **form.cleaned_data)
            except StaleEdit as stale:
                extra = _stale_legal(
                    request,
                    person,
                    form,
                    stale,
                    "people:legal_domain_end",
                    {"valid_until": stale.current.valid_until},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Zeitraum wurde beendet."))
                return redirect(back_to(person, "rechtskreise"))
    else:
        if not period.is_current:
            return _moved_on(request, person, "people:legal_domains")
        form = LegalDomainEndForm()
    return form_page(
        request,
        person=person,
        form=form,
        title=_("%(domain)s beenden") % {"domain": period.get_domain_display()},
        submit=_("Beenden"),
        cancel=back_to(person, "rechtskreise"),
        crumb_parent=_legal_crumb(person),
        intro=_("Seit %(day)s, zuständig: %(office)s.")
        % {"day": f"{period.valid_from:%d.%m.%Y}", "office": period.office_display or "–"},
        **extra,
    )


@login_required
def legal_domain_transition_view(request, pk, period_pk):
    actor, person, _can = load_person(request, pk, "change")
    period = _row(LegalDomainPeriod, actor, person, period_pk)
    extra = {}
    if request.method == "POST":
        form = LegalDomainTransitionForm(request.POST, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                legal_domain_transition(
                    actor=actor, person=person, ending=period, **form.cleaned_data
                )
            except StaleEdit as stale:
                extra = _stale_legal(
                    request,
                    person,
                    form,
                    stale,
                    "people:legal_domain_transition",
                    {"on": stale.current.valid_until},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Wechsel wurde gespeichert."))
                return redirect(back_to(person, "rechtskreise"))
    else:
        if not period.is_current:
            return _moved_on(request, person, "people:legal_domains")
        form = LegalDomainTransitionForm(tenant_id=actor.tenant_id)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Wechsel aus %(domain)s") % {"domain": period.get_domain_display()},
        submit=_("Wechsel speichern"),
        cancel=back_to(person, "rechtskreise"),
        crumb_parent=_legal_crumb(person),
        intro=_("Zum Beispiel von AsylbLG zu SGB II nach der Anerkennung."),
        **extra,
    )


# --- residence -------------------------------------------------------------


def _residence_crumb(person):
    return (_("Aufenthalt"), reverse("people:residence", args=[person.pk]))


@login_required
def residence_page(request, pk):
    actor, person, can = load_person(request, pk)
    history = residence_history(actor, person)
    current_rows = [row for row in history if row.is_current]
    audit(
        actor=actor,
        action="residence.view",
        obj=person,
        person_id=person.pk,
        changes={"ids": [row.pk for row in history]},
    )
    return render(
        request,
        "people/residence.html",
        {
            "person": person,
            "can": can,
            "now": current_residence(current_rows),
            "today": timezone.localdate(),
            "current": list(reversed(current_rows)),
            "history": sorted(history, key=lambda r: (r.recorded_at, r.pk), reverse=True),
            "nav_active": "people",
            "breadcrumbs": person_crumbs(person, (_("Aufenthalt"), None)),
        },
    )


@login_required
def residence_add(request, pk):
    actor, person, _can = load_person(request, pk, "change")
    if request.method == "POST":
        form = ResidenceForm(request.POST)
        if form.is_valid():
            try:
                residence_status_record(actor=actor, person=person, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Aufenthaltsstatus wurde gespeichert."))
                return redirect(back_to(person, "aufenthalt"))
    else:
        form = ResidenceForm()
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Aufenthaltsstatus erfassen"),
        submit=_("Speichern"),
        cancel=back_to(person, "aufenthalt"),
        crumb_parent=_residence_crumb(person),
        template="people/residence_form.html",
        suggestions=LEGAL_BASIS_SUGGESTIONS,
        intro=_(
            "Auch eine Verlängerung wird als neuer Eintrag erfasst; der Verlauf bleibt erhalten."
        ),
    )


@login_required
def residence_correct(request, pk, status_pk):
    actor, person, _can = load_person(request, pk, "change")
    status = _row(ResidenceStatus, actor, person, status_pk)
    extra = {}
    if request.method == "POST":
        form = ResidenceCorrectForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                residence_status_correct(
                    actor=actor, status=status, reason=data.pop("reason"), **data
                )
            except StaleEdit as stale:
                extra = _stale_legal(
                    request,
                    person,
                    form,
                    stale,
                    "people:residence_correct",
                    {name: getattr(stale.current, name) for name in RESIDENCE_FIELDS},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Korrektur wurde gespeichert."))
                return redirect(reverse("people:residence", args=[person.pk]))
    else:
        if not status.is_current:
            return _moved_on(request, person, "people:residence")
        audit(actor=actor, action="residence.view", obj=status, person_id=person.pk)
        form = ResidenceCorrectForm(instance=status)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Aufenthaltsstatus korrigieren"),
        submit=_("Korrektur speichern"),
        cancel=reverse("people:residence", args=[person.pk]),
        crumb_parent=_residence_crumb(person),
        template="people/residence_form.html",
        suggestions=LEGAL_BASIS_SUGGESTIONS,
        intro=_(
            "Nur für Fehler beim Erfassen. Ein neuer Titel oder eine Verlängerung ist ein neuer Eintrag."
        ),
        **extra,
    )

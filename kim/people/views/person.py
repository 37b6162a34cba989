from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core import slots
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import Unit
from kim.core.permissions import PERSON_REGISTER, PERSON_VIEW
from kim.core.views import crumbs, require
from kim.people.forms import PERSON_FIELDS, EditForm, RegisterForm
from kim.people.models import Person
from kim.people.selectors import duplicate_candidates, person_search, visible_persons
from kim.people.services import person_register, person_update
from kim.people.views.duplicates import survivor_redirect


@login_required
def search(request):
    actor = get_actor(request.user)
    require(actor, PERSON_VIEW)
    query = request.GET.get("q", "").strip()[:200]
    hits = person_search(actor, query) if query else []
    if query:
        audit(
            actor=actor,
            action="person.search",
            changes={"query": query, "ids": [hit.person.pk for hit in hits]},
        )
    context = {
        "query": query,
        "hits": hits,
        "can_register": actor.has(PERSON_REGISTER),
        "nav_active": "people",
        "breadcrumbs": crumbs((_("Personen"), None)),
    }
    if request.htmx:
        return render(request, "people/search_results.html", context)
    return render(request, "people/search.html", context)


def _register_units(actor):
    return Unit.objects.filter(
        tenant_id=actor.tenant_id, pk__in=actor.units(PERSON_REGISTER)
    ).order_by("name")


def _candidates(actor, form) -> list:
    data = form.cleaned_data
    if not data.get("family_name"):
        return []
    return duplicate_candidates(
        actor,
        family_name=data["family_name"],
        given_names=data.get("given_names") or "",
        birth_date=data.get("birth_date"),
        birth_date_precision=data.get("birth_date_precision") or "day",
        nationalities=data.get("nationalities") or [],
    )


@login_required
def register(request):
    actor = get_actor(request.user)
    require(actor, PERSON_REGISTER)
    units = _register_units(actor)
    candidates = []
    if request.method == "POST":
        form = RegisterForm(request.POST, tenant_id=actor.tenant_id, register_units=units)
        if form.is_valid():
            candidates = _candidates(actor, form)
            if candidates:
                audit(
                    actor=actor,
                    action="person.search",
                    changes={"duplicate_check": True, "ids": [c.person.pk for c in candidates]},
                )
            if not candidates or form.cleaned_data["not_a_duplicate"]:
                try:
                    person = person_register(
                        actor=actor,
                        unit=form.chosen_unit,
                        aliases=form.alias_rows(),
                        **form.person_fields(),
                    )
                except NotAllowed as exc:
                    raise Http404 from exc
                messages.success(
                    request, _("%(name)s wurde registriert.") % {"name": person.full_name}
                )
                return redirect("people:detail", pk=person.pk)
    else:
        initial = {"family_name": request.GET.get("name", "")[:150]}
        form = RegisterForm(initial=initial, tenant_id=actor.tenant_id, register_units=units)
    return render(
        request,
        "people/register.html",
        {
            "form": form,
            "candidates": candidates,
            "nav_active": "people",
            "breadcrumbs": crumbs(
                (_("Personen"), reverse("people:search")), (_("Person registrieren"), None)
            ),
        },
    )


@login_required
@require_POST
def duplicate_check(request):
    """htmx: the duplicate panel while the user types name and date of birth."""
    actor = get_actor(request.user)
    require(actor, PERSON_REGISTER)
    form = RegisterForm(
        request.POST, tenant_id=actor.tenant_id, register_units=_register_units(actor)
    )
    form.is_valid()  # partial input is fine; we only read what validated
    candidates = _candidates(actor, form) if "family_name" in form.cleaned_data else []
    if candidates:
        audit(
            actor=actor,
            action="person.search",
            changes={"duplicate_check": True, "ids": [c.person.pk for c in candidates]},
        )
    return render(request, "people/duplicate_panel.html", {"candidates": candidates, "live": True})


def _get_person(actor, pk) -> Person:
    return get_object_or_404(
        visible_persons(actor).select_related("town", "district", "owner_unit"), pk=pk
    )


@login_required
def detail(request, pk):
    actor = get_actor(request.user)
    try:
        person = _get_person(actor, pk)
    except Http404:
        # A merged record's old address leads to the surviving one (or 404).
        return survivor_redirect(request, actor, pk)
    audit(actor=actor, action="person.view", obj=person, person_id=person.pk)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "aliases": list(person.aliases.all()),
            "can": abilities(actor, person),
            "sections": slots.sections(slots.PERSON_DETAIL, actor, person),
            "nav_active": "people",
            "breadcrumbs": crumbs(
                (_("Personen"), reverse("people:search")), (person.full_name, None)
            ),
        },
    )


@login_required
def edit(request, pk):
    actor = get_actor(request.user)
    person = _get_person(actor, pk)
    if not abilities(actor, person)["change"]:
        raise Http404
    conflict = None
    if request.method == "POST":
        form = EditForm(request.POST, instance=Person(pk=person.pk), tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                person_update(
                    actor=actor,
                    person=person,
                    version=form.cleaned_data["version"],
                    aliases=form.alias_rows(),
                    **form.person_fields(),
                )
            except StaleEdit as stale:
                conflict = _conflict(form, stale.current)
                # Keep what the user typed; the next save deliberately overwrites.
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = EditForm(data, instance=Person(pk=person.pk), tenant_id=actor.tenant_id)
                form.is_valid()
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
                return redirect("people:detail", pk=person.pk)
    else:
        audit(
            actor=actor,
            action="person.view",
            obj=person,
            person_id=person.pk,
            changes={"form": "edit"},
        )
        form = EditForm(
            instance=person, initial={"version": person.version}, tenant_id=actor.tenant_id
        )
    return render(
        request,
        "people/edit.html",
        {
            "form": form,
            "person": person,
            "conflict": conflict,
            "nav_active": "people",
            "breadcrumbs": crumbs(
                (_("Personen"), reverse("people:search")),
                (person.full_name, reverse("people:detail", args=[person.pk])),
                (_("Bearbeiten"), None),
            ),
        },
    )


def _conflict(form, current: Person) -> list[dict]:
    """The fields where the saved record now differs from what the user submitted."""
    rows = []
    for name in PERSON_FIELDS:
        mine = form.cleaned_data.get(name)
        theirs = getattr(current, name)
        if name == "nationalities":
            theirs = [c.code for c in theirs]
            mine = list(mine or [])
        if (mine or None) != (theirs or None):
            field = form.fields[name]
            rows.append(
                {
                    "label": field.label,
                    "mine": _display(field, mine),
                    "theirs": _display(field, theirs),
                }
            )
    return rows


def _display(field, value) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, (list, tuple)):
        return ", ".join(str(choices.get(v, v)) for v in value) or "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if value in (None, ""):
        return "–"
    return str(choices.get(value, value))

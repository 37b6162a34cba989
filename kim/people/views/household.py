"""Pages for family ties and the household."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.people.forms import (
    MemberAddForm,
    MemberLeaveForm,
    RelationAddForm,
    RelationEditForm,
    RelationRemoveForm,
)
from kim.people.models import HouseholdMember, PersonRelation
from kim.people.selectors import (
    household_of,
    memberships_of,
    person_search,
    relations_of,
    visible_persons,
)
from kim.people.selectors.common import scoped
from kim.people.services import (
    household_add_member,
    household_create,
    household_member_leave,
    person_relation_add,
    person_relation_remove,
    person_relation_update,
)
from kim.people.views.common import (
    back_to,
    conflict_rows,
    form_page,
    load_person,
    person_crumbs,
    rebound,
)

SEARCH_LIMIT = 10


def _shown_ids(person, ties, household) -> list[int]:
    """The other persons whose names the page shows."""
    ids = {t.other.pk for t in ties if t.visible}
    if household is not None:
        ids |= {m.person_id for m in household.current + household.former if m.visible}
    return sorted(ids - {person.pk})


@login_required
def household_page(request, pk):
    actor, person, can = load_person(request, pk)
    household = household_of(actor, person)
    ties = relations_of(actor, person)
    memberships = memberships_of(actor, person)
    audit(
        actor=actor,
        action="household.view",
        obj=person,
        person_id=person.pk,
        changes={"shown_person_ids": _shown_ids(person, ties, household)},
    )
    return render(
        request,
        "people/household.html",
        {
            "person": person,
            "can": can,
            "household": household,
            "ties": ties,
            "memberships": memberships,
            "nav_active": "people",
            "breadcrumbs": person_crumbs(person, (_("Familie und Haushalt"), None)),
        },
    )


def _candidates(request, actor, person, *, extra_ids=()):
    """Search hits (audited like the person search) plus the persons named in `extra_ids`."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:200]
    hit_ids = []
    if query:
        hits = person_search(actor, query, limit=SEARCH_LIMIT + 1)
        hit_ids = [h.person.pk for h in hits if h.person.pk != person.pk][:SEARCH_LIMIT]
        if request.method == "GET":
            audit(actor=actor, action="person.search", changes={"query": query, "ids": hit_ids})
    chosen = [
        int(v)
        for v in request.POST.getlist("related") + request.POST.getlist("person")
        if str(v).isdigit()
    ]
    ids = set(hit_ids) | set(extra_ids) | set(chosen)
    candidates = visible_persons(actor).filter(pk__in=ids).exclude(pk=person.pk)
    return query, candidates.order_by("family_name", "given_names", "id")


@login_required
def relation_add(request, pk):
    actor, person, _can = load_person(request, pk, "change")
    query, candidates = _candidates(request, actor, person)
    if request.method == "POST":
        form = RelationAddForm(request.POST, candidates=candidates, person=person)
        if form.is_valid():
            try:
                person_relation_add(
                    actor=actor,
                    person=person,
                    related=form.cleaned_data["related"],
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Beziehung wurde gespeichert."))
                return redirect(back_to(person, "familie"))
    else:
        form = RelationAddForm(initial={"q": query}, candidates=candidates, person=person)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Beziehung erfassen"),
        submit=_("Beziehung speichern"),
        cancel=back_to(person, "familie"),
        template="people/person_pick_form.html",
        query=query,
        has_candidates=candidates.exists(),
        pick_field="related",
    )


def _relation(actor, person, relation_pk) -> PersonRelation:
    relation = get_object_or_404(
        PersonRelation.objects.filter(tenant_id=actor.tenant_id)
        .filter(Q(person=person) | Q(related=person))
        .select_related("person", "related"),
        pk=relation_pk,
    )
    if relation.person_id == person.pk:
        relation.person = person
    else:
        relation.related = person
    if not abilities(actor, relation)["change"]:
        raise Http404
    return relation


@login_required
def relation_edit(request, pk, relation_pk):
    actor, person, _can = load_person(request, pk, "change")
    relation = _relation(actor, person, relation_pk)
    other = relation.related if relation.person_id == person.pk else relation.person
    kwargs = {"person": person, "other_name": other.full_name}
    conflict = None
    if request.method == "POST":
        form = RelationEditForm(request.POST, **kwargs)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            if relation.person_id != person.pk:  # the form speaks from this person's side
                kind = PersonRelation.INVERSE[kind]
            try:
                person_relation_update(
                    actor=actor,
                    relation=relation,
                    version=form.cleaned_data["version"],
                    kind=kind,
                    note=form.cleaned_data["note"],
                )
            except StaleEdit as stale:
                current = stale.current
                conflict = conflict_rows(
                    form, {"kind": current.kind_seen_from(person.pk), "note": current.note}
                )
                form = rebound(RelationEditForm, request, current.version, **kwargs)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Beziehung wurde gespeichert."))
                return redirect(back_to(person, "familie"))
    else:
        audit(actor=actor, action="relation.view", obj=relation, person_id=person.pk)
        form = RelationEditForm(
            initial={
                "kind": relation.kind_seen_from(person.pk),
                "note": relation.note,
                "version": relation.version,
            },
            **kwargs,
        )
    response = form_page(
        request,
        person=person,
        form=form,
        title=_("Beziehung bearbeiten"),
        submit=_("Speichern"),
        cancel=back_to(person, "familie"),
        conflict=conflict,
        secondary_action={
            "url": reverse("people:relation_remove", args=[person.pk, relation.pk]),
            "label": _("Beziehung entfernen"),
        },
    )
    return response


@login_required
def relation_remove(request, pk, relation_pk):
    actor, person, _can = load_person(request, pk, "change")
    relation = _relation(actor, person, relation_pk)
    other = relation.related if relation.person_id == person.pk else relation.person
    if request.method == "POST":
        form = RelationRemoveForm(request.POST)
        if form.is_valid():
            try:
                person_relation_remove(
                    actor=actor, relation=relation, reason=form.cleaned_data["reason"]
                )
            except NotAllowed as exc:
                raise Http404 from exc
            messages.success(request, _("Die Beziehung wurde entfernt."))
            return redirect(back_to(person, "familie"))
    else:
        audit(actor=actor, action="relation.view", obj=relation, person_id=person.pk)
        form = RelationRemoveForm()
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Beziehung entfernen"),
        submit=_("Beziehung entfernen"),
        cancel=back_to(person, "familie"),
        intro=_("%(other)s ist für %(name)s: %(kind)s. Diese Angabe wird entfernt.")
        % {
            "other": other.full_name,
            "name": person.full_name,
            "kind": dict(PersonRelation.Kind.choices)[relation.kind_seen_from(person.pk)],
        },
    )


@login_required
def member_add(request, pk):
    actor, person, _can = load_person(request, pk, "change")
    household = household_of(actor, person)
    if household is not None and not abilities(actor, household.household)["add_member"]:
        raise Http404
    in_household = {m.person_id for m in household.current} if household else set()
    relatives = [
        t.other.pk
        for t in relations_of(actor, person)
        if t.visible and t.other.pk not in in_household
    ]
    query, candidates = _candidates(request, actor, person, extra_ids=relatives)
    candidates = candidates.exclude(pk__in=in_household)
    kwargs = {"candidates": candidates, "new_household": household is None}
    if request.method == "POST":
        form = MemberAddForm(request.POST, **kwargs)
        if form.is_valid() and not abilities(actor, form.cleaned_data["person"])["change"]:
            form.add_error("person", _("Sie dürfen die Daten dieser Person nicht ändern."))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if household is None:
                    household_create(
                        actor=actor,
                        persons=[person, data["person"]],
                        valid_from=data["valid_from"],
                        name=data.get("name") or "",
                    )
                else:
                    household_add_member(
                        actor=actor,
                        household=household.household,
                        person=data["person"],
                        valid_from=data["valid_from"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("%(name)s wurde dem Haushalt hinzugefügt.")
                    % {"name": data["person"].full_name},
                )
                return redirect(back_to(person, "familie"))
    else:
        form = MemberAddForm(initial={"q": query}, **kwargs)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Person zum Haushalt hinzufügen"),
        submit=_("Hinzufügen"),
        cancel=back_to(person, "familie"),
        template="people/person_pick_form.html",
        intro=None
        if household
        else _("%(name)s ist noch keinem Haushalt zugeordnet: Es wird ein neuer Haushalt angelegt.")
        % {"name": person.full_name},
        query=query,
        has_candidates=candidates.exists(),
        pick_field="person",
    )


@login_required
def member_leave(request, pk, member_pk):
    actor, person, _can = load_person(request, pk, "view")
    households = HouseholdMember.objects.filter(person=person).values("household_id")
    member = get_object_or_404(
        scoped(HouseholdMember, actor)
        .filter(household_id__in=households)
        .select_related("person", "household"),
        pk=member_pk,
    )
    if member.person_id == person.pk:
        member.person = person
    if not abilities(actor, member.person)["change"]:
        raise Http404
    conflict = None
    if request.method == "POST":
        form = MemberLeaveForm(request.POST)
        if form.is_valid():
            try:
                household_member_leave(
                    actor=actor,
                    member=member,
                    version=form.cleaned_data["version"],
                    valid_until=form.cleaned_data["valid_until"],
                )
            except StaleEdit as stale:
                conflict = conflict_rows(form, {"valid_until": stale.current.valid_until})
                form = rebound(MemberLeaveForm, request, stale.current.version)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Der Auszug von %(name)s wurde gespeichert.")
                    % {"name": member.person.full_name},
                )
                return redirect(back_to(person, "familie"))
    else:
        audit(actor=actor, action="household.view", obj=member, person_id=member.person_id)
        form = MemberLeaveForm(initial={"version": member.version})
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Auszug von %(name)s erfassen") % {"name": member.person.full_name},
        submit=_("Auszug speichern"),
        cancel=back_to(person, "familie"),
        conflict=conflict,
        intro=_("%(name)s lebt seit %(day)s in diesem Haushalt.")
        % {"name": member.person.full_name, "day": f"{member.valid_from:%d.%m.%Y}"},
    )

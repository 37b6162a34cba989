"""Helpers shared by the pages about a person's records."""

from datetime import date

from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core.abilities import abilities
from kim.core.actor import Actor, get_actor
from kim.core.views import crumbs
from kim.people.models import Person
from kim.people.selectors import visible_persons


def load_person(request, pk: int, need: str = "view") -> tuple[Actor, Person, dict]:
    """The person if the actor may see it and has the ability `need`; else 404."""
    actor = get_actor(request.user)
    person = get_object_or_404(visible_persons(actor), pk=pk)
    can = abilities(actor, person)
    if not can[need]:
        raise Http404
    return actor, person, can


def person_crumbs(person: Person, *items: tuple[str, str | None]) -> list[dict]:
    return crumbs(
        (_("Personen"), reverse("people:search")),
        (person.full_name, reverse("people:detail", args=[person.pk])),
        *items,
    )


def back_to(person: Person, anchor: str) -> str:
    return reverse("people:detail", args=[person.pk]) + f"#{anchor}"


def form_page(
    request,
    *,
    person: Person,
    form,
    title: str,
    submit: str,
    cancel: str,
    template: str = "people/record_form.html",
    crumb_parent: tuple[str, str] | None = None,
    **context,
):
    items = [crumb_parent] if crumb_parent else []
    return render(
        request,
        template,
        {
            "person": person,
            "form": form,
            "title": title,
            "submit": submit,
            "cancel": cancel,
            "conflict": None,
            "nav_active": "people",
            "breadcrumbs": person_crumbs(person, *items, (title, None)),
        }
        | context,
    )


def display(field, value) -> str:
    """A value as the form would show it, for the table of differences."""
    if value in (None, "", [], ()):
        return "–"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    choices = {str(k): v for k, v in (getattr(field, "choices", None) or []) if k != ""}
    if isinstance(value, (list, tuple, set)):
        return ", ".join(display(field, v) for v in value) or "–"
    if isinstance(value, Model):
        return str(value)
    return str(choices.get(str(value), value))


def _comparable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return sorted(_comparable(v) for v in value)
    return value if value not in ("", [], ()) else None


def conflict_rows(form, current: dict) -> list[dict]:
    """Fields where what the user submitted differs from what is saved now."""
    rows = []
    for name, theirs in current.items():
        if name not in form.fields:
            continue
        mine = form.cleaned_data.get(name)
        if _comparable(mine) != _comparable(theirs):
            field = form.fields[name]
            rows.append(
                {
                    "label": field.label,
                    "mine": display(field, mine),
                    "theirs": display(field, theirs),
                }
            )
    return rows


def rebound(form_class, request, version: int, **kwargs):
    """The submitted form again, with the version that is saved now (keeps the input)."""
    data = request.POST.copy()
    data["version"] = version
    form = form_class(data, request.FILES or None, **kwargs)
    form.is_valid()
    return form

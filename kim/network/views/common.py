"""Helpers shared by the network's pages."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core.actor import Actor, get_actor
from kim.core.views import crumbs
from kim.network.abilities import may_manage_directory, may_read_directory

NAV = "network"


def reader(request) -> Actor:
    """Every user of a tenant reads the directory; others get 404."""
    actor = get_actor(request.user)
    if not may_read_directory(actor):
        raise Http404
    return actor


def manager(request) -> Actor:
    """Writing the directory needs DIRECTORY_MANAGE; without it the page does not exist (404)."""
    actor = get_actor(request.user)
    if not may_manage_directory(actor):
        raise Http404
    return actor


def directory_crumbs(*items: tuple[str, str | None]) -> list[dict]:
    return crumbs((_("Angebote"), reverse("network:directory")), *items)


def conflict_rows(form, current: dict, labels: dict | None = None) -> list[dict]:
    """The fields where the saved record differs from what the user submitted."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in current:
            continue
        mine, theirs = form.cleaned_data.get(name), current[name]
        if _comparable(mine) != _comparable(theirs):
            rows.append(
                {
                    "label": (labels or {}).get(name, field.label),
                    "mine": _display(field, mine),
                    "theirs": _display(field, theirs),
                }
            )
    return rows


def _comparable(value):
    if value is None or value == "" or value == []:
        return None
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return sorted(getattr(v, "pk", v) for v in value)
    return getattr(value, "pk", value)


def _display(field, value) -> str:
    if value in (None, "", []):
        return "–"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return ", ".join(str(choices.get(v, v)) for v in value) or "–"
    return str(choices.get(value, value))

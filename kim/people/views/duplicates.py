"""The team lead's duplicate list, "not a duplicate" decisions and the reviewed merge.

Who sees what is decided in `kim.people.selectors.duplicates`: both records
must be held by units where the actor has `person.merge`. Everybody else gets
404 (house rule: outsiders never learn that something exists).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.permissions import PERSON_MERGE
from kim.core.views import crumbs, paginate, require
from kim.people.forms.merge import MERGED, SURVIVOR, DismissForm, MergeForm
from kim.people.matching import FACTOR_LABELS, Record, score_pair
from kim.people.models import Person, PersonAlias
from kim.people.selectors.duplicates import (
    dismissed_pairs,
    duplicate_pairs,
    mergeable_persons,
    merged_into,
    pair_counts,
)
from kim.people.services.duplicates import (
    duplicate_dismiss,
    duplicate_restore,
    duplicates_scan,
    latest_scan,
)
from kim.people.services.merge import (
    FIELD_GROUPS,
    UNION_GROUPS,
    group_values,
    merge_plan,
    person_merge,
)

PAIRS_PER_PAGE = 20


def _list_crumbs(*items):
    return crumbs(
        (_("Personen"), reverse("people:search")),
        (_("Dubletten"), reverse("people:duplicates") if items else None),
        *items,
    )


@login_required
def duplicate_list(request):
    actor = get_actor(request.user)
    require(actor, PERSON_MERGE)
    scan = latest_scan(actor.tenant_id)
    if scan is None:
        # First use in this tenant; afterwards the nightly `duplicates_scan` keeps it fresh.
        scan = duplicates_scan(tenant_id=actor.tenant_id)
    listed, hidden = pair_counts(actor)
    paginator = Paginator(duplicate_pairs(actor), PAIRS_PER_PAGE)
    paginator.count = listed  # counted above with the hidden ones, in one query
    page = paginator.get_page(request.GET.get("seite"))
    pairs = list(page.object_list)
    for pair in pairs:
        pair.factor_labels = [str(FACTOR_LABELS.get(code, code)) for code in pair.factors]
    if pairs:
        audit(
            actor=actor,
            action="duplicate.list",
            changes={
                "page": page.number,
                "ids": [pk for pair in pairs for pk in (pair.first_id, pair.second_id)],
            },
        )
    return render(
        request,
        "people/duplicates.html",
        {
            "page": page,
            "pairs": pairs,
            "scan": scan,
            "hidden": hidden,
            "dismissed": dismissed_pairs(actor).count(),
            "nav_active": "duplicates",
            "breadcrumbs": _list_crumbs(),
        },
    )


@login_required
def dismissed_list(request):
    actor = get_actor(request.user)
    require(actor, PERSON_MERGE)
    page = paginate(request, dismissed_pairs(actor), per_page=PAIRS_PER_PAGE)
    decisions = list(page.object_list)
    if decisions:
        audit(
            actor=actor,
            action="duplicate.list",
            changes={
                "dismissed": True,
                "page": page.number,
                "ids": [pk for d in decisions for pk in (d.first_id, d.second_id)],
            },
        )
    return render(
        request,
        "people/duplicates_dismissed.html",
        {
            "page": page,
            "decisions": decisions,
            "nav_active": "duplicates",
            "breadcrumbs": _list_crumbs((_("Als verschieden entschieden"), None)),
        },
    )


def _pair(actor, first_pk: int, second_pk: int) -> tuple[Person, Person]:
    if first_pk == second_pk:
        raise Http404
    persons = mergeable_persons(actor).select_related("town", "district", "owner_unit")
    return get_object_or_404(persons, pk=first_pk), get_object_or_404(persons, pk=second_pk)


@login_required
@require_POST
def dismiss(request, first, second):
    actor = get_actor(request.user)
    require(actor, PERSON_MERGE)
    one, other = _pair(actor, first, second)
    form = DismissForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        duplicate_dismiss(actor=actor, first=one, second=other, reason=reason)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("„%(one)s“ und „%(other)s“ sind als verschiedene Personen vermerkt.")
        % {"one": one.full_name, "other": other.full_name},
    )
    return redirect(_next_page(request))


def _next_page(request) -> str:
    """Back to the list page the button was on (only our own list's page numbers)."""
    page = request.POST.get("seite", "")
    url = reverse("people:duplicates")
    return f"{url}?seite={page}" if page.isdigit() else url


@login_required
@require_POST
def restore(request, pk):
    actor = get_actor(request.user)
    require(actor, PERSON_MERGE)
    decision = get_object_or_404(dismissed_pairs(actor).select_related("first", "second"), pk=pk)
    try:
        duplicate_restore(actor=actor, decision=decision)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(
        request,
        _(
            "Die Entscheidung ist zurückgenommen; „%(one)s“ und „%(other)s“ werden wieder als mögliche Dublette geprüft."
        )
        % {"one": decision.first.full_name, "other": decision.second.full_name},
    )
    return redirect("people:duplicates_dismissed")


# --- review and merge ------------------------------------------------------------------


def _display(person: Person, key: str) -> str:
    if key == "birth_date":
        return person.birth_date_display or "–"
    if key == "nationalities":
        return ", ".join(c.name for c in person.nationalities) or "–"
    if key == "languages":
        return ", ".join(person.language_names) or "–"
    if key == "address":
        place = " ".join(p for p in (person.postcode, str(person.town or "")) if p)
        parts = [person.street, place, str(person.district or "")]
        return ", ".join(p for p in parts if p) or "–"
    if key == "interpreter":
        if not person.interpreter_needed:
            return _("nein")
        language = person.get_interpreter_language_display()
        return f"{_('ja')} ({language})" if language else _("ja")
    if key == "arrival_date":
        return date_format(person.arrival_date, "d.m.Y") if person.arrival_date else "–"
    field = Person._meta.get_field(key)
    value = getattr(person, key)
    if field.choices:
        return str(dict(field.choices).get(value, value)) or "–"
    return str(value) if value not in (None, "") else "–"


def _comparable(values: list) -> list:
    out = []
    for value in values:
        if isinstance(value, (list, tuple)):
            value = sorted(str(v) for v in value)
        out.append(value if value not in ("", [], None) else None)
    return out


def _is_empty(values: list) -> bool:
    return all(v in (None, "", False, []) or (hasattr(v, "__len__") and not len(v)) for v in values)


def _field_rows(survivor: Person, merged: Person) -> tuple[list[dict], dict[str, str]]:
    """Both records side by side per field group, and the default choice where they differ."""
    rows, choices = [], {}
    for key, label, _fields in FIELD_GROUPS:
        mine, theirs = group_values(survivor, key), group_values(merged, key)
        differs = _comparable(mine) != _comparable(theirs)
        union = key in UNION_GROUPS
        if differs and not union:
            choices[key] = MERGED if _is_empty(mine) and not _is_empty(theirs) else SURVIVOR
        rows.append(
            {
                "key": key,
                "label": label,
                "survivor": _display(survivor, key),
                "merged": _display(merged, key),
                "differs": differs,
                "union": union and differs,
            }
        )
    return rows, choices


def _aliases(person: Person) -> list[str]:
    return [str(a) for a in PersonAlias.objects.filter(person=person)]


def _match(survivor: Person, merged: Person):
    def record(p):
        return Record.of(
            family_name=p.family_name,
            given_names=p.given_names,
            birth_date=p.birth_date,
            birth_date_precision=p.birth_date_precision,
            nationalities=[str(c) for c in p.nationalities],
            aliases=[(a.family_name, a.given_names) for a in PersonAlias.objects.filter(person=p)],
        )

    return score_pair(record(survivor), record(merged))


@login_required
def merge_review(request, survivor, merged):
    """The review page (GET) and the confirmed merge (POST) of `merged` into `survivor`."""
    actor = get_actor(request.user)
    require(actor, PERSON_MERGE)
    kept, gone = _pair(actor, survivor, merged)
    rows, choices = _field_rows(kept, gone)
    stale = False
    if request.method == "POST":
        form = MergeForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                person_merge(
                    actor=actor,
                    survivor=kept,
                    merged=gone,
                    reason=form.cleaned_data["reason"],
                    expected=form.cleaned_data["plan"],
                    take_from_merged=form.taken_from_merged(),
                )
            except StaleEdit:
                stale = True
            except NotAllowed as exc:
                raise Http404 from exc
            except ValidationError as error:
                add_service_errors(form, error)
            except IntegrityError:
                form.add_error(
                    None,
                    _(
                        "Die Datensätze konnten nicht zusammengeführt werden, weil Einträge "
                        "einander widersprechen. Es wurde nichts geändert."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("„%(gone)s“ wurde in „%(kept)s“ zusammengeführt.")
                    % {"gone": gone.full_name, "kept": kept.full_name},
                )
                return redirect("people:detail", pk=kept.pk)
        if stale:
            # Show what holds now; keep the lead's choices and reason, ask again.
            kept, gone = _pair(actor, survivor, merged)
            rows, choices = _field_rows(kept, gone)
            data = request.POST.copy()
            data["plan"] = merge_plan(kept, gone).digest
            form = MergeForm(data, choices=choices)
            form.is_valid()
    plan = merge_plan(kept, gone)
    if request.method != "POST":
        form = MergeForm(initial={"plan": plan.digest}, choices=choices)
    for person in (kept, gone):
        audit(
            actor=actor,
            action="person.view",
            obj=person,
            person_id=person.pk,
            changes={"form": "merge_review", "pair": [kept.pk, gone.pk]},
        )
    for row in rows:
        bound = form[f"take_{row['key']}"] if row["key"] in choices else None
        row["choices"] = list(bound) if bound is not None else []
        row["errors"] = bound.errors if bound is not None else []
    return render(
        request,
        "people/merge_review.html",
        {
            "kept": kept,
            "gone": gone,
            "kept_aliases": _aliases(kept),
            "gone_aliases": _aliases(gone),
            "rows": rows,
            "plan": plan,
            "match": _match(kept, gone),
            "form": form,
            "dismiss_form": DismissForm(),
            "stale": stale,
            "nav_active": "duplicates",
            "breadcrumbs": _list_crumbs((_("Zusammenführen prüfen"), None)),
        },
    )


def survivor_redirect(request, actor, pk: int):
    """The old address of a merged record: to the surviving record, if the actor may see it."""
    found = merged_into(actor, pk)
    if found is None:
        raise Http404
    survivor, merge = found
    messages.info(
        request,
        _("Der aufgerufene Datensatz wurde am %(day)s mit diesem Datensatz zusammengeführt.")
        % {"day": date_format(timezone.localtime(merge.merged_at), "d.m.Y")},
    )
    return redirect("people:detail", pk=survivor.pk)


__all__ = [
    "dismiss",
    "dismissed_list",
    "duplicate_list",
    "merge_review",
    "restore",
    "survivor_redirect",
]

"""Merging a duplicate person record into the surviving one.

Every row of every app that points at the merged person moves to the
survivor. The rows are found generically — every concrete foreign key to
`Person` of every installed model (`person_references`), which also catches
keys declared with `related_name="+"` that `Person._meta.related_objects`
leaves out, and models of apps added later — so people need not know cases,
follow-ups or documents. Only rows whose uniqueness or meaning needs a
decision are handled by name:

- units holding the person (`PersonUnit`): a unit holding both keeps one row;
- relations: one between the two records disappears (it would relate the
  person to themself), and so does the merged record's tie to someone the
  survivor already has a tie with;
- households: two stays in the same household that overlap become one
  (the longer period); overlapping stays in *different* households block the
  merge until someone records the move-out, as a person lives in one
  household at a time;
- name keys are rebuilt from the survivor's names and aliases; the merged
  record's names that the survivor does not keep become aliases;
- found pairs and "not a duplicate" decisions follow the survivor; earlier
  merges stay as they were (their chain is followed when an old address is
  opened).

Rows of other models that would break a unique constraint (a person twice in
the same case's members) are dropped and reported as combined. The plan the
review page shows (`merge_plan`) is computed by the same handlers, and its
digest — counts and both versions — must still hold when the merge runs, or
the merge is refused as stale.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.people.models import (
    PERSON_DATA_FIELDS,
    DuplicatePair,
    HouseholdMember,
    NotDuplicate,
    Person,
    PersonAlias,
    PersonMerge,
    PersonNameKey,
    PersonRelation,
    PersonUnit,
)
from kim.people.names import fold
from kim.people.selectors.duplicates import may_merge
from kim.people.services.common import lock_persons
from kim.people.services.duplicates import duplicates_refresh_person
from kim.people.services.person import person_reindex

# The person's data in groups a lead chooses from as a whole: an address or a
# date with its precision does not mix well across two records.
FIELD_GROUPS: list[tuple[str, object, list[str]]] = [
    ("family_name", gettext_lazy("Familienname"), ["family_name"]),
    ("given_names", gettext_lazy("Vornamen"), ["given_names"]),
    ("birth_date", gettext_lazy("Geburtsdatum"), ["birth_date", "birth_date_precision"]),
    ("sex", gettext_lazy("Geschlecht"), ["sex"]),
    ("nationalities", gettext_lazy("Staatsangehörigkeiten"), ["nationalities"]),
    ("languages", gettext_lazy("Sprachen"), ["languages"]),
    ("german_level", gettext_lazy("Deutschkenntnisse (GER)"), ["german_level"]),
    ("arrival_date", gettext_lazy("Einreise nach Deutschland"), ["arrival_date"]),
    ("address", gettext_lazy("Anschrift"), ["street", "postcode", "town", "district"]),
    ("phone", gettext_lazy("Telefon"), ["phone"]),
    ("email", gettext_lazy("E-Mail"), ["email"]),
    ("interpreter", gettext_lazy("Sprachmittlung"), ["interpreter_needed", "interpreter_language"]),
]
# Lists are combined rather than chosen: a second nationality or language is not a conflict.
UNION_GROUPS = {"nationalities", "languages"}
UNITS_LABEL = gettext_lazy("Einheiten, die die Person führen")


@dataclass
class Move:
    """What happens to one kind of row that points at the merged record."""

    key: str  # "app_label.model" (plus ".field" when a model points twice)
    label: str
    moved: int = 0
    combined: int = 0  # dropped because the survivor already has the same
    children: list[tuple[str, int]] = field(default_factory=list)  # rows that come along


@dataclass
class MergePlan:
    moves: list[Move]
    blockers: list[str]
    versions: tuple[int, int]

    @property
    def shown(self) -> list[Move]:
        return [m for m in self.moves if m.moved or m.combined]

    @property
    def digest(self) -> str:
        counts = sorted((m.key, m.moved, m.combined, tuple(m.children)) for m in self.moves)
        raw = json.dumps([self.versions, counts], default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:20]


@cache
def person_references() -> list[models.Field]:
    """Every concrete foreign key and one-to-one field, in any installed model, to Person."""
    return [
        f
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False)
        and f.is_relation
        and (f.many_to_one or f.one_to_one)
        and f.related_model is Person
    ]


# --- the handlers: each counts (apply=False) or does (apply=True) the same ----------


def _units(survivor, merged, apply, actor) -> Move:
    held = PersonUnit.objects.filter(person=survivor).values("unit_id")
    rows = PersonUnit.objects.filter(person=merged)
    twice, moving = rows.filter(unit_id__in=held), rows.exclude(unit_id__in=held)
    move = Move("people.personunit", str(UNITS_LABEL), moving.count(), twice.count())
    if apply:
        twice.delete()
        moving.update(person=survivor)
        survivor.__dict__.pop("_holding_units", None)
        merged.__dict__.pop("_holding_units", None)
    return move


def _relations(survivor, merged, apply, actor) -> Move:
    rows = list(PersonRelation.objects.filter(Q(person=merged) | Q(related=merged)))
    ties_of_survivor = {
        r.other_id(survivor.pk)
        for r in PersonRelation.objects.filter(Q(person=survivor) | Q(related=survivor))
    }
    dropped = [r.pk for r in rows if r.other_id(merged.pk) in ties_of_survivor | {survivor.pk}]
    move = Move(
        "people.personrelation",
        str(PersonRelation._meta.verbose_name_plural),
        len(rows) - len(dropped),
        len(dropped),
    )
    if apply:
        PersonRelation.objects.filter(pk__in=dropped).delete()
        PersonRelation.objects.filter(person=merged).update(
            person=survivor, version=models.F("version") + 1
        )
        PersonRelation.objects.filter(related=merged).update(
            related=survivor, version=models.F("version") + 1
        )
    return move


def _overlap(a: HouseholdMember, b: HouseholdMember) -> bool:
    end = date.max
    return a.valid_from <= (b.valid_until or end) and b.valid_from <= (a.valid_until or end)


def _households(survivor, merged, apply, actor, blockers=None) -> Move:
    own = list(HouseholdMember.objects.filter(person=survivor).select_related("household"))
    rows = list(HouseholdMember.objects.filter(person=merged).select_related("household"))
    combine: list[tuple[HouseholdMember, HouseholdMember]] = []
    for row in rows:
        for kept in own:
            if not _overlap(row, kept):
                continue
            if kept.household_id == row.household_id:
                combine.append((row, kept))
                break
            if blockers is not None:
                blockers.append(
                    _(
                        "Beide Datensätze leben im selben Zeitraum in verschiedenen Haushalten "
                        "(„%(one)s“ und „%(other)s“). Eine Person lebt zur Zeit in einem Haushalt: "
                        "Bitte erfassen Sie zuerst bei einem der Datensätze den Auszug."
                    )
                    % {"one": kept.household, "other": row.household}
                )
    move = Move(
        "people.householdmember",
        str(HouseholdMember._meta.verbose_name_plural),
        len(rows) - len(combine),
        len(combine),
    )
    if apply:
        for row, kept in combine:
            kept.valid_from = min(kept.valid_from, row.valid_from)
            if kept.valid_until is not None:
                kept.valid_until = (
                    None if row.valid_until is None else max(kept.valid_until, row.valid_until)
                )
            kept.version += 1
            kept.save(update_fields=["valid_from", "valid_until", "version"])
            row.delete()
        HouseholdMember.objects.filter(person=merged).update(
            person=survivor, version=models.F("version") + 1
        )
    return move


def _name_keys(survivor, merged, apply, actor) -> Move:
    # Rebuilt from the survivor's names afterwards; the merged record is not findable.
    if apply:
        PersonNameKey.objects.filter(person=merged).delete()
    return Move("people.personnamekey", "")


def _pairs(survivor, merged, apply, actor) -> Move:
    if apply:
        DuplicatePair.objects.involving(merged.pk).delete()
    return Move("people.duplicatepair", "")


def _decisions(survivor, merged, apply, actor) -> Move:
    """Decisions about the merged record hold for the survivor; one between the two ends."""
    if apply:
        now = timezone.now()
        active = NotDuplicate.objects.filter(withdrawn_at__isnull=True)
        for decision in active.involving(merged.pk):
            other = decision.other(merged.pk).pk
            if other == survivor.pk or active.of(survivor.pk, other).exists():
                decision.withdrawn_at, decision.withdrawn_by = now, actor.user
                decision.save(update_fields=["withdrawn_at", "withdrawn_by"])
            else:
                decision.first_id, decision.second_id = sorted((survivor.pk, other))
                decision.save(update_fields=["first", "second"])
    return Move("people.notduplicate", "")


def _history(survivor, merged, apply, actor) -> Move:
    return Move("people.personmerge", "")  # earlier merges stay as they happened


SPECIAL = {
    (PersonUnit, "person"): _units,
    (PersonRelation, "person"): _relations,
    (PersonRelation, "related"): None,  # handled with "person"
    (HouseholdMember, "person"): _households,
    (PersonNameKey, "person"): _name_keys,
    (DuplicatePair, "first"): _pairs,
    (DuplicatePair, "second"): None,
    (NotDuplicate, "first"): _decisions,
    (NotDuplicate, "second"): None,
    (PersonMerge, "survivor"): _history,
    (PersonMerge, "merged"): None,
}


def _unique_sets(model, field_name: str) -> list[list[str]]:
    """The unconditional unique field sets of a model that contain `field_name`."""
    sets = [list(fields) for fields in model._meta.unique_together]
    sets += [list(c.fields) for c in model._meta.total_unique_constraints]
    if model._meta.get_field(field_name).unique:
        sets.append([field_name])
    return [s for s in sets if field_name in s]


def _generic(ref: models.Field, survivor, merged, apply) -> Move:
    model = ref.model
    manager = model._base_manager
    rows = manager.filter(**{ref.attname: merged.pk})
    clashing: set = set()
    for unique in _unique_sets(model, ref.name):
        others = [model._meta.get_field(n).attname for n in unique if n != ref.name]
        taken = set(manager.filter(**{ref.attname: survivor.pk}).values_list(*others))
        for pk, *values in rows.values_list("pk", *others):
            if tuple(values) in taken:
                clashing.add(pk)
    total = rows.count()
    move = Move(
        f"{model._meta.label_lower}.{ref.name}",
        _reference_label(ref),
        total - len(clashing),
        len(clashing),
    )
    if total:
        move.children = _children(model, ref, merged)
    if apply:
        manager.filter(pk__in=clashing).delete()
        rows.update(**{ref.name: survivor})
    return move


def _reference_label(ref: models.Field) -> str:
    model = ref.model
    label = str(model._meta.verbose_name_plural)
    if sum(1 for f in person_references() if f.model is model) > 1:
        label = f"{label} ({ref.verbose_name})"
    return label


def move_label(key: str) -> str:
    """The label the review page gave a kind of row, from its key (`Move.key`) as
    `PersonMerge.moved` keeps it; the key itself if its model is gone since."""
    if key == "people.personunit":
        return str(UNITS_LABEL)
    parts = key.split(".")
    try:
        model = apps.get_model(parts[0], parts[1])
        if len(parts) > 2:
            return _reference_label(model._meta.get_field(parts[2]))
    except (IndexError, LookupError, FieldDoesNotExist):
        return key
    return str(model._meta.verbose_name_plural)


def _children(model, ref, merged) -> list[tuple[str, int]]:
    """Rows hanging on the moving rows (contacts and follow-ups of cases): they come along."""
    found = []
    for child in apps.get_models():
        if child is model or child is Person:
            continue
        for f in child._meta.get_fields():
            if getattr(f, "concrete", False) and f.many_to_one and f.related_model is model:
                count = child._base_manager.filter(**{f"{f.name}__{ref.name}": merged.pk}).count()
                if count:
                    found.append((str(child._meta.verbose_name_plural), count))
    return sorted(found)


def _run(survivor, merged, *, apply: bool, actor=None, blockers=None) -> list[Move]:
    moves = []
    for ref in person_references():
        key = (ref.model, ref.name)
        if key in SPECIAL:
            handler = SPECIAL[key]
            if handler is None:
                continue
            if handler is _households:
                moves.append(handler(survivor, merged, apply, actor, blockers=blockers))
            else:
                moves.append(handler(survivor, merged, apply, actor))
            continue
        moves.append(_generic(ref, survivor, merged, apply))
    return [m for m in moves if m.label]


def merge_plan(survivor: Person, merged: Person) -> MergePlan:
    """What a merge would move and combine, and what blocks it (nothing is written)."""
    blockers: list[str] = []
    moves = _run(survivor, merged, apply=False, blockers=blockers)
    return MergePlan(moves=moves, blockers=blockers, versions=(survivor.version, merged.version))


# --- the person's own data -----------------------------------------------------------


def group_values(person: Person, key: str) -> list:
    fields = next(fields for k, _label, fields in FIELD_GROUPS if k == key)
    return [getattr(person, name) for name in fields]


SURVIVOR, MERGED = "survivor", "merged"


@dataclass
class FieldChoice:
    """How the two records compare in one field group of the review."""

    key: str
    label: object
    fields: list[str]
    differs: bool
    combined: bool  # lists combined rather than chosen (UNION_GROUPS), where they differ
    default: str | None  # SURVIVOR or MERGED where the lead chooses, else None


def _comparable(values: list) -> list:
    out = []
    for value in values:
        if isinstance(value, (list, tuple)):
            value = sorted(str(v) for v in value)
        out.append(value if value not in ("", [], None) else None)
    return out


def _is_empty(values: list) -> bool:
    return all(v in (None, "", False, []) or (hasattr(v, "__len__") and not len(v)) for v in values)


def merge_field_choices(survivor: Person, merged: Person) -> list[FieldChoice]:
    """Each field group of the two records: whether they differ and, where the
    lead chooses, the value offered first (the merged record's only where the
    survivor has none). `take_from_merged` of `person_merge` names the groups
    where the lead chose MERGED."""
    choices = []
    for key, label, fields in FIELD_GROUPS:
        mine, theirs = group_values(survivor, key), group_values(merged, key)
        differs = _comparable(mine) != _comparable(theirs)
        union = key in UNION_GROUPS
        default = None
        if differs and not union:
            default = MERGED if _is_empty(mine) and not _is_empty(theirs) else SURVIVOR
        choices.append(FieldChoice(key, label, list(fields), differs, union and differs, default))
    return choices


def _snapshot(person: Person) -> dict:
    data = model_to_dict(person, fields=PERSON_DATA_FIELDS)
    data["nationalities"] = [str(c) for c in data.get("nationalities") or []]
    return data


def _union(first: list, second: list) -> list:
    return list(dict.fromkeys([*first, *second]))


def _apply_fields(survivor: Person, merged: Person, take_from_merged: set[str]) -> None:
    for key, _label, fields in FIELD_GROUPS:
        if key in UNION_GROUPS:
            name = fields[0]
            values = _union(
                [str(v) for v in getattr(survivor, name) or []],
                [str(v) for v in getattr(merged, name) or []],
            )
            setattr(survivor, name, values)
        elif key in take_from_merged:
            for name in fields:
                setattr(survivor, name, getattr(merged, name))


def _keep_names(survivor: Person, old_name: tuple[str, str], merged: Person) -> int:
    """The names the survivor does not keep become aliases; returns how many were added."""
    known = {(fold(survivor.family_name), fold(survivor.given_names))}
    for alias in PersonAlias.objects.filter(person=survivor):
        known.add(
            (
                fold(alias.family_name or survivor.family_name),
                fold(alias.given_names or survivor.given_names),
            )
        )
    added = 0
    for family, given in (old_name, (merged.family_name, merged.given_names)):
        if (fold(family), fold(given)) in known:
            continue
        PersonAlias.objects.create(
            tenant_id=survivor.tenant_id,
            person=survivor,
            kind=PersonAlias.Kind.SPELLING,
            family_name=family,
            given_names=given,
        )
        known.add((fold(family), fold(given)))
        added += 1
    return added


@transaction.atomic
def person_merge(
    *,
    actor: Actor,
    survivor: Person,
    merged: Person,
    reason: str,
    expected: str,
    take_from_merged: set[str] = frozenset(),
) -> PersonMerge:
    """Merge `merged` into `survivor` as reviewed: refused (StaleEdit) if either
    record or anything that would move changed since the plan `expected` was shown."""
    lock_persons(survivor, merged)
    survivor = Person.objects.get(pk=survivor.pk)
    merged = Person.objects.get(pk=merged.pk)
    if not may_merge(actor, survivor, merged):
        raise NotAllowed
    if PersonMerge.objects.filter(merged_id__in=[survivor.pk, merged.pk]).exists():
        raise NotAllowed
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte geben Sie eine Begründung an.")})
    plan = merge_plan(survivor, merged)
    if plan.digest != expected:
        raise StaleEdit(survivor)
    if plan.blockers:
        raise ValidationError(plan.blockers)
    unknown = set(take_from_merged) - {k for k, _label, _f in FIELD_GROUPS}
    if unknown:
        raise ValidationError(
            _("Unbekannte Felder: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )

    before = _snapshot(survivor)
    merged_data = _snapshot(merged) | {
        "aliases": list(
            PersonAlias.objects.filter(person=merged).values("kind", "family_name", "given_names")
        ),
        "version": merged.version,
    }
    old_name = (survivor.family_name, survivor.given_names)
    moves = _run(survivor, merged, apply=True, actor=actor)

    _apply_fields(survivor, merged, set(take_from_merged))
    survivor.full_clean(exclude=["tenant", "owner_unit", "search_name"])
    survivor.version += 1
    survivor.save()
    merged.version += 1
    merged.save(update_fields=["version", "updated_at"])
    aliases_added = _keep_names(survivor, old_name, merged)
    person_reindex(survivor)

    moved = {m.key: m.moved for m in moves if m.moved}
    combined = {m.key: m.combined for m in moves if m.combined}
    record = PersonMerge.objects.create(
        tenant_id=survivor.tenant_id,
        survivor=survivor,
        merged=merged,
        reason=reason[:500],
        merged_by=actor.user,
        moved={"moved": moved, "combined": combined, "aliases_added": aliases_added},
        merged_data=json.loads(json.dumps(merged_data, default=str)),
        taken_from_merged=sorted(take_from_merged),
    )
    duplicates_refresh_person(survivor)
    audit(
        actor=actor,
        action="person.merge",
        obj=survivor,
        person_id=survivor.pk,
        reason=reason,
        changes={
            "survivor_id": survivor.pk,
            "merged_id": merged.pk,
            "moved": moved,
            "combined": combined,
            "aliases_added": aliases_added,
            "taken_from_merged": sorted(take_from_merged),
            "fields": diff(before, _snapshot(survivor)),
        },
    )
    return record

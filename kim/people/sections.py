"""Sections people fills on the start page, the person page and the case page."""

from django.utils import timezone

from kim.core.abilities import abilities, visible_parts
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.permissions import CASE_VIEW, PERSON_CHANGE, PERSON_REGISTER, PERSON_VIEW
from kim.core.slots import (
    CASE_ASIDE,
    CASE_DETAIL,
    CASE_TAB_OVERVIEW,
    PERSON_DETAIL,
    START,
    Section,
    register,
)
from kim.people.models import PersonMerge
from kim.people.selectors import (
    consents_of,
    current_residence,
    household_of,
    legal_domains,
    relations_of,
    residence_statuses,
    valid_consents,
)
from kim.people.selectors.duplicates import merges_into
from kim.people.selectors.legal import residence_and_domains_shared
from kim.people.services.merge import FIELD_GROUPS, move_label


@register(START)
def person_search_section(actor: Actor, obj=None) -> Section | None:
    """A search box on the start page for everyone who works with persons."""
    if not actor.has(PERSON_VIEW):
        return None
    return Section("people/start_search.html", 1, {"can_register": actor.has(PERSON_REGISTER)})


@register(PERSON_DETAIL)
def family_section(actor: Actor, person) -> Section | None:
    can = abilities(actor, person)
    if not can["view"]:
        return None
    ties = relations_of(actor, person)
    household = household_of(actor, person)
    shown = {t.other.pk for t in ties if t.visible}
    if household is not None:
        shown |= {m.person_id for m in household.others if m.visible}
    if shown:
        # The page names other persons: their names are read too.
        audit(
            actor=actor,
            action="household.view",
            obj=person,
            person_id=person.pk,
            changes={"shown_person_ids": sorted(shown)},
        )
    return Section(
        "people/sections/family.html",
        20,
        {"person": person, "can": can, "ties": ties, "household": household},
    )


@register(PERSON_DETAIL)
def residence_section(actor: Actor, person) -> Section | None:
    can = abilities(actor, person)
    if not can["view"]:
        return None
    today = timezone.localdate()
    return Section(
        "people/sections/residence.html",
        25,
        {
            "person": person,
            "can": can,
            "now": current_residence(residence_statuses(actor, person), today),
            "today": today,
        },
    )


@register(PERSON_DETAIL)
def legal_domain_section(actor: Actor, person) -> Section | None:
    can = abilities(actor, person)
    if not can["view"]:
        return None
    today = timezone.localdate()
    rows = [
        row
        for row in legal_domains(actor, person)
        if row.valid_until is None or row.valid_until >= today
    ]
    return Section(
        "people/sections/legal_domains.html", 30, {"person": person, "can": can, "rows": rows}
    )


@register(PERSON_DETAIL)
def consent_section(actor: Actor, person) -> Section | None:
    can = abilities(actor, person)
    if not can["view"]:
        return None
    today = timezone.localdate()
    consents = consents_of(actor, person)
    valid = [c for c in consents if c.is_valid_on(today)]
    return Section(
        "people/sections/consents.html",
        40,
        {
            "person": person,
            "can": can,
            "valid": valid,
            "other_count": len(consents) - len(valid),
        },
    )


def _with_details(merge: PersonMerge) -> PersonMerge:
    """What the history shows of one merge, from the merge record alone."""
    moved = merge.moved.get("moved", {})
    combined = merge.moved.get("combined", {})
    merge.record = merge.merged_record
    merge.moves = sorted(
        (move_label(key), moved.get(key, 0), combined.get(key, 0)) for key in {*moved, *combined}
    )
    merge.aliases_added = merge.moved.get("aliases_added", 0)
    taken = set(merge.taken_from_merged)
    merge.taken_labels = [str(label) for key, label, _f in FIELD_GROUPS if key in taken]
    return merge


@register(PERSON_DETAIL)
def merge_history_section(actor: Actor, person) -> Section | None:
    """The records merged into this one (one query); no section when there are none.

    It shows the merged records' data only as the merge stored them, to those
    who may see this record; the page's `person.view` event covers the read.
    """
    if not abilities(actor, person)["view"]:
        return None
    merges = [_with_details(m) for m in merges_into(actor, person)]
    if not merges:
        return None
    return Section("people/sections/merges.html", 60, {"person": person, "merges": merges})


@register(CASE_ASIDE)
def case_consent_section(actor: Actor, case) -> Section | None:
    """Whether the person of the case has a valid consent (one query).

    The case's unit holds the person, so the actor's permissions in that unit
    decide the links without loading the person's holding units. Part of the
    case's internal part: not for a unit the case is only shared with.
    """
    if "internal" not in visible_parts(actor, case):
        return None
    valid = list(valid_consents(case.person_id).order_by("valid_until", "-given_on"))
    until = None
    if valid and all(c.valid_until for c in valid):
        until = max(c.valid_until for c in valid)
    can_view = actor.can_in_unit(PERSON_VIEW, case.unit_id)
    return Section(
        "people/sections/case_consent.html",
        50,
        {
            "person_id": case.person_id,
            "valid": valid,
            "until": until,
            "can_view": can_view,
            "can_change": can_view and actor.can_in_unit(PERSON_CHANGE, case.unit_id),
        },
    )


@register(CASE_DETAIL, tab=CASE_TAB_OVERVIEW)
def shared_residence_section(actor: Actor, case) -> Section | None:
    """Residence status and legal domains on the case page, for readers from outside the
    case's unit to whom the case's residence part is open (a share, an emergency
    access). The case's own unit finds them on the person page."""
    if actor.can_in_unit(CASE_VIEW, case.unit_id) or "residence" not in visible_parts(actor, case):
        return None
    statuses, domains = residence_and_domains_shared(case.person_id)
    today = timezone.localdate()
    return Section(
        "people/sections/case_residence_shared.html",
        5,
        {"now": current_residence(statuses, today), "rows": domains, "today": today},
    )

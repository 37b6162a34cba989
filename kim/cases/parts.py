"""The parts of a case that can be shared with another unit, and the consent data
categories each part discloses.

A unit that holds the case sees every part (and what is never shared: intake,
members, phases, handovers, follow-ups, consent state, the summary – `INTERNAL`).
A receiving unit sees exactly the parts of its active shares; an emergency
access shows every part, read-only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kim.people.models import Consent


class Part(models.TextChoices):
    BASE = "base", _("Stammdaten und Falldaten")
    CONTACTS = "contacts", _("Verlauf der Kontakte")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN = "plan", _("Hilfeplan und Hürden")
    DOCUMENTS = "documents", _("Dokumente des Falls")
    RESIDENCE = "residence", _("Aufenthalt und Rechtskreise")


INTERNAL = "internal"

# Consent.DataCategory codes (kim.people) that each part discloses.
PART_CATEGORIES: dict[str, tuple[str, ...]] = {
    Part.BASE: ("base",),
    Part.CONTACTS: ("case",),
    Part.ASSESSMENT: ("case",),
    Part.PLAN: ("case",),
    Part.DOCUMENTS: ("documents",),
    Part.RESIDENCE: ("residence", "benefits"),
}

SHAREABLE = frozenset(Part.values)
ALL_PARTS = SHAREABLE | {INTERNAL}
NO_PARTS: frozenset[str] = frozenset()


def categories_of(parts) -> list[str]:
    """The data categories the parts disclose, in the consent's order."""
    wanted = {code for part in parts for code in PART_CATEGORIES.get(part, ())}
    return [code for code in Consent.DataCategory.values if code in wanted]


def part_labels(parts) -> list[str]:
    labels = dict(Part.choices)
    return [str(labels[p]) for p in Part.values if p in set(parts)]

"""The responsibility finder (Zuständigkeitsfinder): who answers for a field of action,
a legal domain and a town.

A responsibility row matches a question when each of its three criteria is
either empty ("any") or equal to the question's value; an empty value in the
question matches only rows that leave that criterion empty. Among the rows
valid on the day, the most specific one wins:

1. more criteria given beats fewer;
2. with as many criteria, the field of action counts before the legal
   domain, and the legal domain before the town ("what is it about" decides
   more than "where");
3. then the row valid from the later day (a newer arrangement), then the
   newer row.

`pick` is a pure function over rows already loaded, so the finder page, the
API and the case page decide alike; each result says why it matched.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.models import FieldOfAction, Town
from kim.network.abilities import may_read_directory
from kim.network.models import Responsibility, legal_domain_label


@dataclass(frozen=True)
class Question:
    field_id: int | None
    legal_domain: str  # "" = not given
    town_id: int | None
    on: date


@dataclass
class Match:
    responsibility: Responsibility
    reasons: list[str]
    alternatives: int = 0  # further rows that matched less specifically

    @property
    def why(self) -> str:
        return " · ".join(self.reasons)

    @property
    def considered(self) -> int:
        """How many rows matched, this one included."""
        return self.alternatives + 1


def valid_on(row: Responsibility, on: date) -> bool:
    return (row.valid_from is None or row.valid_from <= on) and (
        row.valid_until is None or row.valid_until >= on
    )


def matches(row: Responsibility, question: Question) -> bool:
    return (
        valid_on(row, question.on)
        and (row.field_id is None or row.field_id == question.field_id)
        and (not row.legal_domain or row.legal_domain == question.legal_domain)
        and (row.town_id is None or row.town_id == question.town_id)
    )


def rank(row: Responsibility) -> tuple:
    given = (row.field_id is not None, bool(row.legal_domain), row.town_id is not None)
    return (sum(given), *given, row.valid_from or date.min, row.pk or 0)


def reasons(row: Responsibility) -> list[str]:
    """Why the row applies, criterion by criterion, in plain words."""
    return [
        _("Handlungsfeld „%(name)s“") % {"name": row.field.name}
        if row.field_id
        else _("für jedes Handlungsfeld"),
        _("Rechtskreis %(name)s") % {"name": legal_domain_label(row.legal_domain)}
        if row.legal_domain
        else _("für jeden Rechtskreis"),
        _("Ort %(name)s") % {"name": row.town.name} if row.town_id else _("für alle Orte"),
    ]


def pick(rows, question: Question) -> Match | None:
    """The most specific row matching the question, with its reasons; None if none matches."""
    found = sorted((row for row in rows if matches(row, question)), key=rank, reverse=True)
    if not found:
        return None
    return Match(found[0], reasons(found[0]), alternatives=len(found) - 1)


# --- reads -----------------------------------------------------------------------------


def responsibility_rows(actor: Actor) -> QuerySet[Responsibility]:
    """The tenant's responsibility rows with what a result shows (one query)."""
    if not may_read_directory(actor):
        return Responsibility.objects.none()
    return Responsibility.objects.filter(tenant_id=actor.tenant_id).select_related(
        "field",
        "town",
        "organisation",
        "organisation__profile",
        "service",
    )


def candidates(
    actor: Actor, *, field_ids, legal_domains, town_id: int | None, on: date
) -> list[Responsibility]:
    """The rows that can match any of these fields and legal domains in the town on the day.

    Narrowed in the database (one query); `pick` decides.
    """
    field_ids = [f for f in field_ids if f is not None]
    domains = [d for d in legal_domains if d]
    return list(
        responsibility_rows(actor)
        .filter(Q(field__isnull=True) | Q(field_id__in=field_ids))
        .filter(Q(legal_domain="") | Q(legal_domain__in=domains))
        .filter(Q(town__isnull=True) | Q(town_id=town_id))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("id")
    )


def find_responsible(
    actor: Actor,
    *,
    field: FieldOfAction | None,
    legal_domain: str = "",
    town: Town | None = None,
    on: date | None = None,
) -> Match | None:
    """The finder's answer to one question (one query)."""
    on = on or timezone.localdate()
    question = Question(
        field_id=field.pk if field else None,
        legal_domain=legal_domain or "",
        town_id=town.pk if town else None,
        on=on,
    )
    rows = candidates(
        actor,
        field_ids=[question.field_id],
        legal_domains=[question.legal_domain],
        town_id=question.town_id,
        on=on,
    )
    return pick(rows, question)


@dataclass
class FieldAnswer:
    """The responsible offices for one field of action of a case."""

    field_id: int
    field_name: str
    field_code: str = ""
    matches: list[Match] = field(default_factory=list)


def answers_for(
    rows, *, fields: list[tuple[int, str, str]], legal_domains: list[str], town_id, on: date
) -> list[FieldAnswer]:
    """For each field (id, name, code): the best row for each of the person's legal
    domains (or for none, when they have none), each row once, the most specific first."""
    answers = []
    for field_id, field_name, field_code in fields:
        answer = FieldAnswer(field_id, field_name, field_code)
        seen = set()
        for domain in legal_domains or [""]:
            match = pick(rows, Question(field_id, domain, town_id, on))
            if match is not None and match.responsibility.pk not in seen:
                seen.add(match.responsibility.pk)
                answer.matches.append(match)
        answer.matches.sort(key=lambda m: rank(m.responsibility), reverse=True)
        answers.append(answer)
    return answers


POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def towns_for_address(actor: Actor, address: str) -> list[Town]:
    """The tenant's towns an address or postcode points to (one query).

    A five-digit postcode is looked up in the towns' postcodes; without one, a
    town whose name appears in the text counts ("Hauptstr. 3, Nordheim").
    """
    if actor.tenant_id is None or not address.strip():
        return []
    towns = list(Town.objects.filter(tenant_id=actor.tenant_id).order_by("name"))
    found = POSTCODE.search(address)
    if found:
        code = found.group(1)
        return [town for town in towns if code in _codes(town.postcodes)]
    text = address.casefold()
    return [town for town in towns if re.search(rf"\b{re.escape(town.name.casefold())}\b", text)]


def _codes(postcodes: str) -> set[str]:
    return {code.strip() for code in re.split(r"[,;\s]+", postcodes) if code.strip()}

"""What the case page's "Zuständige Stellen" section needs to know about a case.

Read from planning (the latest assessment) and people (the person's legal
domains) in one query: the fields of action with needs in the newest
assessment version and the person's legal domains valid on the day, as one
UNION of two small result sets.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, F, IntegerField, Q, Subquery, Value
from django.db.models.functions import Trim

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.people.models import LegalDomainPeriod
from kim.people.selectors.common import scoped
from kim.planning.models import Assessment, AssessmentItem


@dataclass(frozen=True)
class CaseNeeds:
    fields: list[tuple[int, str, str]]  # (field id, name, code) in catalogue order
    legal_domains: list[str]  # codes, each once


def case_needs(actor: Actor, case: Case, on: date) -> CaseNeeds:
    newest = (
        Assessment.objects.filter(tenant_id=case.tenant_id, case_id=case.pk)
        .order_by("-number")
        .values("number")[:1]
    )
    needs = (
        AssessmentItem.objects.filter(
            tenant_id=case.tenant_id,
            assessment__case_id=case.pk,
            assessment__number=Subquery(newest),
        )
        .annotate(needs_text=Trim("needs"))
        .exclude(needs_text="")
        .annotate(
            row_kind=Value("field", output_field=CharField()),
            row_id=F("field_id"),
            row_name=F("field__name"),
            row_position=F("field__position"),
            row_code=F("field__code"),
        )
        .values_list("row_kind", "row_id", "row_name", "row_position", "row_code")
        .order_by()
    )
    domains = (
        scoped(LegalDomainPeriod, actor)
        .filter(person_id=case.person_id)
        .current()
        .filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .annotate(
            row_kind=Value("domain", output_field=CharField()),
            row_id=Value(None, output_field=IntegerField()),
            row_name=F("domain"),
            row_position=Value(0, output_field=IntegerField()),
            row_code=Value("", output_field=CharField()),
        )
        .values_list("row_kind", "row_id", "row_name", "row_position", "row_code")
        .order_by()
    )
    fields: list[tuple[int, str, int, str]] = []
    legal_domains: list[str] = []
    for kind, row_id, name, position, code in needs.union(domains, all=True):
        if kind == "field":
            fields.append((position, name, row_id, code))
        elif name not in legal_domains:
            legal_domains.append(name)
    return CaseNeeds(
        fields=[(row_id, name, code) for _position, name, row_id, code in sorted(fields)],
        legal_domains=sorted(legal_domains),
    )

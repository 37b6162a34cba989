"""The case page's section "Zuständige Stellen": for each field of action with needs
in the latest assessment, the office responsible for the person's town and
legal domains, and why.

Two queries, however many fields, domains and rows: what the case needs
(`case_needs`) and the responsibility rows that can match. The page's
`case.view` audit event covers the read, as for the assessment shown above it.
"""

from django.utils import timezone

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.permissions import CASE_VIEW
from kim.core.slots import CASE_DETAIL, CASE_TAB_NETWORK, Section, register
from kim.network.finder import answers_for, candidates
from kim.network.models import legal_domain_label
from kim.network.selectors.case import case_needs

# First on the case page's tab "Netzwerk".
ORDER = 15


@register(CASE_DETAIL, tab=CASE_TAB_NETWORK)
def case_responsibilities_section(actor: Actor, case: Case) -> Section | None:
    if not actor.can_in_unit(CASE_VIEW, case.unit_id):
        return None
    on = timezone.localdate()
    needs = case_needs(actor, case, on)
    town = case.person.town
    answers = []
    if needs.fields:
        rows = candidates(
            actor,
            field_ids=[field_id for field_id, _name, _code in needs.fields],
            legal_domains=needs.legal_domains,
            town_id=town.pk if town else None,
            on=on,
        )
        answers = answers_for(
            rows,
            fields=needs.fields,
            legal_domains=needs.legal_domains,
            town_id=town.pk if town else None,
            on=on,
        )
    return Section(
        "network/case_responsibilities.html",
        ORDER,
        {
            "case": case,
            "town": town,
            "legal_domains": [legal_domain_label(code) for code in needs.legal_domains],
            "answers": answers,
        },
    )

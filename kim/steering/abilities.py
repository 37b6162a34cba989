"""Who may do what with structural issues.

The coordination (`steering.manage`) maintains them. Whoever may read the barrier
overview (coordination, team leads) reads them. A case manager reads the issues
their own barrier reports fed: those naming a category of a barrier they flagged.
"""

from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.permissions import STEERING_MANAGE
from kim.steering.models import StructuralIssue
from kim.steering.selectors import may_see_barrier_overview


def may_manage_issues(actor: Actor) -> bool:
    return actor.tenant_id is not None and actor.has(STEERING_MANAGE)


def may_read_all_issues(actor: Actor) -> bool:
    return may_manage_issues(actor) or may_see_barrier_overview(actor)


@register(StructuralIssue)
def issue_abilities(actor: Actor, issue: StructuralIssue) -> dict[str, bool]:
    from kim.steering.issue_states import allowed_transitions
    from kim.steering.issues import fed_by

    manage = may_manage_issues(actor)
    view = may_read_all_issues(actor) or fed_by(issue, actor)
    return {
        "view": view,
        "change": manage,
        "move": manage and bool(allowed_transitions(issue.status)),
        "add_note": manage,
    }

from kim.cases.abilities import case_abilities
from kim.core.abilities import register
from kim.core.actor import Actor
from kim.followups.models import FollowUp


@register(FollowUp)
def followup_abilities(actor: Actor, followup: FollowUp) -> dict[str, bool]:
    on_case = case_abilities(actor, followup.case)
    return {
        "view": on_case["view"],
        "complete": on_case["view"]
        and followup.is_open
        and (
            on_case["document"]
            or (actor.user is not None and followup.assignee_id == actor.user.pk)
        ),
    }

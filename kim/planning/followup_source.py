"""Open actions that fall due become follow-ups (Wiedervorlagen) of the case manager.

Registered with the follow-up generator when the followups app is installed;
planning does not depend on it otherwise.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from kim.planning.selectors import open_actions_due_in_tenant

# A follow-up appears this many days before the action is due.
ACTION_LOOKAHEAD_DAYS = 7


def register_followup_source() -> None:
    from kim.followups.models import FollowUp
    from kim.followups.sources import Candidate, register

    @register(FollowUp.Source.ACTION)
    def actions_falling_due(tenant, today):
        until = today + timedelta(days=ACTION_LOOKAHEAD_DAYS)
        actions = open_actions_due_in_tenant(tenant.pk, until).filter(
            case__case_manager__isnull=False
        )
        for action_id, case_id, manager_id, due, what in actions.values_list(
            "id", "case_id", "case__case_manager_id", "due_date", "what"
        ).iterator():
            yield Candidate(
                source=FollowUp.Source.ACTION,
                # A new due date is a new follow-up; the old one is closed as no longer current.
                key=f"action:{action_id}:due:{due.isoformat()}",
                case_id=case_id,
                assignee_id=manager_id,
                due_on=due,
                title=_("Maßnahme fällig: %(what)s") % {"what": what},
            )

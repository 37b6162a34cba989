"""Every write to assessments, support plans and barriers goes through these functions.

Each one checks the actor's abilities on the (locked) case, validates, writes
and appends the audit event in one transaction.
"""

from kim.planning.services.assessment import assessment_record
from kim.planning.services.barriers import barrier_flag
from kim.planning.services.conference import conference_create, conference_update
from kim.planning.services.plan import (
    action_create,
    action_update,
    goal_create,
    goal_evaluate,
    goal_update,
    goals_evaluate,
)

__all__ = [
    "action_create",
    "action_update",
    "assessment_record",
    "barrier_flag",
    "conference_create",
    "conference_update",
    "goal_create",
    "goal_evaluate",
    "goal_update",
    "goals_evaluate",
]

"""REST API of the planning steps under /api/v1/cases/{case_pk}/: assessment
versions, support plan (goals, actions, evaluation) and barriers; and
/api/v1/barriers/counts/, which is gone (410, see `barriers.BarrierCountsView`).

Everything follows the case: fetched through `visible_cases` (404 otherwise),
written only with the planning abilities on it (403 otherwise, so closed cases
are read-only). Writes go through the services, which audit them; reads are
audited here with the actions the pages use.
"""

from kim.planning.api.assessments import AssessmentViewSet
from kim.planning.api.barriers import BarrierCountsView, BarrierViewSet
from kim.planning.api.conferences import ConferenceViewSet
from kim.planning.api.plan import ActionViewSet, GoalViewSet

__all__ = [
    "ActionViewSet",
    "AssessmentViewSet",
    "BarrierCountsView",
    "BarrierViewSet",
    "ConferenceViewSet",
    "GoalViewSet",
]

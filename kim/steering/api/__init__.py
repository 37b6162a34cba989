"""REST API of the steering level under /api/v1/steering/: the barrier overview of a
year, structural issues, bodies and meetings, recommendations, released case
reconstructions and the half-year report to politics.

The same selectors, abilities and suppression as the pages, for the same people:
a part of the steering level that is not the actor's at all answers 403, a record
outside their view (another tenant, an issue their barriers did not feed) 404.
Counts only, and texts without persons or cases: reads are not audited, as on the
pages (the report audits reading and downloading, as its pages do); writes go
through the services, which audit them.
"""

from kim.steering.api.barriers import BarrierTableView
from kim.steering.api.bodies import BodyViewSet, MeetingViewSet
from kim.steering.api.issues import IssueViewSet
from kim.steering.api.recommendations import RecommendationViewSet
from kim.steering.api.reconstructions import ReconstructionViewSet
from kim.steering.api.reports import ReportViewSet

__all__ = [
    "BarrierTableView",
    "BodyViewSet",
    "IssueViewSet",
    "MeetingViewSet",
    "RecommendationViewSet",
    "ReconstructionViewSet",
    "ReportViewSet",
]

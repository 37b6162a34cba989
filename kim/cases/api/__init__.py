"""REST API of the case process under /api/v1/cases/ (one module per part of the process).

Cases come only from `visible_cases`; everything below a case only through a
case fetched that way, so an invisible case hides all of it (404). Writes go
through the services, which audit them; reads are audited here.
"""

from kim.cases.api.cases import CaseViewSet
from kim.cases.api.contacts import ContactViewSet
from kim.cases.api.handovers import CaseHandoverViewSet, HandoverViewSet
from kim.cases.api.process import (
    CaseClosureView,
    CaseIntakeView,
    CaseMemberViewSet,
    CasePhaseView,
    CaseReopenView,
)
from kim.cases.api.sharing import CaseShareViewSet, EmergencyAccessViewSet, ReceivedShareViewSet

__all__ = [
    "CaseClosureView",
    "CaseHandoverViewSet",
    "CaseIntakeView",
    "CaseMemberViewSet",
    "CasePhaseView",
    "CaseReopenView",
    "CaseShareViewSet",
    "CaseViewSet",
    "ContactViewSet",
    "EmergencyAccessViewSet",
    "HandoverViewSet",
    "ReceivedShareViewSet",
]

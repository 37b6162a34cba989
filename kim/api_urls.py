"""The REST API under /api/v1/: persons, their duplicates and merges, cases and
their process, the catalogues, the steering level (/api/v1/steering/…), the schema
and its docs.

Records that belong to a case or a person are nested below it
(`cases/{case_pk}/…`, `persons/{person_pk}/…`): the parent is fetched through
its permission-scoped selector first, so an invisible parent hides everything
below it (404).
"""

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from kim.cases.api import (
    CaseClosureView,
    CaseHandoverViewSet,
    CaseIntakeView,
    CaseMemberViewSet,
    CasePhaseView,
    CaseReopenView,
    CaseShareViewSet,
    CaseViewSet,
    ContactViewSet,
    EmergencyAccessViewSet,
    HandoverViewSet,
    ReceivedShareViewSet,
)
from kim.core.api import MeView, SwaggerDocsView
from kim.core.api_catalogues import catalogue_urls
from kim.documents.api import CaseDocumentViewSet, DocumentViewSet, PersonDocumentViewSet
from kim.followups.api import CaseFollowUpViewSet, FollowUpViewSet
from kim.network.api.directory import OrganisationViewSet, ServiceViewSet
from kim.network.api.finder import FinderView
from kim.network.api.referrals import CaseReferralViewSet
from kim.network.api.responsibilities import ResponsibilityViewSet
from kim.people.api import PersonViewSet
from kim.people.api.disclosures import DisclosureViewSet
from kim.people.api.duplicates import DecisionViewSet, DuplicateListView
from kim.people.api.merge import MergeView, PersonMergeViewSet
from kim.people.api.records import (
    ConsentViewSet,
    HouseholdMemberViewSet,
    HouseholdView,
    LegalDomainViewSet,
    RelationViewSet,
    ResidenceStatusViewSet,
)
from kim.planning.api import (
    ActionViewSet,
    AssessmentViewSet,
    BarrierCountsView,
    BarrierViewSet,
    ConferenceViewSet,
    GoalViewSet,
)
from kim.reports.api import CaseSummaryView
from kim.residence.api import EligibilityCheckView
from kim.residence.procedure_api import ProcedureViewSet
from kim.steering.api import (
    BarrierTableView,
    BodyViewSet,
    IssueViewSet,
    MeetingViewSet,
    RecommendationViewSet,
    ReconstructionViewSet,
    ReportViewSet,
)

CASE = r"cases/(?P<case_pk>[^/.]+)"
PERSON = r"persons/(?P<person_pk>[^/.]+)"

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")
router.register(rf"{PERSON}/consents", ConsentViewSet, basename="person-consent")
router.register(rf"{PERSON}/legal-domains", LegalDomainViewSet, basename="person-legal-domain")
router.register(
    rf"{PERSON}/residence-statuses", ResidenceStatusViewSet, basename="person-residence-status"
)
router.register(rf"{PERSON}/relations", RelationViewSet, basename="person-relation")
router.register(
    rf"{PERSON}/household/members", HouseholdMemberViewSet, basename="person-household-member"
)
router.register(rf"{PERSON}/documents", PersonDocumentViewSet, basename="person-document")
router.register(rf"{PERSON}/merges", PersonMergeViewSet, basename="person-merge")
router.register(rf"{PERSON}/disclosures", DisclosureViewSet, basename="person-disclosure")
router.register("duplicates/decisions", DecisionViewSet, basename="duplicate-decision")
router.register(rf"{CASE}/documents", CaseDocumentViewSet, basename="case-document")
router.register("documents", DocumentViewSet, basename="document")
router.register("cases", CaseViewSet, basename="case")
router.register(rf"{CASE}/contacts", ContactViewSet, basename="case-contact")
router.register(rf"{CASE}/members", CaseMemberViewSet, basename="case-member")
router.register(rf"{CASE}/handovers", CaseHandoverViewSet, basename="case-handover")
router.register("handovers", HandoverViewSet, basename="handover")
router.register(rf"{CASE}/shares", CaseShareViewSet, basename="case-share")
router.register("shares/received", ReceivedShareViewSet, basename="share-received")
router.register("emergency-accesses", EmergencyAccessViewSet, basename="emergency-access")
router.register(rf"{CASE}/conferences", ConferenceViewSet, basename="case-conference")
router.register(rf"{CASE}/assessments", AssessmentViewSet, basename="case-assessment")
router.register(rf"{CASE}/goals", GoalViewSet, basename="case-goal")
router.register(rf"{CASE}/actions", ActionViewSet, basename="case-action")
router.register(rf"{CASE}/barriers", BarrierViewSet, basename="case-barrier")
router.register(rf"{CASE}/followups", CaseFollowUpViewSet, basename="case-followup")
router.register(rf"{CASE}/referrals", CaseReferralViewSet, basename="case-referral")
router.register("followups", FollowUpViewSet, basename="followup")
router.register("services", ServiceViewSet, basename="service")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("responsibilities", ResponsibilityViewSet, basename="responsibility")
router.register("steering/issues", IssueViewSet, basename="steering-issue")
router.register("steering/bodies", BodyViewSet, basename="steering-body")
router.register("steering/meetings", MeetingViewSet, basename="steering-meeting")
router.register(
    "steering/recommendations", RecommendationViewSet, basename="steering-recommendation"
)
router.register(
    "steering/reconstructions", ReconstructionViewSet, basename="steering-reconstruction"
)
router.register("steering/reports", ReportViewSet, basename="steering-report")
router.register("procedures", ProcedureViewSet, basename="procedure")

app_name = "api"
urlpatterns = [
    path(
        "v1/",
        include(
            [
                *router.urls,
                re_path(
                    rf"^{PERSON}/household/$", HouseholdView.as_view(), name="person-household"
                ),
                re_path(
                    rf"^{PERSON}/merge/(?P<merged_pk>[^/.]+)/$",
                    MergeView.as_view(),
                    name="person-merge-review",
                ),
                path("duplicates/", DuplicateListView.as_view(), name="duplicates"),
                re_path(rf"^{CASE}/phase/$", CasePhaseView.as_view(), name="case-phase"),
                re_path(rf"^{CASE}/intake/$", CaseIntakeView.as_view(), name="case-intake"),
                re_path(rf"^{CASE}/closure/$", CaseClosureView.as_view(), name="case-closure"),
                re_path(rf"^{CASE}/reopen/$", CaseReopenView.as_view(), name="case-reopen"),
                path(
                    "cases/<int:case_pk>/summary/", CaseSummaryView.as_view(), name="case-summary"
                ),
                path("barriers/counts/", BarrierCountsView.as_view(), name="barrier-counts"),
                path("responsibilities/find/", FinderView.as_view(), name="responsibility-find"),
                path("steering/barriers/", BarrierTableView.as_view(), name="steering-barriers"),
                path(
                    "eligibility/check/",
                    EligibilityCheckView.as_view(),
                    name="eligibility-check",
                ),
                *catalogue_urls(),
                path("me/", MeView.as_view(), name="me"),
                path(
                    "schema/",
                    SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
                    name="schema",
                ),
                path(
                    "docs/",
                    login_required(SwaggerDocsView.as_view(url_name="api:schema")),
                    name="docs",
                ),
            ]
        ),
    ),
]

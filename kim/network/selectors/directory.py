"""Reads of the directory: services and organisations of the actor's tenant.

The directory is not personal data, so the only scope is the tenant; reading
it is not audited. Lists cost a fixed number of queries: the rows (with
organisation and its directory details joined) and one prefetch each for
fields of action, target groups, towns and districts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kim.cases.models import TargetGroup
from kim.core.actor import Actor
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.network.abilities import may_read_directory
from kim.network.models import Service, has_code
from kim.network.models.directory import REVIEW_INTERVAL_DAYS

ACTIVE, ARCHIVED, ALL = "active", "archived", "all"
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class ServiceFilters:
    """What the directory search filters by; empty values do not filter."""

    q: str = ""
    field: FieldOfAction | None = None
    target_group: TargetGroup | None = None
    legal_domain: str = ""
    language: str = ""
    town: Town | None = None
    district: District | None = None
    kind: str = ""
    organisation: Organisation | None = None
    accepts_referrals: bool | None = None
    max_waiting_weeks: int | None = None
    review_due: bool = False
    status: str = ACTIVE


def review_due_before(today: date | None = None) -> date:
    """Services last reviewed before this day (or never) are due for review."""
    return (today or timezone.localdate()) - timedelta(days=REVIEW_INTERVAL_DAYS)


def directory_services(actor: Actor) -> QuerySet[Service]:
    """Every service of the actor's tenant, archived ones included."""
    if not may_read_directory(actor):
        return Service.objects.none()
    return Service.objects.filter(tenant_id=actor.tenant_id)


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a list or a page shows of each service, in a fixed number of queries."""
    return services.select_related("organisation", "organisation__profile").prefetch_related(
        Prefetch("fields", queryset=FieldOfAction.objects.order_by("position", "name")),
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "name")),
        Prefetch("towns", queryset=Town.objects.order_by("name")),
        Prefetch("districts", queryset=District.objects.select_related("town")),
    )


def _through(name: str):
    return getattr(Service, name).through.objects


def serves_town(town: Town) -> Q:
    """Services for the town: those naming it, and those for the whole tenant (no town)."""
    named = _through("towns").filter(service_id=OuterRef("pk"), town=town)
    any_town = _through("towns").filter(service_id=OuterRef("pk"))
    return Q(Exists(named)) | ~Q(Exists(any_town))


def serves_district(district: District) -> Q:
    """Services naming the district, and those serving its whole town (no district of it named)."""
    districts = _through("districts")
    named = districts.filter(service_id=OuterRef("pk"), district=district)
    in_same_town = districts.filter(service_id=OuterRef("pk"), district__town_id=district.town_id)
    return Q(Exists(named)) | (serves_town(district.town) & ~Q(Exists(in_same_town)))


def _text(q: str) -> Q:
    condition = Q()
    for word in q.split()[:MAX_QUERY_WORDS]:
        condition &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(contact_name__icontains=word)
            | Q(city__icontains=word)
        )
    return condition


def service_search(actor: Actor, filters: ServiceFilters) -> QuerySet[Service]:
    """The services matching every filter given, by name."""
    services = directory_services(actor)
    if filters.status == ACTIVE:
        services = services.filter(archived_at__isnull=True)
    elif filters.status == ARCHIVED:
        services = services.filter(archived_at__isnull=False)
    if filters.q.strip():
        services = services.filter(_text(filters.q))
    if filters.field is not None:
        services = services.filter(
            Exists(
                _through("fields").filter(service_id=OuterRef("pk"), fieldofaction=filters.field)
            )
        )
    if filters.target_group is not None:
        services = services.filter(
            Exists(
                _through("target_groups").filter(
                    service_id=OuterRef("pk"), targetgroup=filters.target_group
                )
            )
        )
    if filters.legal_domain:
        services = services.filter(has_code("legal_domains", filters.legal_domain))
    if filters.language:
        services = services.filter(has_code("languages", filters.language))
    if filters.district is not None:
        services = services.filter(serves_district(filters.district))
    elif filters.town is not None:
        services = services.filter(serves_town(filters.town))
    if filters.kind:
        services = services.filter(organisation__kind=filters.kind)
    if filters.organisation is not None:
        services = services.filter(organisation=filters.organisation)
    if filters.accepts_referrals is not None:
        services = services.filter(accepts_referrals=filters.accepts_referrals)
    if filters.max_waiting_weeks is not None:
        services = services.filter(waiting_weeks__lte=filters.max_waiting_weeks)
    if filters.review_due:
        services = services.filter(
            Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=review_due_before())
        )
    return services.order_by("name", "id")


def services_due_for_review(actor: Actor, today: date | None = None) -> QuerySet[Service]:
    """Active services not reviewed for a year (or never), the longest-unreviewed first."""
    return (
        directory_services(actor)
        .active()
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=review_due_before(today)))
        .select_related("organisation", "reviewed_by")
        .order_by(F("reviewed_on").asc(nulls_first=True), "name", "id")
    )


def directory_organisations(actor: Actor) -> QuerySet[Organisation]:
    """The tenant's organisations with their directory details and active services counted."""
    if not may_read_directory(actor):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(tenant_id=actor.tenant_id)
        .select_related("profile")
        .annotate(service_count=Count("services", filter=Q(services__archived_at__isnull=True)))
        .order_by("name", "id")
    )


def organisation_search(
    actor: Actor, *, q: str = "", kind: str = "", status: str = ACTIVE
) -> QuerySet[Organisation]:
    organisations = directory_organisations(actor)
    if status == ACTIVE:
        organisations = organisations.filter(
            Q(profile__isnull=True) | Q(profile__archived_at__isnull=True)
        )
    elif status == ARCHIVED:
        organisations = organisations.filter(profile__archived_at__isnull=False)
    for word in q.split()[:MAX_QUERY_WORDS]:
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(profile__description__icontains=word)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


def services_of_organisation(actor: Actor, organisation: Organisation) -> list[Service]:
    return list(
        with_details(directory_services(actor).filter(organisation=organisation)).order_by(
            "archived_at", "name", "id"
        )
    )

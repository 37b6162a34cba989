from datetime import date, datetime

import pytest
from django.utils import timezone

from kim.core.actor import get_actor
from kim.core.models import FieldOfAction, Tenant
from kim.planning.catalogues import seed_barrier_categories
from kim.planning.models import BarrierCategory
from kim.planning.services import barrier_flag
from kim.steering import bodies
from kim.steering.issue_states import Status as IssueStatus
from kim.steering.issues import issue_create, issue_move
from kim.steering.models import Body, BodyMember, Meeting, Recommendation, StructuralIssue
from kim.steering.recommendations import recommendation_create, recommendation_move
from kim.testing.factories import open_case, register_person


class Counted:
    """Barriers in two cases of the tenant (units A and B) and one in another tenant;
    the tenant's disclosure threshold is 3."""

    def __init__(self, world):
        self.world = world
        Tenant.objects.filter(pk=world.tenant.pk).update(disclosure_threshold=3)
        self.categories = {c.code: c for c in seed_barrier_categories(world.tenant)}
        seed_barrier_categories(world.other_tenant)
        self.person = register_person(
            world.cm, world.unit_a, family_name="Haddad", given_names="Lina"
        )
        self.case = open_case(world.cm, self.person, world.unit_a, opened_on=date(2026, 1, 5))
        person_b = register_person(world.cm_b, world.unit_b, family_name="Nowak", given_names="Jan")
        self.case_b = open_case(world.cm_b, person_b, world.unit_b)
        self.language, self.work = world.fields
        waiting = self.categories["wartezeit"]
        for day in (2, 3, 4, 5):
            self.flag(self.case, world.cm, waiting, self.work, "sgb2", date(2026, 1, day))
        self.flag(self.case_b, world.cm_b, waiting, self.language, "sgb2", date(2026, 4, 6))
        self.flag(
            self.case_b,
            world.cm_b,
            self.categories["sprachmittlung"],
            self.language,
            "sgb12",
            date(2026, 4, 20),
        )
        self.flag(
            self.case_b,
            world.cm_b,
            self.categories["unterlagen"],
            self.language,
            "sgb12",
            date(2026, 7, 21),
        )
        # A barrier of 2025: another year, another overview.
        self.flag(self.case, world.cm, waiting, self.work, "sgb2", date(2025, 12, 30))
        other_field = FieldOfAction.objects.create(
            tenant=world.other_tenant, code="s", name="Sprache"
        )
        other_person = register_person(world.outsider, world.unit_other, family_name="Fremd")
        other_case = open_case(world.outsider, other_person, world.unit_other)
        self.flag(
            other_case,
            world.outsider,
            BarrierCategory.objects.get(tenant=world.other_tenant, code="wartezeit"),
            other_field,
            "sgb2",
            date(2026, 1, 7),
        )

    @staticmethod
    def flag(case, user, category, field, domain, day):
        barrier_flag(
            actor=get_actor(user),
            case=case,
            field=field,
            legal_domain=domain,
            category=category,
            flagged_on=day,
        )


@pytest.fixture
def counted(world):
    return Counted(world)


# --- the half-year report: a steering circle with a year of work, and its report ---


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def steering(counted):
    """A steering circle with members, a held meeting with decisions in the first
    half-year of 2026, a planned one after it, a working group, a prioritised issue and
    a recommendation."""
    world = counted.world
    actor = get_actor(world.coordination)
    circle = bodies.body_create(
        actor=actor,
        name="Lenkungskreis Integration",
        kind=Body.Kind.STEERING_CIRCLE,
        purpose="Unterstützt die strategische Steuerung des KIM.",
        started_on=date(2025, 6, 30),
    )
    for name, organisation, sector in [
        ("Vera Vorsitz", "Integrationsausschuss", BodyMember.Sector.POLITICS),
        ("Jonas Jobcenter", "Jobcenter", BodyMember.Sector.ADMINISTRATION),
        ("Mira Migrant", "Verein Brücke e. V.", BodyMember.Sector.MIGRANT_ORGANISATION),
    ]:
        bodies.member_add(
            actor=actor,
            body=circle,
            name=name,
            organisation=organisation,
            sector=sector,
            joined_on=date(2025, 6, 30),
        )
    issue = issue_create(
        actor=actor,
        title="Gesundheitliche Versorgung von EU-Zugewanderten",
        description="Ohne Krankenversicherung.",
        owner=world.coordination,
    )
    StructuralIssue.objects.filter(pk=issue.pk).update(
        created_at=timezone.make_aware(datetime(2026, 1, 10, 9))
    )
    for to, on in [
        (IssueStatus.REVIEWED, date(2026, 2, 1)),
        (IssueStatus.PRIORITISED, date(2026, 3, 1)),
    ]:
        issue.refresh_from_db()
        issue_move(actor=actor, issue=issue, version=issue.version, to=to, on=on)
    meeting = bodies.meeting_create(
        actor=actor,
        body=circle,
        starts_at=timezone.make_aware(datetime(2026, 4, 28, 14)),
        ends_at=timezone.make_aware(datetime(2026, 4, 28, 16)),
        place="Rathaus",
    )
    item = bodies.agenda_item_add(actor=actor, meeting=meeting, title="", issue=issue)
    bodies.agenda_item_record(
        actor=actor,
        item=item,
        result="Bedarfsanalyse anhand von Fallrekonstruktionen vorgestellt",
        decision="Angebots- und Maßnahmenpaket erarbeiten",
    )
    meeting.refresh_from_db()
    bodies.meeting_update(
        actor=actor,
        meeting=meeting,
        version=meeting.version,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        state=Meeting.State.HELD,
        minutes="",
    )
    bodies.meeting_create(
        actor=actor,
        body=circle,
        starts_at=timezone.make_aware(datetime(2026, 9, 10, 14)),
        ends_at=timezone.make_aware(datetime(2026, 9, 10, 16)),
        place="Rathaus",
    )
    bodies.body_create(
        actor=actor,
        name="AK EU",
        kind=Body.Kind.WORKING_GROUP,
        purpose="Zugang zu Angeboten für EU-Zugewanderte. Trifft sich monatlich.",
        started_on=date(2026, 9, 1),
    )
    recommendation = recommendation_create(
        actor=actor,
        body=circle,
        addressee=Recommendation.Addressee.COMMITTEE,
        title="Clearingstelle Gesundheit",
        text="Eine Clearingstelle einrichten.",
        issues=[issue],
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(version=1)
    recommendation.refresh_from_db()
    recommendation_move(
        actor=actor,
        recommendation=recommendation,
        version=recommendation.version,
        to=Recommendation.Status.SUBMITTED,
        on=date(2026, 5, 2),
        document="VO/0565/26",
    )
    counted.circle = circle
    counted.issue = issue
    return counted

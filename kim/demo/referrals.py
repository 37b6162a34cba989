"""Referrals in Kreis Musterland, written through the network's services.

The fixed cast shows every status: Iryna Bondarenko's new case has a referral
to the volunteer sponsorships sent yesterday with an open partner link (the
Ehrenamtsbörse has no account); the VHS, whose staff member `partner.vhs`
answers in the platform, has Desislava Ivanova's referral waiting in its inbox
and Mohammed Al-Hassan's under way; Anna Müller's was completed, Tesfay
Ghebremedhin's declined, Elena Popescu's cancelled, Ayşe Yılmaz's accepted
with a first appointment ahead, and a draft waits in Desislava Ivanova's case.
Referrals that share data do so under a consent recorded for them (and so
appear in the disclosure log); further referrals without personal data from
other cases give the VHS integration course figures above the threshold.

Idempotent: a tenant that has referrals is left alone; nothing is written
before the directory exists.

The demo link's token is derived from a public, demo-only key (`demo_token`),
so that `load_demo` can print its address on every run without the token
being stored anywhere. Never use this outside the demo: anyone can derive it.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date, timedelta

from kim.cases.models import Case
from kim.core.actor import get_actor
from kim.core.models import Tenant, Unit
from kim.demo.course import at, backdate
from kim.demo.structure import StaffBuilder
from kim.followups.services import followups_generate
from kim.network.models import Referral, ReferralLink, ReferralStatusChange, Service
from kim.network.referral_states import Status
from kim.network.services.referral_links import (
    hash_token,
    link_url,
    referral_link_create,
)
from kim.network.services.referrals import (
    Answer,
    referral_change_status,
    referral_create,
    referral_partner_answer,
    referral_send,
)
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record
from kim.planning.models import Action
from kim.planning.services import action_create

# Public on purpose: the demo's partner link must be printable on every run.
DEMO_LINK_KEY = b"kim-demo-only-partner-link-never-in-production"
DEMO_LINK_DAYS = 90
PARTNER_UNIT_CODE = "VHS"
PARTNER_USER = ("partner.vhs", "Petra", "Lindner")


@dataclass
class Story:
    """One referral of the fixed cast: where it goes and how far it got."""

    person: str  # "given family" of the fixed cast
    service: str
    purpose: str
    steps: list = field(default_factory=list)  # (status, days ago, Answer kwargs)
    sent_days_ago: int | None = None  # None: a draft
    categories: tuple = ("base",)
    message: str = ""
    by_partner: bool = False  # answered by partner.vhs in the inbox
    link: bool = False
    action: str = ""  # the support plan's action the referral comes from (made for it)


STORIES = [
    Story(
        "Iryna Bondarenko",
        "Patenschaften für Neuzugewanderte",
        "Patenschaft für den Alltag: Begleitung zu Terminen und Deutsch üben",
        sent_days_ago=1,
        message="Frau Bondarenko spricht Ukrainisch und Russisch, etwas Deutsch (A2). "
        "Gern eine Patin mit Zeit am Nachmittag; ihr Sohn geht vormittags zur Schule.",
        link=True,
    ),
    Story(
        "Desislava Ivanova",
        "Integrationskurs",
        "Integrationskurs mit Kinderbetreuung, möglichst vormittags",
        sent_days_ago=3,
        message="Berechtigungsschein liegt vor. Bitte Einstufungstest anbieten.",
        action="Anmeldung zum Integrationskurs mit Kinderbetreuung",
    ),
    Story(
        "Desislava Ivanova",
        "Allgemeine Sozialberatung",
        "Beratung zu Kindergeld und Kinderzuschlag",
    ),
    Story(
        "Mohammed Al-Hassan",
        "Berufssprachkurs",
        "Berufssprachkurs B2 neben der Arbeitssuche",
        sent_days_ago=40,
        steps=[
            ("accepted", 37, {}),
            ("in_progress", 20, {"first_appointment_on": 20}),
        ],
        by_partner=True,
        action="Platz im Berufssprachkurs B2 suchen",
    ),
    Story(
        "Anna Müller",
        "Integrationskurs",
        "Orientierungskurs für die Einbürgerung",
        sent_days_ago=150,
        steps=[
            ("accepted", 146, {}),
            ("in_progress", 120, {"first_appointment_on": 120}),
            (
                "completed",
                20,
                {"outcome": "received", "outcome_note": "Kurs abgeschlossen, Test bestanden."},
            ),
        ],
        by_partner=True,
    ),
    Story(
        "Tesfay Ghebremedhin",
        "Berufssprachkurs",
        "Berufssprachkurs für die Ausbildungssuche",
        sent_days_ago=40,
        steps=[("declined", 35, {"reason": "Berufssprachkurse erst nach dem Integrationskurs."})],
        by_partner=True,
    ),
    Story(
        "Elena Popescu",
        "Migrationsberatung für Erwachsene",
        "Beratung zur Anerkennung des Berufsabschlusses",
        sent_days_ago=100,
        steps=[
            ("accepted", 95, {}),
            ("cancelled", 60, {"reason": "Frau Popescu ist vorübergehend zur Familie gezogen."}),
        ],
    ),
    Story(
        "Ayşe Yılmaz",
        "Frauenberatung",
        "Beratung und Gruppe für Frauen nach der Trennung",
        sent_days_ago=12,
        steps=[("accepted", 8, {"first_appointment_on": -10})],
    ),
]

# Further referrals to the integration course without personal data (the person
# goes there with the referral's number): status, sent days ago, answer days ago,
# first appointment days ago (negative: ahead), outcome.
VOLUME = [
    ("completed", 210, 205, 180, "received"),
    ("completed", 190, 186, 160, "received"),
    ("completed", 170, 168, 158, "partly"),
    ("completed", 160, 155, 118, "received"),
    ("completed", 140, 138, 126, "not_taken_up"),
    ("completed", 125, 120, 95, "received"),
    ("completed", 110, 104, 90, "received"),
    ("in_progress", 80, 76, 50, ""),
    ("in_progress", 60, 55, 35, ""),
    ("accepted", 30, 27, -5, ""),
    ("declined", 50, 47, None, ""),
    ("cancelled", 70, 66, None, ""),
]


def demo_token(referral: Referral, serial: int = 0) -> str:
    """The demo link's token: HMAC of the referral with the public demo key (43 characters)."""
    message = f"{referral.tenant_id}:{referral.pk}:{serial}".encode()
    digest = hmac.new(DEMO_LINK_KEY, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def add_referrals(structure, *, today: date) -> bool:
    """Write the referrals unless the tenant has some (or has no directory yet)."""
    tenant = structure.tenant
    if Referral.objects.filter(tenant=tenant).exists():
        return False
    services = {s.name: s for s in Service.objects.filter(tenant=tenant).active()}
    if not services:
        return False
    partner = _partner_account(structure)
    for story in STORIES:
        case = _case_of(tenant, story.person)
        service = services.get(story.service)
        if case is not None and service is not None:
            _tell(story, case, service, partner=partner, today=today)
    if "Integrationskurs" in services:
        _volume(tenant, services["Integrationskurs"], partner=partner, today=today)
    followups_generate(tenant=tenant, today=today)
    return True


def _partner_account(structure):
    """The VHS's unit for integration courses and its staff member with the partner role."""
    tenant = structure.tenant
    organisation = structure.organisations["vhs"]
    unit, _ = Unit.objects.get_or_create(
        tenant=tenant,
        code=PARTNER_UNIT_CODE,
        defaults={"organisation": organisation, "name": "VHS – Integrationskurse"},
    )
    username, first, last = PARTNER_USER
    return StaffBuilder(tenant).add(username, first, last, [(unit, "partner")])


def _case_of(tenant: Tenant, name: str) -> Case | None:
    given, family = name.split(" ", 1)
    return (
        Case.objects.filter(
            tenant=tenant, person__given_names=given, person__family_name=family, status="open"
        )
        .select_related("person", "case_manager")
        .order_by("-opened_on", "-id")
        .first()
    )


def _tell(story: Story, case: Case, service: Service, *, partner, today: date) -> None:
    actor = get_actor(case.case_manager)
    consent = None
    if story.categories:
        given = today - timedelta(days=(story.sent_days_ago or 0) + 2)
        consent = consent_record(
            actor=actor,
            person=case.person,
            data_categories=list(story.categories),
            purpose=f"Vermittlung an „{service.name}“ ({service.organisation.name})",
            purpose_category=Consent.PurposeCategory.REFERRAL,
            given_on=max(given, case.opened_on),
            form=Consent.Form.WRITTEN,
            recipient_organisations=[service.organisation],
            valid_until=today + timedelta(days=365),
        )
    action = None
    if story.action:
        action = action_create(
            actor=actor,
            case=case,
            what=story.action,
            who=Action.Who.PROVIDER,
            organisation=service.organisation,
            due_date=today + timedelta(days=14),
            goal=case.goals.order_by("id").first(),
        )
    referral = referral_create(
        actor=actor,
        case=case,
        service=service,
        action=action,
        purpose=story.purpose,
        data_categories=list(story.categories),
        message=story.message,
        consent=consent,
    )
    created = at(max(today - timedelta(days=(story.sent_days_ago or 0) + 1), case.opened_on))
    backdate(Referral, referral.pk, created_at=created)
    dates = [created]
    if story.sent_days_ago is not None:
        referral = referral_send(actor=actor, referral=referral, version=referral.version)
        sent = at(today - timedelta(days=story.sent_days_ago), 30)
        backdate(Referral, referral.pk, sent_at=sent)
        backdate(Disclosure, _disclosure(referral), disclosed_at=sent)
        dates.append(sent)
    for to, days_ago, extra in story.steps:
        extra = dict(extra)
        if "first_appointment_on" in extra:
            extra["first_appointment_on"] = today - timedelta(days=extra["first_appointment_on"])
        referral = _answer(referral, to, Answer(**extra), actor=actor, partner=partner, story=story)
        dates.append(at(today - timedelta(days=days_ago), 60))
    _backdate_history(referral, dates, today=today)
    if story.link:
        link, _token = referral_link_create(
            actor=actor, referral=referral, token=demo_token(referral), days=DEMO_LINK_DAYS
        )
        made = dates[-1] + timedelta(minutes=5)
        backdate(
            ReferralLink, link.pk, created_at=made, expires_at=made + timedelta(DEMO_LINK_DAYS)
        )


def _answer(referral, to, answer, *, actor, partner, story):
    referral.refresh_from_db()
    if story.by_partner and to != Status.CANCELLED:
        return referral_partner_answer(
            actor=get_actor(partner), referral=referral, version=referral.version, to=to,
            answer=answer,
        )  # fmt: skip
    return referral_change_status(
        actor=actor, referral=referral, version=referral.version, to=to, answer=answer
    )


def _disclosure(referral) -> int:
    return (
        Disclosure.objects.filter(source_type="network.referral", source_id=referral.pk)
        .values_list("pk", flat=True)
        .first()
    )


def _backdate_history(referral: Referral, dates: list, *, today: date) -> None:
    """The status history and the referral's own dates as the story tells them."""
    rows = list(referral.status_history.order_by("id").values_list("pk", "status"))
    for (pk, _status), moment in zip(rows, dates, strict=False):
        backdate(ReferralStatusChange, pk, changed_at=moment)
    moments = dict(zip([status for _pk, status in rows], dates, strict=False))
    values = {}
    for status in (Status.ACCEPTED, Status.DECLINED):
        if status in moments:
            values["answered_at"] = moments[status]
    for status in (Status.COMPLETED, Status.DECLINED, Status.CANCELLED):
        if status in moments:
            values["closed_at"] = moments[status]
    if values:
        backdate(Referral, referral.pk, **values)
    if "closed_at" in values:
        ReferralLink.objects.filter(referral=referral, revoked_at__isnull=False).update(
            revoked_at=values["closed_at"]
        )


def _volume(tenant: Tenant, service: Service, *, partner, today: date) -> None:
    """Referrals without personal data from further open cases, answered by the VHS."""
    fixed = {story.person.split(" ", 1)[1] for story in STORIES}
    cases = list(
        Case.objects.filter(tenant=tenant, status="open", case_manager__isnull=False)
        .exclude(person__family_name__in=fixed)
        .filter(opened_on__lte=today - timedelta(days=215))
        .select_related("person", "case_manager")
        .order_by("id")[: len(VOLUME)]
    )
    partner_actor = get_actor(partner)
    for case, (status, sent_ago, answered_ago, first_ago, outcome) in zip(
        cases, VOLUME, strict=False
    ):
        actor = get_actor(case.case_manager)
        referral = referral_create(
            actor=actor,
            case=case,
            service=service,
            purpose="Integrationskurs; die Person meldet sich selbst mit der Nummer",
            data_categories=[],
        )
        referral = referral_send(actor=actor, referral=referral, version=referral.version)
        backdate(Referral, referral.pk, created_at=at(today - timedelta(days=sent_ago)))
        backdate(Referral, referral.pk, sent_at=at(today - timedelta(days=sent_ago), 30))
        dates = [at(today - timedelta(days=sent_ago)), at(today - timedelta(days=sent_ago), 30)]
        first = today - timedelta(days=first_ago) if first_ago is not None else None
        path = {
            "completed": [("accepted", {}), ("in_progress", {"first_appointment_on": first}),
                          ("completed", {"outcome": outcome})],
            "in_progress": [("accepted", {}), ("in_progress", {"first_appointment_on": first})],
            "accepted": [("accepted", {"first_appointment_on": first})],
            "declined": [("declined", {"reason": "Kurs voll; nächster Beginn in drei Monaten."})],
            "cancelled": [("accepted", {}), ("cancelled", {"reason": "Person ist verzogen."})],
        }[status]  # fmt: skip
        when = {
            "accepted": answered_ago,
            "declined": answered_ago,
            "in_progress": first_ago,
            "completed": max((first_ago or 0) - 25, 1),
            "cancelled": max(answered_ago - 10, 1),
        }
        for to, extra in path:
            referral.refresh_from_db()
            if to == Status.CANCELLED:
                referral = referral_change_status(
                    actor=actor, referral=referral, version=referral.version, to=to,
                    answer=Answer(**extra),
                )  # fmt: skip
            else:
                referral = referral_partner_answer(
                    actor=partner_actor, referral=referral, version=referral.version, to=to,
                    answer=Answer(**extra),
                )  # fmt: skip
            dates.append(at(today - timedelta(days=when[to]), 90))
        _backdate_history(referral, dates, today=today)


def demo_partner_links(tenant: Tenant) -> list[str]:
    """The addresses of the demo's usable partner links, derived again (demo only)."""
    lines = []
    links = (
        ReferralLink.objects.usable()
        .filter(tenant=tenant)
        .select_related("referral", "referral__service", "referral__case__person")
    )
    for link in links:
        serial = link.referral.links.filter(pk__lt=link.pk).count()
        token = demo_token(link.referral, serial)
        if hash_token(token) == link.token_hash:
            lines.append(
                f"Partner-Link (nur Demo) zu {link.referral.reference} an "
                f"„{link.referral.service.name}“ ({link.referral.case.person.full_name}), "
                f"gültig bis {link.expires_at:%d.%m.%Y}: {link_url(token)}"
            )
    return lines


def demo_link_lines() -> list[str]:
    """What `load_demo` prints about referrals: the partner account and the demo link."""
    tenant = Tenant.objects.filter(slug="musterland").first()
    if tenant is None or not Referral.objects.filter(tenant=tenant).exists():
        return []
    return [
        f"Netzwerkpartner mit Konto (Passwort „demo“): {PARTNER_USER[0]}.",
        *demo_partner_links(tenant),
    ]

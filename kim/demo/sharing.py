"""Shares, an emergency access and a case conference in Kreis Musterland, written
through the services, with their rows in the disclosure log.

- Mohammed Al-Hassan's case (Case Management Nord, cm.nord): base data and residence
  shared with the Ausländer- und Einbürgerungsbehörde for the residence procedure,
  within his written consent; `abh` sees exactly these parts.
- Elena Popescu's case: base data and documents were shared with the authority and
  the share ended early when the certificate had been issued.
- leitung.sued opened Tesfay Ghebremedhin's case of Case Management Nord in an
  emergency nine days ago; the access has long expired (`datenschutz` lists it).
- Desislava Ivanova's case: a case conference with the Jugendamt (within her consent
  for the purpose "Fallkonferenz") and two agreed actions in the support plan.

Idempotent: a tenant that has shares is left alone. The records are backdated as
the story tells them; their audit events keep the time of loading (the audit trail
cannot be changed, by design).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kim.cases.models import Case, CaseShare, EmergencyAccess
from kim.cases.services import emergency_access_open, share_create, share_end
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.models import Unit
from kim.demo.course import backdate
from kim.people.models import Consent, Disclosure
from kim.people.services import consent_record
from kim.planning.models import Action, CaseConference, ConferenceParticipant
from kim.planning.services import action_create, conference_create

EMERGENCY_REASON = (
    "Herr Ghebremedhin kam in akuter Krise in die Beratungsstelle Südhausen; "
    "Case Management Nord war nicht erreichbar. Klärung, ob eine Wohnungslosigkeit droht."
)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _case(tenant, given: str, family: str) -> Case | None:
    return (
        Case.objects.filter(
            tenant=tenant, person__given_names=given, person__family_name=family, status="open"
        )
        .select_related("person", "case_manager", "unit")
        .order_by("-opened_on", "-id")
        .first()
    )


def _disclosures_of(source) -> list[int]:
    return list(
        Disclosure.objects.filter(
            source_type=f"{source._meta.app_label}.{source._meta.model_name}", source_id=source.pk
        ).values_list("pk", flat=True)
    )


def add_sharing(structure, *, today: date) -> bool:
    """Write the story unless the tenant has shares already."""
    tenant = structure.tenant
    if CaseShare.objects.filter(tenant=tenant).exists():
        return False
    units = {u.code: u for u in Unit.objects.filter(tenant=tenant).select_related("organisation")}
    if "ABH" not in units or "JUG" not in units:
        return False
    hassan = _case(tenant, "Mohammed", "Al-Hassan")
    popescu = _case(tenant, "Elena", "Popescu")
    tesfay = _case(tenant, "Tesfay", "Ghebremedhin")
    ivanova = _case(tenant, "Desislava", "Ivanova")
    if hassan is not None:
        _active_share(hassan, units["ABH"], today=today)
    if popescu is not None:
        _ended_share(popescu, units["ABH"], today=today)
    if tesfay is not None and "leitung.sued" in structure.users:
        _expired_emergency(tesfay, structure.users["leitung.sued"], today=today)
    if ivanova is not None:
        _conference(ivanova, units["JUG"], today=today)
    return True


def _active_share(case: Case, authority: Unit, *, today: date) -> None:
    actor = get_actor(case.case_manager)
    consent_record(
        actor=actor,
        person=case.person,
        data_categories=["base", "residence", "benefits"],
        purpose="Verlängerung des Aufenthaltstitels und Prüfung eines Bleiberechts nach § 25b "
        "AufenthG mit der Ausländerbehörde abstimmen",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        given_on=max(today - timedelta(days=21), case.opened_on),
        form=Consent.Form.WRITTEN,
        language="ar",
        recipient_organisations=[authority.organisation],
        valid_until=today + timedelta(days=365),
    )
    share = share_create(
        actor=actor,
        case=case,
        to_unit=authority,
        parts=["base", "residence"],
        purpose="Verlängerung des Aufenthaltstitels; Prüfung § 25b AufenthG",
        purpose_category=Consent.PurposeCategory.RESIDENCE,
        valid_until=today + timedelta(days=90),
    )
    shared = today - timedelta(days=14)
    backdate(CaseShare, share.pk, valid_from=shared, created_at=moment(shared, 10, 15))
    for pk in _disclosures_of(share):
        backdate(Disclosure, pk, disclosed_at=moment(shared, 10, 15))


def _ended_share(case: Case, authority: Unit, *, today: date) -> None:
    actor = get_actor(case.case_manager)
    began, ended = today - timedelta(days=50), today - timedelta(days=20)
    consent_record(
        actor=actor,
        person=case.person,
        data_categories=["base", "documents"],
        purpose="Bescheinigung über das Freizügigkeitsrecht mit der Ausländerbehörde klären",
        purpose_category=Consent.PurposeCategory.COORDINATION,
        given_on=max(began - timedelta(days=2), case.opened_on),
        form=Consent.Form.WRITTEN,
        language="ro",
        recipient_organisations=[authority.organisation],
    )
    share = share_create(
        actor=actor,
        case=case,
        to_unit=authority,
        parts=["base", "documents"],
        purpose="Unterlagen für die Bescheinigung nach § 5 FreizügG/EU",
        purpose_category=Consent.PurposeCategory.COORDINATION,
        valid_until=today + timedelta(days=10),
    )
    share_end(actor=actor, share=share, reason="Die Bescheinigung ist ausgestellt.")
    backdate(
        CaseShare,
        share.pk,
        valid_from=began,
        created_at=moment(began, 9, 40),
        ended_at=moment(ended, 11, 5),
    )
    for pk in _disclosures_of(share):
        backdate(Disclosure, pk, disclosed_at=moment(began, 9, 40), ended_on=ended)


def _expired_emergency(case: Case, lead, *, today: date) -> None:
    actor = get_actor(lead)
    access = emergency_access_open(actor=actor, number=case.number, reason=EMERGENCY_REASON)
    # The lead read the case once during the access.
    audit(
        actor=actor,
        action="case.view",
        obj=case,
        person_id=case.person_id,
        changes={"via": "emergency_access", "emergency_access": access.pk},
        reason=EMERGENCY_REASON,
    )
    began = moment(today - timedelta(days=9), 16, 20)
    backdate(
        EmergencyAccess,
        access.pk,
        started_at=began,
        ends_at=began + (access.ends_at - access.started_at),
    )
    for pk in _disclosures_of(access):
        backdate(Disclosure, pk, disclosed_at=began, ends_on=began.date())


def _conference(case: Case, youth_office: Unit, *, today: date) -> None:
    actor = get_actor(case.case_manager)
    held = max(today - timedelta(days=10), case.opened_on)
    consent_record(
        actor=actor,
        person=case.person,
        data_categories=["base", "family", "case"],
        purpose="Fallkonferenz mit dem Jugendamt zu Kinderbetreuung und Wohnsituation",
        purpose_category=Consent.PurposeCategory.CASE_CONFERENCE,
        given_on=max(held - timedelta(days=5), case.opened_on),
        form=Consent.Form.WRITTEN,
        language="bg",
        recipient_organisations=[youth_office.organisation],
        valid_until=today + timedelta(days=180),
    )
    Kind = ConferenceParticipant.Kind
    conference = conference_create(
        actor=actor,
        case=case,
        held_on=held,
        agenda="1. Kinderbetreuung während des Integrationskurses\n"
        "2. Wohnsituation (Überbelegung)\n3. Nächste Schritte und Zuständigkeiten",
        minutes="Das Jugendamt prüft einen Kita-Platz ab dem nächsten Monat und eine "
        "Tagespflege bis dahin. Frau Ivanova sucht mit Unterstützung des Case Managements "
        "eine größere Wohnung; der Antrag auf einen Wohnberechtigungsschein wird gestellt.",
        data_categories=["base", "family", "case"],
        participants=[
            {"kind": Kind.UNIT, "unit": case.unit, "name": str(case.case_manager), "role": ""},
            {
                "kind": Kind.UNIT,
                "unit": youth_office,
                "name": "Herr Beispiel",
                "role": "Allgemeiner Sozialer Dienst",
            },
            {"kind": Kind.PERSON, "name": "Desislava Ivanova", "role": "Klientin"},
        ],
    )
    goal = case.goals.order_by("id").first()
    for what, who, days, name in (
        ("Kita-Platz beim Jugendamt beantragen", Action.Who.PERSON, 7, ""),
        (
            "Antrag auf Wohnberechtigungsschein stellen",
            Action.Who.CASE_MANAGER,
            14,
            "",
        ),
    ):
        action_create(
            actor=actor,
            case=case,
            what=what,
            who=who,
            who_name=name,
            due_date=today + timedelta(days=days),
            goal=goal,
            conference=conference,
        )
    backdate(CaseConference, conference.pk, created_at=moment(held, 15, 30))
    for pk in _disclosures_of(conference):
        backdate(Disclosure, pk, disclosed_at=moment(held, 15, 30))

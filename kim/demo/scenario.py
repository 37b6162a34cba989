"""The fixed story of Kreis Musterland that the guided tour relies on.

cm.nord (Miriam Kessler) holds a case in every phase: Iryna Bondarenko in
intake, untouched, for a new user to walk through to an evaluated closure;
Tesfay Ghebremedhin in assessment; Desislava Ivanova in planning; Mohammed
Al-Hassan in implementation (actions and a residence title falling due);
Anna Müller in evaluation and with a closed earlier case; Elena Popescu
paused. Selin Aktaş asks to hand Ayşe Yılmaz's case to her. Every case
manager has follow-ups due today and overdue, so the team leads see their
units' due work.
"""

from datetime import date, timedelta

from kim.cases.models import Case, CaseHandover
from kim.cases.services import handover_accept, handover_request
from kim.core.actor import get_actor
from kim.demo.course import at, backdate
from kim.demo.process import EVALUATION, IMPLEMENTATION, PLANNING
from kim.demo.records import ABH, BAMF
from kim.demo.texts import (
    FOLLOWUPS,
    HANDOVER_ACCEPTED_NOTE,
    HANDOVER_NOTE,
    WITHDRAWAL_NOTE,
)
from kim.followups.services import followup_create
from kim.people.models import Consent
from kim.people.services import consent_record, consent_withdraw
from kim.planning.services import action_create

# Manual follow-ups per case manager: days from today (negative: overdue).
FOLLOWUPS_CM_NORD = [0, 0, 0, -1, -4, -11, 3, 9]
FOLLOWUPS_OTHERS = [[0, -2, 6], [0, -1, -6, 4], [0, -3], [-1, 0, 0, 12]]


def residence_overrides(today: date) -> dict[str, list]:
    """Residence histories of the fixed cast (the rest is drawn)."""
    return {
        "hassan": [
            ("gestattung", "§ 55 AsylG", date(2016, 9, 14), date(2017, 5, 31), BAMF, ""),
            ("ae", "§ 25 Abs. 2 AufenthG", date(2017, 6, 1), date(2020, 5, 31), ABH, ""),
            (
                "ae",
                "§ 25 Abs. 2 AufenthG",
                today - timedelta(days=3 * 365 - 40),
                today + timedelta(days=40),
                ABH,
                "Verlängerung",
            ),
        ],
        "ghebremedhin": [
            ("gestattung", "§ 55 AsylG", date(2019, 5, 20), date(2020, 9, 30), BAMF, ""),
            ("duldung", "§ 60a AufenthG", date(2020, 10, 1), date(2021, 3, 31), ABH, ""),
            (
                "duldung",
                "§ 60a AufenthG",
                today - timedelta(days=150),
                today + timedelta(days=30),
                ABH,
                "Beschäftigungsduldung geprüft, nicht erteilt",
            ),
        ],
        "bondarenko": [
            ("ae", "§ 24 AufenthG", date(2022, 4, 11), date(2024, 3, 4), ABH, ""),
            (
                "ae",
                "§ 24 AufenthG",
                date(2024, 3, 5),
                max(date(2027, 3, 4), today + timedelta(120)),
                ABH,
                "Verlängerung nach der Ukraine-Aufenthaltserlaubnis-Fortgeltungsverordnung",
            ),
        ],
    }


def tell(writer, *, today: date) -> None:
    """The parts of the story that come after all cases are written."""
    users = writer.s.users
    _falling_due_for_cm_nord(writer, today)
    _withdrawn_consent(writer, today)
    _handovers(writer, users, today)
    _manual_followups(writer, users, today)


def _falling_due_for_cm_nord(writer, today: date) -> None:
    hassan = writer.cases_of("hassan")
    if not hassan:
        return
    case, actor, orgs = hassan[-1], get_actor(writer.s.users["cm.nord"]), writer.s.organisations
    goal = case.goals.order_by("id").first()
    for what, who, org, due in [
        ("Nachweis der Kursanmeldung beim Jobcenter einreichen", "person", None, 0),
        ("Verlängerung der Aufenthaltserlaubnis beantragen", "person", None, -4),
        ("Termin in der Anerkennungsberatung wahrnehmen", "office", orgs.get("jc"), 5),
    ]:
        action_create(
            actor=actor,
            case=case,
            what=what,
            who=who,
            organisation=org,
            due_date=today + timedelta(days=due),
            goal=goal,
        )


def _withdrawn_consent(writer, today: date) -> None:
    """Ayşe Yılmaz agreed to a case conference with the Jugendamt, then withdrew."""
    cases = writer.cases_of("yilmaz")
    if not cases:
        return
    case = cases[-1]
    actor = get_actor(case.case_manager)
    consent = consent_record(
        actor=actor,
        person=case.person,
        data_categories=["base", "family", "case"],
        purpose="Fallkonferenz mit dem Jugendamt zur Unterstützung der Familie",
        purpose_category=Consent.PurposeCategory.CASE_CONFERENCE,
        given_on=case.opened_on + timedelta(days=7),
        form=Consent.Form.WRITTEN,
        recipient_organisations=[writer.s.organisations["jug"]],
        language="tr",
        valid_until=case.opened_on + timedelta(days=372),
    )
    consent_withdraw(
        actor=actor, consent=consent, on=today - timedelta(days=9), note=WITHDRAWAL_NOTE
    )


def _handovers(writer, users, today: date) -> None:
    cm_nord = users["cm.nord"]
    cases = writer.cases_of("yilmaz")
    if cases:
        case = cases[-1]
        handover = handover_request(
            actor=get_actor(case.case_manager),
            case=case,
            to_unit=case.unit,
            to_user=cm_nord,
            note=HANDOVER_NOTE,
        )
        backdate(CaseHandover, handover.pk, requested_at=at(today - timedelta(days=2), 75))
    # An earlier one, accepted: a colleague's case went to Miriam Kessler after its last talk.
    colleagues = [users[name] for name in ("cm.nord4", "cm.nord2") if name in users]
    candidates = [
        (colleagues.index(planned.manager), planned.last_contact_on, case.pk)
        for _plan, planned, case in writer.written
        if planned.manager in colleagues
        and planned.course.phase in (PLANNING, IMPLEMENTATION, EVALUATION)
        and planned.last_contact_on <= today - timedelta(days=3)
    ]
    if candidates:
        _, last, pk = min(candidates)
        case = Case.objects.get(pk=pk)
        handover = handover_request(
            actor=get_actor(case.case_manager),
            case=case,
            to_unit=case.unit,
            to_user=cm_nord,
            note=HANDOVER_ACCEPTED_NOTE,
        )
        handover_accept(actor=get_actor(cm_nord), handover=handover)
        backdate(
            CaseHandover,
            handover.pk,
            requested_at=at(last + timedelta(days=1), 240),
            accepted_at=at(last + timedelta(days=2), 30),
        )


def _manual_followups(writer, users, today: date) -> None:
    """Follow-ups written by hand: due today, overdue and coming up, for every case manager."""
    rng = writer.rng
    by_manager: dict[int, list[Case]] = {}
    for plan, _planned, case in writer.written:
        if plan.key != "bondarenko":
            by_manager.setdefault(case.case_manager_id, []).append(case)
    open_ids = set(
        Case.objects.filter(
            pk__in=[c.pk for _, _, c in writer.written], status=Case.Status.OPEN
        ).values_list("pk", flat=True)
    )
    managers = [u for team in writer.s.teams for u in team.case_managers]
    others = iter(FOLLOWUPS_OTHERS * len(managers))
    for manager in managers:
        days = FOLLOWUPS_CM_NORD if manager.username == "cm.nord" else next(others)
        cases = [c for c in by_manager.get(manager.pk, []) if c.pk in open_ids]
        # The same case manager may have been handed the case since: ask the database.
        cases = list(Case.objects.filter(pk__in=[c.pk for c in cases], case_manager=manager))
        if not cases:
            continue
        for i, offset in enumerate(days):
            followup_create(
                actor=get_actor(manager),
                case=cases[i % len(cases)],
                due_on=today + timedelta(days=offset),
                title=rng.choice(FOLLOWUPS),
                assignee=manager,
            )

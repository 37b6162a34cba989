"""Replaying a planned case's course through the services.

Intake (access route, target groups, case management indicated, consent),
then every phase change with the records that belong to it: an assessment
version on entering the assessment, goals and actions on entering the
planning, sometimes a re-assessment during monitoring, barriers met along
the way, and at the end the evaluation of every goal and the closing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kim.cases.models import Case, CasePhaseChange, TargetGroup
from kim.cases.services import case_change_phase, case_close, case_record_intake, case_reopen
from kim.core.actor import get_actor
from kim.demo.plan import seeded
from kim.demo.process import (
    ASSESSMENT,
    CLOSED,
    CLOSING_REASONS,
    IMPLEMENTATION,
    INTAKE,
    PLANNING,
    pick,
)
from kim.demo.texts import (
    ACTIONS,
    ASSESSMENTS,
    BARRIERS,
    CLOSING_SUMMARY,
    CM_NOT_INDICATED,
    CONSENT_DEFAULT,
    CONSENTS,
    EVALUATION_REASON,
    GOALS,
    REASSESSMENT_NOTE,
    RESULTS,
)
from kim.people.models import Consent
from kim.people.services import consent_record
from kim.planning.models import ActionStatusChange, Barrier, BarrierCategory, Goal, GoalStatusChange
from kim.planning.services import (
    action_create,
    assessment_record,
    barrier_flag,
    goal_create,
    goals_evaluate,
)

ACCESS_ROUTES = [("self", 25), ("jobcenter", 22), ("abh", 12), ("sozialamt", 8), ("jugendamt", 5),
                 ("school", 4), ("kita", 3), ("provider", 10), ("counselling", 6), ("outreach", 5)]  # fmt: skip
URGENCY = [("low", 15), ("medium", 45), ("high", 30), ("acute", 10)]
BARRIER_SHARE = 0.25  # of cases past intake
# Further barriers per case past intake (each with this chance, one after another), drawn
# from their own random stream so that the rest of the demo stays as it was. Enough for
# the coordination's counts to show numbers above the disclosure threshold.
MORE_BARRIERS = (0.6, 0.4, 0.25)
REASSESSMENT_SHARE = 0.35  # of cases that reach monitoring
FALLING_DUE_SHARE = 0.25  # of open actions in running cases: due around today
WALKTHROUGH = "bondarenko"  # left untouched in intake for the guided tour


def at(day: date, minutes: int = 0) -> datetime:
    """A moment on `day` in office hours (09:00 plus `minutes`)."""
    moment = datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())
    return moment + timedelta(minutes=minutes)


def backdate(model, pk: int, **values) -> None:
    # Queryset updates: history rows refuse save() once written, by design.
    model.objects.filter(pk=pk).update(**values)


class CourseWriter:
    def __init__(self, writer, *, rng: random.Random, today: date):
        self.w = writer
        self.rng = rng
        self.barrier_rng = seeded(f"barriers:{today.isoformat()}")
        self.today = today
        tenant = writer.s.tenant
        self.groups = {g.code: g for g in TargetGroup.objects.filter(tenant=tenant)}
        self.categories = {c.code: c for c in BarrierCategory.objects.filter(tenant=tenant)}
        self.barrier_weights = [(b, b[4]) for b in BARRIERS]
        self.leads = {team.unit.pk: team.lead for team in writer.s.teams}

    def write(self, plan, planned, case: Case, contacts: list) -> None:
        course = planned.course
        actor = get_actor(planned.manager)
        self.actor, self.plan, self.planned, self.contacts = actor, plan, planned, contacts
        self.assessments = 0
        self.goals: list[Goal] = []
        stamps = [at(planned.opened_on)]
        if plan.key != WALKTHROUGH:
            case = self.intake(case)
        if course.left_intake and self.rng.random() < BARRIER_SHARE:
            self.barrier(case)
        if course.left_intake:
            for chance in MORE_BARRIERS:
                if self.barrier_rng.random() >= chance:
                    break
                self.barrier(case, rng=self.barrier_rng)
        phase = INTAKE
        for i, (day, to, reason) in enumerate(course.steps):
            following = course.steps[i + 1][0] if i + 1 < len(course.steps) else None
            if to == CLOSED:
                case = self.close(case, day, "goals_reached" if following else course.outcome)
            elif phase == CLOSED:
                lead = get_actor(self.leads[case.unit_id])
                case = case_reopen(
                    actor=lead, case=case, version=case.version, to_phase=to, reason=reason
                )
                self.goals = []
            else:
                case = case_change_phase(
                    actor=actor, case=case, version=case.version, to_phase=to, reason=reason
                )
            stamps.append(at(day, 60 + 20 * i))
            if to == ASSESSMENT:
                self.assess(case, day)
            elif to == PLANNING and not any(g.evaluation == "" for g in self.goals):
                self.support_plan(case, day, i)
            elif to == IMPLEMENTATION and self.rng.random() < REASSESSMENT_SHARE:
                until = following or self.planned.last_contact_on
                self.assess(case, day + (until - day) / 2)
            phase = to
        rows = list(
            CasePhaseChange.objects.filter(case=case).order_by("id").values_list("id", flat=True)
        )
        for pk, stamp in zip(rows, stamps, strict=True):
            backdate(CasePhaseChange, pk, changed_at=stamp)

    # --- intake -------------------------------------------------------------------

    def intake(self, case: Case) -> Case:
        course, rng = self.planned.course, self.rng
        if course.left_intake:
            indicated, consent, reason = (
                Case.CmIndicated.YES,
                pick(rng, [("given", 75), ("oral", 25)]),
                "",
            )
        elif course.outcome == "not_indicated":
            indicated, consent, reason = (
                Case.CmIndicated.NO,
                "pending",
                rng.choice(CM_NOT_INDICATED),
            )
        elif course.outcome == "withdrawn" or (course.phase == INTAKE and rng.random() < 0.5):
            indicated, consent, reason = Case.CmIndicated.OPEN, "pending", ""
        else:
            return case
        case = case_record_intake(
            actor=self.actor,
            case=case,
            version=case.version,
            access_route=pick(rng, ACCESS_ROUTES),
            target_groups=self.target_groups(),
            cm_indicated=indicated,
            cm_indicated_reason=reason,
            consent_status=consent,
        )
        if consent in ("given", "oral"):
            self.consents(consent)
        return case

    def target_groups(self) -> list[TargetGroup]:
        plan, today = self.plan, self.today
        f = plan.fields
        residence = self.w.residence.get(id(plan), [])
        current = residence[-1] if residence else None
        codes = []
        if plan.region in ("UA", "SY", "AF", "IQ", "ER"):
            codes.append("gefluechtete")
        if plan.region in ("RO", "BG"):
            codes.append("eu")
        if f["arrival_date"] and (today - f["arrival_date"]).days < 3 * 365:
            codes.append("neuzugewanderte")
        if current and current[0] == "duldung":
            codes.append("geduldete")
        if current and current[0] == "bkeu":
            codes.append("fachkraefte")
        if plan.kin and not any(k.role == "partner" for k in plan.kin) and f["sex"] == "f":
            codes.append("alleinerziehende")
        if (today - f["birth_date"]).days < 18 * 365:
            codes.append("umf")
        if f["german_level"] in ("0", "A1"):
            codes.append("geringe_deutschkenntnisse")
        if "arbeit" in self.planned.field_codes and self.rng.random() < 0.3:
            codes.append("ohne_ausbildung")
        return [self.groups[c] for c in codes[:3] if c in self.groups]

    def consents(self, status: str) -> None:
        """The written consent of the intake; some ran out and were renewed at a later talk."""
        rng, planned = self.rng, self.planned
        f = self.plan.fields
        purpose_category, categories, recipients, purpose = CONSENTS.get(
            planned.field_codes[0], CONSENT_DEFAULT
        )
        given = planned.opened_on
        talks = sorted({c.date for c in self.contacts})
        while given is not None:
            months = 12 if rng.random() < 0.35 else 24
            until = given + timedelta(days=months * 365 // 12)
            consent_record(
                actor=self.actor,
                person=self.w.person_of(self.plan),
                data_categories=categories,
                purpose=purpose,
                purpose_category=purpose_category,
                given_on=given,
                form=Consent.Form.WRITTEN if status == "given" else Consent.Form.ORAL,
                recipient_organisations=[
                    self.w.s.organisations[key]
                    for key in recipients
                    if key in self.w.s.organisations
                ],
                recipient_kinds=[],
                language=f["interpreter_language"] if f["interpreter_needed"] else "de",
                valid_until=until,
            )
            end = planned.closed_on or self.today
            later = [
                day for day in talks if until - timedelta(days=30) <= day <= end and day > given
            ]
            given = later[0] if until < end and later else None

    # --- assessment, plan, barriers -------------------------------------------------------

    def assess(self, case: Case, day: date) -> None:
        rng, fields = self.rng, self.w.s.fields
        items = []
        for code in self.planned.field_codes:
            situation, needs, resources = rng.choice(ASSESSMENTS[code])
            items.append(
                {
                    "field": fields[code],
                    "situation": situation,
                    "needs": needs,
                    "resources": resources,
                    "urgency": pick(rng, URGENCY),
                }
            )
        assessment_record(
            actor=self.actor,
            case=case,
            based_on=self.assessments,
            assessed_on=min(day, self.today),
            items=items,
            note=rng.choice(REASSESSMENT_NOTE) if self.assessments else "",
        )
        self.assessments += 1

    def support_plan(self, case: Case, day: date, index: int) -> None:
        """Goals with target dates and the actions towards them."""
        rng, fields, today = self.rng, self.w.s.fields, self.today
        steps = self.planned.course.steps
        round_end = next((d for d, to, _ in steps[index + 1 :] if to == CLOSED), None)
        running = round_end is None and self.planned.course.phase != PLANNING
        for code in self.planned.field_codes[:3]:
            goal = goal_create(
                actor=self.actor,
                case=case,
                field=fields[code],
                wording=rng.choice(GOALS[code]),
                target_date=day + timedelta(days=rng.randint(90, 240)),
                status=Goal.Status.IN_PROGRESS if running or round_end else Goal.Status.OPEN,
            )
            GoalStatusChange.objects.filter(goal=goal).update(changed_at=at(day, 90))
            self.goals.append(goal)
            for what, who, org_key, who_name in rng.sample(
                ACTIONS[code], k=min(2, len(ACTIONS[code]))
            ):
                due = day + timedelta(days=rng.randint(7, 100))
                if round_end is not None:
                    status = "done" if due <= round_end and rng.random() < 0.85 else "cancelled"
                elif running and rng.random() < FALLING_DUE_SHARE:
                    due, status = today + timedelta(days=rng.randint(-14, 9)), "open"
                else:  # a few past ones are still open: overdue
                    past = due < today - timedelta(days=10)
                    status = "done" if past and rng.random() < 0.93 else "open"
                action = action_create(
                    actor=self.actor,
                    case=case,
                    what=what,
                    who=who,
                    who_name=who_name,
                    organisation=self.w.s.organisations.get(org_key),
                    due_date=max(due, day),
                    goal=goal,
                    status=status,
                )
                ActionStatusChange.objects.filter(action=action).update(changed_at=at(day, 100))

    def barrier(self, case: Case, rng: random.Random | None = None) -> None:
        rng = rng or self.rng
        category, field, domain, description, _weight = pick(rng, self.barrier_weights)
        contact = rng.choice(self.contacts)
        barrier_flag(
            actor=self.actor,
            case=case,
            field=self.w.s.fields[field],
            legal_domain=domain,
            category=self.categories[category],
            description=description,
            flagged_on=contact.date,
            source=Barrier.Source.CONTACT,
            source_id=contact.pk,
        )

    # --- closing --------------------------------------------------------------------

    def close(self, case: Case, day: date, outcome: str) -> Case:
        rng = self.rng
        open_goals = [g for g in self.goals if not g.evaluation]
        if open_goals:
            results = RESULTS.get(outcome, RESULTS["goals_reached"])
            evaluations = []
            for goal in open_goals:
                result = pick(rng, results)
                evaluations.append(
                    {
                        "goal": goal,
                        "version": goal.version,
                        "result": result,
                        "reason": rng.choice(EVALUATION_REASON[result]),
                    }
                )
            evaluated = goals_evaluate(
                actor=self.actor, case=case, evaluations=evaluations, evaluated_on=day
            )
            self.goals = [g for g in self.goals if g not in open_goals] + evaluated
            GoalStatusChange.objects.filter(
                goal__in=evaluated, status__in=[e["result"] for e in evaluations]
            ).update(changed_at=at(day, 30))
        return case_close(
            actor=self.actor,
            case=case,
            version=case.version,
            reason=CLOSING_REASONS[outcome],
            summary=rng.choice(CLOSING_SUMMARY[outcome]),
            closed_on=day,
        )

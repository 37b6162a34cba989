"""Structural issues of Kreis Musterland, written through the steering services as
`koordination`, with their counts taken from the demo's barriers:

- EU immigrants without health insurance (in work, AG Gesundheit) – the issue the
  Wuppertal report also tells of;
- waiting times at the Ausländerbehörde (decided: online appointments and an open
  consultation hour for extensions);
- housing for large families (prioritised);
- translations of certificates (reported).

Bodies: the steering group (three meetings – two held with decisions and minutes, one
planned with the health issue on the agenda), the AG Gesundheit and the project group
on appointments; an open task for `koordination`.

Idempotent: a tenant with structural issues is left alone. Steps are backdated as
the story tells them; their audit events keep the time of loading.
"""

from datetime import date, timedelta

from kim.core.actor import get_actor
from kim.planning.models import BarrierCategory
from kim.steering import bodies
from kim.steering.issue_states import Status
from kim.steering.issues import issue_add_note, issue_create, issue_move
from kim.steering.models import (
    Body,
    BodyMember,
    Meeting,
    Recommendation,
    StructuralIssue,
    StructuralIssueStep,
)
from kim.steering.recommendations import recommendation_create, recommendation_move

# (title, description, category codes, field codes, legal domains, organisation keys,
#  steps [(status, days ago, note, work)], notes)
ISSUES = [
    (
        "Kein Zugang zur Krankenversicherung für EU-Zugewanderte",
        "EU-Zugewanderte ohne Arbeitsvertrag oder mit Minijob bleiben monatelang ohne "
        "Krankenversicherung. Die Clearingstelle hat keine freien Termine; Behandlungen "
        "werden aufgeschoben, Schwangere gehen nicht zur Vorsorge.",
        ["krankenversicherung"],
        ["gesundheit"],
        ["other", "sgb2"],
        ["jc", "soz"],
        [
            (Status.REVIEWED, 120, "In der Steuerungsgruppe vorgestellt.", ""),
            (Status.PRIORITISED, 90, "Eines von drei Schwerpunktthemen des Jahres.", ""),
            (Status.IN_WORK, 60, "", "AG Gesundheit"),
        ],
        ["Clearingstelle: Wartezeit für ein Erstgespräch derzeit etwa acht Wochen."],
    ),
    (
        "Lange Wartezeiten bei der Ausländerbehörde",
        "Termine zur Verlängerung von Aufenthaltstiteln erst nach zehn Wochen; Titel laufen "
        "vorher ab, Arbeitgeber zögern, Leistungen werden unterbrochen.",
        ["wartezeit"],
        ["aufenthalt"],
        ["aufenthg"],
        ["abh"],
        [
            (Status.REVIEWED, 200, "", ""),
            (Status.PRIORITISED, 170, "", ""),
            (Status.IN_WORK, 150, "", "Projektgruppe Terminvergabe"),
            (Status.RECOMMENDATION, 80, "Empfehlung an die Verwaltungsleitung.", ""),
            (
                Status.DECIDED,
                30,
                "Online-Terminvergabe und eine offene Sprechstunde für Verlängerungen ab "
                "dem nächsten Quartal; Fiktionsbescheinigungen werden per Post versandt.",
                "",
            ),
        ],
        [],
    ),
    (
        "Wohnraum für große Familien",
        "Für Familien mit fünf und mehr Personen gibt es kaum Wohnungen unter der "
        "Mietobergrenze; Auszüge aus der Gemeinschaftsunterkunft scheitern.",
        ["wohnraum"],
        ["wohnen"],
        ["sgb2", "asylblg"],
        ["jc", "soz"],
        [
            (Status.REVIEWED, 45, "", ""),
            (Status.PRIORITISED, 20, "Mit der Wohnungswirtschaft im Frühjahr besprechen.", ""),
        ],
        [],
    ),
    (
        "Übersetzung von Zeugnissen",
        "Die Kosten für beglaubigte Übersetzungen übernimmt keine Stelle; "
        "Anerkennungsverfahren und Bewerbungen verzögern sich.",
        ["unterlagen", "anerkennung"],
        ["arbeit"],
        ["sgb3", "sgb2"],
        ["aa", "jc"],
        [],
        [],
    ),
]


def add_steering(structure, *, today: date) -> bool:
    tenant = structure.tenant
    if StructuralIssue.objects.filter(tenant=tenant).exists():
        return False
    coordination = structure.users.get("koordination")
    if coordination is None:
        return False
    actor = get_actor(coordination)
    categories = {c.code: c for c in BarrierCategory.objects.filter(tenant=tenant)}
    created = {}
    for title, description, cats, fields, domains, orgs, steps, notes in ISSUES:
        issue = issue_create(
            actor=actor,
            title=title,
            description=description,
            owner=coordination,
            categories=[categories[c] for c in cats if c in categories],
            fields=[structure.fields[f] for f in fields if f in structure.fields],
            legal_domains=domains,
            offices=[structure.organisations[o] for o in orgs if o in structure.organisations],
            evidence_year=today.year,
        )
        first_day = today - timedelta(days=(steps[0][1] + 14) if steps else 7)
        StructuralIssue.objects.filter(pk=issue.pk).update(
            created_at=issue.created_at.replace(
                year=first_day.year, month=first_day.month, day=first_day.day
            )
        )
        StructuralIssueStep.objects.filter(issue=issue).update(changed_on=first_day)
        for status, days_ago, note, work in steps:
            issue = issue_move(
                actor=actor,
                issue=issue,
                version=issue.version,
                to=status,
                note=note,
                work=work,
                on=today - timedelta(days=days_ago),
            )
        for text in notes:
            issue_add_note(actor=actor, issue=issue, text=text)
        created[title] = issue
    _bodies(actor, coordination, created, today)
    _report(actor, coordination, today)
    return True


def _report(actor, coordination, today: date) -> None:
    """The half-year report for the Integrationsausschuss, written from the data above
    at once (no worker needed for the demo data)."""
    from kim.steering import report as reports

    values = reports.proposed(actor, today=today)
    values.pop("year"), values.pop("half")
    # The half-year of the last held meeting (35 days ago), so the report always has one.
    last_meeting = today - timedelta(days=35)
    year, half = last_meeting.year, 1 if last_meeting.month <= 6 else 2
    values |= {
        "department": "Dezernat III – Soziales, Jugend und Integration",
        "office": "Kommunales Integrationszentrum",
        "clerk": "Claudia Engel",
        "clerk_phone": "02345 67-4248",
        "clerk_email": coordination.email or "koordination@musterland.example",
        "document_number": f"VO/{today:%m%d}/{today:%y}",
        "meeting_on": today + timedelta(days=24),
        "approvals": "Dr. Helga Wendland",
        "reason": "Beschluss des Integrationsausschusses vom 24.03.2025:\n\n„Der "
        "Integrationsausschuss bittet um einen Bericht über die Tätigkeiten der "
        "Steuerungsgruppe KIM zur nächsten Sitzung und fortan mindestens eine halbjährliche "
        "Berichterstattung.“",
    }
    report = reports.report_create(actor=actor, year=year, half=half, **values)
    reports.generate(report.pk)


Sector = BodyMember.Sector
# (name, kind, purpose, started days ago, members [(name, organisation, sector, role)])
BODIES = [
    (
        "Steuerungsgruppe KIM",
        Body.Kind.STEERING_GROUP,
        "Steuert die Umsetzung des Kommunalen Integrationsmanagements im Kreis: "
        "Schwerpunkte, Strukturthemen, Berichte an den Integrationsausschuss.",
        900,
        [
            (
                "Dr. Helga Wendland",
                "Kreis Musterland, Sozialdezernat",
                Sector.ADMINISTRATION,
                "Vorsitz",
            ),
            (
                "Claudia Engel",
                "Kommunales Integrationszentrum",
                Sector.ADMINISTRATION,
                "Geschäftsführung",
            ),
            ("Rainer Obermeier", "Jobcenter Kreis Musterland", Sector.ADMINISTRATION, ""),
            ("Sabine Kröger", "AWO Musterland", Sector.WELFARE, ""),
            ("Thomas Lindqvist", "Caritas Musterland", Sector.WELFARE, ""),
            ("Amina Darwish", "Integrationsrat", Sector.POLITICS, "stellv. Vorsitz"),
            (
                "Oleksandr Hrytsenko",
                "Ukrainische Gemeinde Musterland e. V.",
                Sector.MIGRANT_ORGANISATION,
                "",
            ),
        ],
    ),
    (
        "AG Gesundheit",
        Body.Kind.WORKING_GROUP,
        "Zugang zur Gesundheitsversorgung für Menschen ohne Krankenversicherung.",
        60,
        [
            ("Dr. Jana Petrović", "Gesundheitsamt", Sector.ADMINISTRATION, "Leitung"),
            ("Sabine Kröger", "AWO Musterland", Sector.WELFARE, ""),
            ("Ioana Marinescu", "Romano Drom Musterland e. V.", Sector.MIGRANT_ORGANISATION, ""),
        ],
    ),
    (
        "AK EU-Zuwanderung",
        Body.Kind.WORKING_GROUP,
        "Arbeitskreis der Beratungsstellen und Ämter zu EU-Zugewanderten: Zugang zu "
        "Sprachkursen, Arbeit und Gesundheit; tauscht sich monatlich aus.",
        240,
        [
            ("Ioana Marinescu", "Romano Drom Musterland e. V.", Sector.MIGRANT_ORGANISATION, ""),
            ("Thomas Lindqvist", "Caritas Musterland", Sector.WELFARE, "Leitung"),
            ("Rainer Obermeier", "Jobcenter Kreis Musterland", Sector.ADMINISTRATION, ""),
        ],
    ),
    (
        "Projektgruppe Terminvergabe",
        Body.Kind.PROJECT_GROUP,
        "Schnellere Termine bei der Ausländerbehörde für Verlängerungen.",
        150,
        [
            (
                "Markus Petersen",
                "Ausländer- und Einbürgerungsbehörde",
                Sector.ADMINISTRATION,
                "Leitung",
            ),
            ("Claudia Engel", "Kommunales Integrationszentrum", Sector.ADMINISTRATION, ""),
        ],
    ),
]


def _moment(day: date, hour: int):
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _bodies(actor, coordination, issues: dict, today: date) -> None:
    made = {}
    for name, kind, purpose, started, members in BODIES:
        started_on = today - timedelta(days=started)
        body = bodies.body_create(
            actor=actor, name=name, kind=kind, purpose=purpose, started_on=started_on
        )
        for member_name, organisation, sector, role in members:
            bodies.member_add(
                actor=actor,
                body=body,
                name=member_name,
                organisation=organisation,
                sector=sector,
                role=role,
                joined_on=started_on,
            )
        made[name] = body
    steering = made["Steuerungsgruppe KIM"]
    health = issues.get("Kein Zugang zur Krankenversicherung für EU-Zugewanderte")
    waiting = issues.get("Lange Wartezeiten bei der Ausländerbehörde")
    housing = issues.get("Wohnraum für große Familien")
    meetings = [
        (
            today - timedelta(days=125),
            Meeting.State.HELD,
            [
                (
                    waiting,
                    "Daten der Projektgruppe vorgestellt.",
                    "Empfehlung an die Verwaltungsleitung vorbereiten.",
                ),
                (
                    health,
                    "Hürden aus dem Case Management: Zahlen des Jahres.",
                    "Thema priorisiert; AG Gesundheit wird eingerichtet.",
                ),
            ],
            "Sitzung mit acht Teilnehmenden. Schwerpunkte des Jahres beschlossen.",
        ),
        (
            today - timedelta(days=35),
            Meeting.State.HELD,
            [
                (
                    waiting,
                    "Verwaltungsleitung hat zugestimmt.",
                    "Online-Terminvergabe und offene Sprechstunde ab dem nächsten Quartal.",
                ),
                (housing, "Zahlen zu großen Familien in Gemeinschaftsunterkünften.", ""),
            ],
            "Bericht an den Integrationsausschuss für das Halbjahr besprochen.",
        ),
        (today + timedelta(days=21), Meeting.State.PLANNED, [(health, "", "")], ""),
    ]
    for day, state, items, minutes in meetings:
        meeting = bodies.meeting_create(
            actor=actor,
            body=steering,
            starts_at=_moment(day, 14),
            ends_at=_moment(day, 16),
            place="Kreishaus Musterstadt, Sitzungsraum 2",
        )
        for issue, result, decision in items:
            item = bodies.agenda_item_add(actor=actor, meeting=meeting, title="", issue=issue)
            if result or decision:
                bodies.agenda_item_record(actor=actor, item=item, result=result, decision=decision)
        if state == Meeting.State.HELD:
            meeting = bodies.meeting_update(
                actor=actor,
                meeting=meeting,
                version=meeting.version,
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                place=meeting.place,
                state=state,
                minutes=minutes,
            )
        last = meeting
    _recommendations(actor, steering, health, waiting, today)
    _reconstructions(actor, health, today)
    held = (
        Meeting.objects.filter(body=steering, state=Meeting.State.HELD)
        .order_by("-starts_at")
        .first()
    )
    bodies.task_add(
        actor=actor,
        meeting=held or last,
        what="Halbjahresbericht für den Integrationsausschuss entwerfen",
        owner=coordination,
        due_on=today + timedelta(days=14),
    )


def _recommendations(actor, steering, health, waiting, today: date) -> None:
    """Two recommendations of the steering group: one adopted by the administration,
    one before the Integrationsausschuss."""
    online = recommendation_create(
        actor=actor,
        body=steering,
        addressee=Recommendation.Addressee.ADMINISTRATION,
        title="Online-Terminvergabe und offene Sprechstunde der Ausländerbehörde",
        text="Die Ausländerbehörde vergibt Termine zur Verlängerung online und bietet "
        "wöchentlich eine offene Sprechstunde an; Fiktionsbescheinigungen gehen per Post.",
        issues=[waiting] if waiting else [],
    )
    for to, days, document in [
        (Recommendation.Status.SUBMITTED, 80, "Vorlage VV 2026/041"),
        (Recommendation.Status.ADOPTED, 30, "Beschluss des Verwaltungsvorstands"),
    ]:
        online = recommendation_move(
            actor=actor,
            recommendation=online,
            version=online.version,
            to=to,
            on=today - timedelta(days=days),
            document=document,
        )
    clearing = recommendation_create(
        actor=actor,
        body=steering,
        addressee=Recommendation.Addressee.COMMITTEE,
        title="Clearingstelle Gesundheit stärken",
        text="Der Kreis finanziert eine zweite Stelle in der Clearingstelle Gesundheit und "
        "einen Fonds für Behandlungen von Menschen ohne Krankenversicherung.",
        issues=[health] if health else [],
    )
    recommendation_move(
        actor=actor,
        recommendation=clearing,
        version=clearing.version,
        to=Recommendation.Status.SUBMITTED,
        on=today - timedelta(days=10),
        document="Drucksache 0412/2026 (Integrationsausschuss)",
    )


RECONSTRUCTIONS = [
    (
        "Frau kam im 2. Monat mit Schmerzen in die Beratung; seit dem Umzug aus Rumänien "
        "ohne Krankenversicherung, Minijob ohne Vertrag. Die Clearingstelle hatte erst im "
        "4. Monat einen Termin, bis dahin keine Behandlung.",
        "Eine offene Sprechstunde der Clearingstelle und ein Behandlungsfonds hätten "
        "Monate gespart.",
    ),
    (
        "Familie mit zwei Kindern, EU-Freizügigkeit, Vater arbeitet saisonal. Die Kinder "
        "waren nicht versichert; die Schuleingangsuntersuchung fiel aus. Krankenkasse und "
        "Jobcenter verwiesen aufeinander.",
        "Zuständigkeit klären: Wer berät zur Familienversicherung, wenn kein Leistungsbezug "
        "besteht?",
    ),
]


def _reconstructions(actor, health, today: date) -> None:
    """A request on health insurance and two released reconstructions by cm.nord."""
    from kim.accounts.models import User
    from kim.cases.models import Case
    from kim.steering.reconstructions import (
        reconstruction_release,
        reconstruction_save,
        reconstruction_start,
        request_create,
    )

    request = request_create(
        actor=actor,
        theme="Ohne Krankenversicherung",
        description="Fälle, in denen Menschen aus der EU monatelang ohne Krankenversicherung "
        "blieben: was geschah, was hätte geholfen?",
        issue=health,
        due_on=today + timedelta(days=30),
    )
    author = User.objects.filter(username="cm.nord").first()
    if author is None:
        return
    author_actor = get_actor(author)
    cases = list(
        Case.objects.filter(tenant_id=actor.tenant_id, case_manager=author).order_by("pk")[:2]
    )
    for case, (account, comments) in zip(cases, RECONSTRUCTIONS, strict=False):
        draft = reconstruction_start(actor=author_actor, request=request, case=case)
        draft = reconstruction_save(
            actor=author_actor,
            reconstruction=draft,
            version=draft.version,
            account=account,
            comments=comments,
        )
        reconstruction_release(actor=author_actor, reconstruction=draft, version=draft.version)

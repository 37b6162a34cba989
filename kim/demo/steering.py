"""Structural issues of Kreis Musterland, written through the steering services as
`koordination`, with their counts taken from the demo's barriers:

- EU immigrants without health insurance (in work, AG Gesundheit) – the issue the
  Wuppertal report also tells of;
- waiting times at the Ausländerbehörde (decided: online appointments and an open
  consultation hour for extensions);
- housing for large families (prioritised);
- translations of certificates (reported).

Idempotent: a tenant with structural issues is left alone. Steps are backdated as
the story tells them; their audit events keep the time of loading.
"""

from datetime import date, timedelta

from kim.core.actor import get_actor
from kim.planning.models import BarrierCategory
from kim.steering.issue_states import Status
from kim.steering.issues import issue_add_note, issue_create, issue_move
from kim.steering.models import StructuralIssue, StructuralIssueStep

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
    return True

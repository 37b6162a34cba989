"""The first draft of the half-year report, written from the steering data: what the
bodies did and decided, the recommendations and where they stand, the findings of
released case reconstructions, the coordination's priority themes and the working
groups. The coordination edits it afterwards; nothing here names a client.

Each part is a function of its own, so the background job can report progress
between them. All text is German: the report is a paper for a German committee.
"""

from collections import Counter, defaultdict
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kim.steering.issue_states import Status as IssueStatus
from kim.steering.models import (
    AgendaItem,
    Body,
    BodyMember,
    CaseReconstruction,
    Meeting,
    Recommendation,
    RecommendationStep,
    StructuralIssue,
    StructuralIssueStep,
)
from kim.steering.report_figures import half_year

STEERING_KINDS = [Body.Kind.STEERING_GROUP, Body.Kind.STEERING_CIRCLE, Body.Kind.OTHER]
GROUP_KINDS = [Body.Kind.WORKING_GROUP, Body.Kind.PROJECT_GROUP]
PRIORITY = [
    IssueStatus.PRIORITISED,
    IssueStatus.IN_WORK,
    IssueStatus.RECOMMENDATION,
]
# How long a comment of a reconstruction may be in the draft; the rest is cut at a
# sentence end. The coordination condenses the findings anyway.
COMMENT_LIMIT = 600


# The dative article of a body's name, from its kind ("aus der Steuerungsgruppe", "aus
# dem Lenkungskreis"); other bodies are named as "dem Gremium „…“".
DATIVE = {
    Body.Kind.STEERING_GROUP: "der",
    Body.Kind.STEERING_CIRCLE: "dem",
    Body.Kind.WORKING_GROUP: "der",
    Body.Kind.PROJECT_GROUP: "der",
}


def dative(body: Body) -> str:
    article = DATIVE.get(body.kind)
    if article:
        return f"{article} {body.name}"
    return f"dem Gremium „{body.name}“"


def day(value: date) -> str:
    return formats.date_format(value, "d.m.Y")


def month(value: date) -> str:
    return formats.date_format(value, "F Y")


def period_label(year: int, half: int) -> str:
    return _("%(half)s. Halbjahr %(year)s") % {"half": half, "year": year}


def title(year: int, half: int, steering: Body | None) -> str:
    if steering is not None:
        return _("Kommunales Integrationsmanagement: Bericht aus %(body)s, %(period)s") % {
            "body": dative(steering),
            "period": period_label(year, half),
        }
    return _("Kommunales Integrationsmanagement: Halbjahresbericht %(period)s") % {
        "period": period_label(year, half)
    }


def default_reason(committee: str) -> str:
    return _(
        "Der %(committee)s hat um eine mindestens halbjährliche Berichterstattung über die "
        "Tätigkeit der Steuerungsgremien des Kommunalen Integrationsmanagements gebeten. "
        "Mit dieser Vorlage wird über das zurückliegende Halbjahr berichtet."
    ) % {"committee": committee}


def steering_bodies(tenant_id: int, end: date) -> list[Body]:
    """The steering bodies that existed in the half-year, the oldest first."""
    return list(
        Body.objects.filter(tenant_id=tenant_id, kind__in=STEERING_KINDS, started_on__lte=end)
        .exclude(state=Body.State.ENDED, meetings__isnull=True)
        .distinct()
        .order_by("started_on", "name")
    )


def period(year: int, half: int, until: date) -> tuple[date, date]:
    """The half-year up to the report's date: a report written before the half-year
    ends (for the committee's last meeting in it) covers what happened until then."""
    start, end = half_year(year, half)
    return start, min(end, until)


def intro(tenant_name: str, year: int, half: int, bodies: list[Body], until: date) -> str:
    start, end = period(year, half, until)
    lines = [
        _(
            "Das Kommunale Integrationsmanagement (KIM) ist ein Förderprogramm des Landes "
            "Nordrhein-Westfalen; %(tenant)s setzt es um. Dieser Bericht umfasst das "
            "%(period)s (%(start)s bis %(end)s)."
        )
        % {
            "tenant": tenant_name,
            "period": period_label(year, half),
            "start": day(start),
            "end": day(end),
        }
    ]
    if bodies:
        names = _join(
            [
                _("„%(name)s“ (seit %(month)s)")
                % {"name": body.name, "month": month(body.started_on)}
                for body in bodies
            ]
        )
        lines.append(
            _(
                "Gremien der strategischen Steuerung: %(names)s. Die Koordination des Kommunalen Integrationsmanagements greift die Empfehlungen auf "
                "und gibt sie nach Bedarf als Informations- oder Beschlussvorlage an den "
                "Ausschuss oder den Rat weiter."
            )
            % {"names": names}
        )
    return " ".join(lines)


def body_section(body: Body, year: int, half: int, until: date) -> str:
    """One steering body: purpose, composition, every meeting of the half-year with its
    topics, results and decisions, its recommendations, the next meeting."""
    start, end = period(year, half, until)
    parts = [f"## {_('Bericht aus %(body)s') % {'body': dative(body)}}", body.purpose.strip()]
    members = [
        m
        for m in body.members.all()
        if m.joined_on <= end and (m.left_on is None or m.left_on >= start)
    ]
    if members:
        parts.append(_composition(body, members))
    meetings = [
        m
        for m in body.meetings.all()
        if m.state == Meeting.State.HELD and start <= timezone.localdate(m.starts_at) <= end
    ]
    meetings.sort(key=lambda m: m.starts_at)
    if not meetings:
        parts.append(_("Im Berichtszeitraum fand keine Sitzung statt."))
    for number, meeting in enumerate(meetings, start=1):
        parts.append(_meeting_text(meeting, number))
    recommendations = [r for r in body.recommendations.all() if _touched(r, start, end)]
    if recommendations:
        lines = [
            _("Empfehlungen im Berichtszeitraum:"),
            *(f"- {_recommendation_line(r)}" for r in recommendations),
        ]
        parts.append("\n".join(lines))
    upcoming = [
        m
        for m in body.meetings.all()
        if m.state == Meeting.State.PLANNED and timezone.localdate(m.starts_at) > end
    ]
    if upcoming:
        next_meeting = min(upcoming, key=lambda m: m.starts_at)
        parts.append(
            _("Die nächste Sitzung ist für den %(day)s geplant.")
            % {"day": day(timezone.localdate(next_meeting.starts_at))}
        )
    return "\n\n".join(part for part in parts if part)


def _composition(body: Body, members: list[BodyMember]) -> str:
    by_sector = Counter(m.sector for m in members)
    sectors = [
        f"{BodyMember.Sector(sector).label} ({n})"
        for sector, n in sorted(by_sector.items(), key=lambda item: -item[1])
    ]
    organisations = sorted({m.organisation for m in members if m.organisation})
    text = ngettext(
        "%(body)s gehört %(n)s Mitglied an: %(sectors)s.",
        "%(body)s gehören %(n)s Mitglieder an: %(sectors)s.",
        len(members),
    ) % {"body": _capital(dative(body)), "n": len(members), "sectors": _join(sectors)}
    if organisations:
        text += " " + _end_sentence(
            _("Vertreten sind: %(organisations)s") % {"organisations": _join(organisations)}
        )
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _meeting_text(meeting: Meeting, number: int) -> str:
    on = day(timezone.localdate(meeting.starts_at))
    items = list(meeting.items.all())
    if number == 1:
        opening = _("Die Sitzung am %(day)s") % {"day": on}
    else:
        opening = _("Die %(n)s. Sitzung im Berichtszeitraum fand am %(day)s statt. Sie") % {
            "n": number,
            "day": on,
        }
    if not items:
        return _("%(opening)s fand ohne Tagesordnung statt.") % {"opening": opening}
    lines = [
        _("%(opening)s befasste sich mit %(topics)s.")
        % {"opening": opening, "topics": _join([f"„{item.title}“" for item in items])}
    ]
    for item in items:
        said = " ".join(
            text
            for text in [
                _end_sentence(item.result.strip()),
                _("Beschluss: %(decision)s") % {"decision": _end_sentence(item.decision.strip())}
                if item.decision.strip()
                else "",
            ]
            if text
        )
        if said:
            lines.append(f"- {item.title}: {said}")
    return "\n".join(lines)


def _touched(recommendation: Recommendation, start: date, end: date) -> bool:
    return any(start <= step.changed_on <= end for step in recommendation.steps.all())


def _recommendation_line(recommendation: Recommendation) -> str:
    steps = list(recommendation.steps.all())
    documents = [step.document for step in steps if step.document]
    line = _("an %(addressee)s: „%(title)s“ – Stand: %(status)s") % {
        "addressee": recommendation.get_addressee_display(),
        "title": recommendation.title,
        "status": recommendation.get_status_display(),
    }
    reached = [step for step in steps if step.status == recommendation.status]
    if reached:
        line += " " + _("(seit %(day)s)") % {"day": day(reached[-1].changed_on)}
    if documents:
        line += "; " + _("Vorlage: %(documents)s") % {"documents": ", ".join(documents)}
    return line


def reconstruction_section(tenant_id: int, year: int, half: int, until: date) -> str:
    """Released reconstructions of the half-year by theme, with the authors' comments:
    the coordination condenses them into findings."""
    start, end = period(year, half, until)
    released = (
        CaseReconstruction.objects.filter(
            tenant_id=tenant_id,
            status=CaseReconstruction.Status.RELEASED,
            released_at__date__gte=start,
            released_at__date__lte=end,
        )
        .select_related("request")
        .only("comments", "released_at", "request__theme")
        .order_by("request__theme", "released_at")
    )
    by_theme: dict[str, list[str]] = defaultdict(list)
    for reconstruction in released:
        by_theme[reconstruction.request.theme].append(reconstruction.comments.strip())
    if not by_theme:
        return ""
    parts = [f"## {_('Erkenntnisse aus Fallrekonstruktionen')}"]
    for theme, comments in by_theme.items():
        lines = [
            _(
                "Zum Thema „%(theme)s“ haben Fallverantwortliche auf Bitte der Koordination "
                "Fälle anonymisiert rekonstruiert. Ihre Einschätzungen:"
            )
            % {"theme": theme}
        ]
        lines += [f"- {_shorten(comment)}" for comment in comments if comment]
        if len(lines) == 1:
            lines[0] = _(
                "Zum Thema „%(theme)s“ haben Fallverantwortliche auf Bitte der Koordination "
                "Fälle anonymisiert rekonstruiert."
            ) % {"theme": theme}
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def priorities_section(tenant_id: int, year: int, half: int, until: date) -> str:
    """The coordination's priority themes as a numbered list, then the other structural
    issues that moved in the half-year."""
    start, end = period(year, half, until)
    issues = list(
        StructuralIssue.objects.filter(tenant_id=tenant_id, created_at__date__lte=end)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=StructuralIssueStep.objects.filter(changed_on__lte=end).order_by(
                    "changed_at", "id"
                ),
            )
        )
        .order_by("created_at", "id")
    )
    states = {issue.pk: _state_at(issue, end) for issue in issues}
    priorities = [issue for issue in issues if states[issue.pk][0] in PRIORITY]
    parts = []
    if priorities:
        lines = [
            f"## {_('Schwerpunkte der KIM-Koordination')}",
            _("Zu den Schwerpunkten der Koordination zählen:"),
        ]
        for number, issue in enumerate(priorities, start=1):
            status, _since = states[issue.pk]
            extra = IssueStatus(status).label
            if status == IssueStatus.IN_WORK and issue.work:
                extra = _("in Bearbeitung: %(work)s") % {"work": issue.work}
            lines.append(f"{number}. {issue.title} ({extra})")
        parts.append("\n".join(lines))
    moved = [
        issue
        for issue in issues
        if issue not in priorities
        and any(start <= step.changed_on <= end for step in issue.steps.all())
    ]
    if moved:
        lines = [
            f"## {_('Weitere Strukturthemen')}",
            _("Diese Strukturthemen haben sich im Berichtszeitraum bewegt (Stand %(day)s):")
            % {"day": day(end)},
        ]
        for issue in moved:
            status, since = states[issue.pk]
            line = _("%(title)s: %(status)s seit %(day)s") % {
                "title": issue.title,
                "status": IssueStatus(status).label,
                "day": day(since),
            }
            steps = list(issue.steps.all())
            note = steps[-1].note.strip() if steps else ""
            if status in (IssueStatus.DECIDED, IssueStatus.REJECTED) and note:
                line += f" – {_end_sentence(note)}"
            lines.append(f"- {line}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _state_at(issue: StructuralIssue, end: date) -> tuple[str, date]:
    """The issue's status at the end of the half-year and since when."""
    steps = list(issue.steps.all())
    if not steps:
        return issue.status, timezone.localdate(issue.created_at)
    return steps[-1].status, steps[-1].changed_on


def groups_section(tenant_id: int, year: int, half: int, until: date) -> str:
    """Working and project groups with start and state, as of the report's cut-off: the
    active and paused ones, and the ended ones that still met in the half-year."""
    start, end = period(year, half, until)
    groups = list(
        Body.objects.filter(tenant_id=tenant_id, kind__in=GROUP_KINDS)
        .filter(~Q(state=Body.State.ENDED) | Q(meetings__starts_at__date__gte=start))
        .distinct()
        .order_by("started_on", "name")
    )
    if not groups:
        return ""
    lines = [
        f"## {_('Arbeitsgruppen und Projektgruppen (Stand %(day)s)') % {'day': day(end)}}",
    ]
    for group in groups:
        if group.started_on > end:
            when = _("Start geplant %(month)s") % {"month": month(group.started_on)}
        else:
            when = _("gestartet %(month)s") % {"month": month(group.started_on)}
        purpose = _first_sentence(group.purpose)
        line = f"- {group.name} ({group.get_kind_display()}, {when}, {group.get_state_display()})"
        if purpose:
            line += f": {purpose}"
        lines.append(line)
    return "\n".join(lines)


def figures_paragraph(committee: str, figures_year: int, figures_half: int) -> str:
    return "\n\n".join(
        [
            f"## {_('Kennzahlen aus dem Case Management')}",
            _(
                "Die Tabellen in der Anlage zählen für das %(period)s die begleiteten Fälle, "
                "ihre Handlungsfelder und Zielgruppen sowie die Vermittlungen an "
                "Partnerstellen. Sie enthalten keine Angaben zu einzelnen Personen; kleine "
                "Zahlen sind verdeckt."
            )
            % {"period": period_label(figures_year, figures_half)},
            _(
                "Der %(committee)s wird über die Arbeit der Steuerungsgremien und ihre "
                "Ergebnisse weiterhin regelmäßig informiert."
            )
            % {"committee": committee},
        ]
    )


def prefetch_bodies(bodies: list[Body]) -> None:
    """Members, meetings with their agenda items, and recommendations with their steps
    for all steering bodies at once (a fixed number of queries)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        bodies,
        "members",
        Prefetch(
            "meetings",
            queryset=Meeting.objects.prefetch_related(
                Prefetch("items", queryset=AgendaItem.objects.order_by("position", "id"))
            ),
        ),
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.prefetch_related(
                Prefetch("steps", queryset=RecommendationStep.objects.order_by("changed_on", "id"))
            ).order_by("created_at", "id"),
        ),
    )


def _join(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s und %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _end_sentence(text: str) -> str:
    text = " ".join(text.split())
    if text and text[-1] not in '.!?…“"':
        text += "."
    return text


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    for mark in (". ", "! ", "? "):
        if mark in text:
            text = text.split(mark, 1)[0] + mark.strip()
    return text


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= COMMENT_LIMIT:
        return _end_sentence(text)
    cut = text[:COMMENT_LIMIT]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > 0 else cut.rsplit(" ", 1)[0] + " …"

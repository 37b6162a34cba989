"""Case conferences (Fallkonferenzen): documenting them, and the disclosure of case
data to their participants outside the case's unit.

Each such participant receives the conference's data categories: within a valid
consent for the purpose "Fallkonferenz" that covers them (their organisation, a
unit's organisation, or their kind of office), or on the legal mandate the user
states; every one gets a row in the person's disclosure log. A later edit that adds
participants or data categories records what is newly disclosed.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.cases.models import Case
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import StaleEdit
from kim.core.models import Organisation, Unit
from kim.people.models import Consent, Disclosure
from kim.people.selectors import consent_covers, consent_gap
from kim.people.services import record_disclosure
from kim.planning.models import CaseConference, ConferenceParticipant
from kim.planning.services.common import locked_case, not_in_future, require

Kind = ConferenceParticipant.Kind
PURPOSE = Consent.PurposeCategory.CASE_CONFERENCE
NO_LEGAL_BASIS = gettext_lazy(
    "Ohne passende Einwilligung (Zweck „Fallkonferenz“) nur mit Angabe des gesetzlichen "
    "Auftrags der Teilnehmenden."
)


def _participants(case: Case, rows: list[dict]) -> list[ConferenceParticipant]:
    """Participant rows from the form's dicts (kind, unit, organisation, name, role);
    one message naming the row for every problem."""
    participants, errors = [], []
    for index, row in enumerate(rows, start=1):
        kind = row.get("kind") or ""
        unit: Unit | None = row.get("unit") if kind == Kind.UNIT else None
        organisation: Organisation | None = (
            row.get("organisation") if kind == Kind.ORGANISATION else None
        )
        name = (row.get("name") or "").strip()[:200]
        role = (row.get("role") or "").strip()[:200]
        problem = ""
        if kind not in Kind.values:
            problem = _("Bitte die Art der Teilnahme wählen.")
        elif kind == Kind.UNIT and (unit is None or unit.tenant_id != case.tenant_id):
            problem = _("Bitte die Einheit wählen.")
        elif kind == Kind.ORGANISATION and (
            organisation is None or organisation.tenant_id != case.tenant_id
        ):
            problem = _("Bitte die Organisation wählen.")
        elif kind in (Kind.PERSON, Kind.OTHER) and not name:
            problem = _("Bitte den Namen angeben.")
        if problem:
            errors.append(_("Teilnehmende %(n)d: %(problem)s") % {"n": index, "problem": problem})
            continue
        participants.append(
            ConferenceParticipant(
                tenant_id=case.tenant_id,
                kind=kind,
                unit=unit,
                organisation=organisation,
                name=name,
                role=role,
                position=index,
            )
        )
    if errors:
        raise ValidationError({"participants": errors})
    if not participants:
        raise ValidationError(
            {"participants": _("Bitte mindestens eine teilnehmende Stelle angeben.")}
        )
    return participants


def recipient_key(participant: ConferenceParticipant, case: Case) -> str | None:
    """Who receives case data through the participant (None: nobody outside the case's
    unit – the unit itself, the person concerned and relatives)."""
    if participant.kind == Kind.UNIT:
        return None if participant.unit_id == case.unit_id else f"unit:{participant.unit_id}"
    if participant.kind == Kind.ORGANISATION:
        return f"organisation:{participant.organisation_id}"
    if participant.kind == Kind.OTHER:
        return f"label:{participant.label}"
    return None


def _legal_basis(case: Case, participants, categories: list[str], mandate: str, on: date):
    """The consent covering each receiving participant (set on the row); an error naming
    every participant no consent covers when no mandate is stated."""
    gaps = []
    for participant in participants:
        if recipient_key(participant, case) is None:
            continue
        organisation = (
            participant.unit.organisation
            if participant.kind == Kind.UNIT
            else participant.organisation
        )
        if organisation is not None:
            participant.consent = consent_covers(
                person=case.person_id,
                data_categories=categories,
                recipient_organisation=organisation,
                purpose_category=PURPOSE,
                on=on,
            )
            if participant.consent is None:
                gap = consent_gap(
                    person=case.person_id,
                    data_categories=categories,
                    recipient_organisation=organisation,
                    purpose_category=PURPOSE,
                    on=on,
                )
                gaps.append(f"{participant.label}: {gap}")
        else:
            gaps.append(
                _("%(name)s: Eine Einwilligung nennt Organisationen, keine einzelnen Personen.")
                % {"name": participant.label}
            )
    if gaps and not mandate:
        raise ValidationError({"legal_mandate": [*gaps, str(NO_LEGAL_BASIS)]})


def _validate(*, held_on, agenda, data_categories) -> tuple[str, list[str]]:
    errors = {}
    agenda = (agenda or "").strip()
    categories = list(dict.fromkeys(data_categories or []))
    if held_on is None:
        errors["held_on"] = _("Bitte das Datum der Fallkonferenz angeben.")
    if not agenda:
        errors["agenda"] = _("Bitte die Tagesordnung angeben.")
    if not categories:
        errors["data_categories"] = _("Bitte angeben, welche Daten besprochen werden.")
    elif set(categories) - set(Consent.DataCategory.values):
        errors["data_categories"] = _("Unbekannte Art von Daten.")
    if errors:
        raise ValidationError(errors)
    not_in_future(
        "held_on", held_on, _("Eine Fallkonferenz wird dokumentiert, wenn sie stattgefunden hat.")
    )
    return agenda, categories


def _recipient(participant: ConferenceParticipant) -> tuple:
    """(unit, organisation, label) as the disclosure log names the participant."""
    if participant.kind == Kind.UNIT:
        return participant.unit, participant.unit.organisation, ""
    if participant.kind == Kind.ORGANISATION:
        label = ", ".join(part for part in (participant.name, participant.role) if part)
        return None, participant.organisation, label
    return None, None, participant.label


def _disclose(actor: Actor, conference: CaseConference, participants) -> list[int]:
    """A disclosure-log row for every receiving participant, for the data categories not
    disclosed to them by this conference before."""
    case = conference.case
    before: dict[tuple, set[str]] = {}
    for row in Disclosure.objects.filter(
        tenant_id=case.tenant_id, source_type="planning.caseconference", source_id=conference.pk
    ):
        key = (row.recipient_unit_id, row.recipient_organisation_id, row.recipient_label)
        before.setdefault(key, set()).update(row.data_categories)
    written = []
    for participant in participants:
        if recipient_key(participant, case) is None:
            continue
        unit, organisation, label = _recipient(participant)
        key = (unit.pk if unit else None, organisation.pk if organisation else None, label)
        missing = [c for c in conference.data_categories if c not in before.get(key, set())]
        if not missing:
            continue
        row = record_disclosure(
            actor=actor,
            person=case.person,
            kind=Disclosure.Kind.CASE_CONFERENCE,
            purpose=_("Fallkonferenz am %(day)s") % {"day": f"{conference.held_on:%d.%m.%Y}"},
            purpose_category=PURPOSE,
            data_categories=missing,
            recipient_organisation=organisation,
            recipient_unit=unit,
            recipient_label=label,
            consent=participant.consent,
            legal_mandate="" if participant.consent else conference.legal_mandate,
            case=case,
            source=conference,
            unit_id=case.unit_id,
        )
        before.setdefault(key, set()).update(missing)
        written.append(row.pk)
    return written


def _snapshot(conference: CaseConference, participants) -> dict:
    return {
        "held_on": conference.held_on,
        "agenda": conference.agenda,
        "minutes": conference.minutes,
        "data_categories": conference.data_categories,
        "legal_mandate": conference.legal_mandate,
        "participants": [p.label for p in participants],
    }


@transaction.atomic
def conference_create(
    *,
    actor: Actor,
    case: Case,
    held_on: date,
    agenda: str,
    data_categories: list[str],
    participants: list[dict],
    minutes: str = "",
    legal_mandate: str = "",
) -> CaseConference:
    case = locked_case(case.pk)
    require(actor, case, "plan")
    agenda, categories = _validate(held_on=held_on, agenda=agenda, data_categories=data_categories)
    rows = _participants(case, participants)
    mandate = (legal_mandate or "").strip()
    _legal_basis(case, rows, categories, mandate, held_on)
    conference = CaseConference.objects.create(
        tenant_id=case.tenant_id,
        case=case,
        held_on=held_on,
        agenda=agenda,
        minutes=(minutes or "").strip(),
        data_categories=categories,
        legal_mandate=mandate,
        created_by=actor.user,
        updated_by=actor.user,
    )
    for row in rows:
        row.conference = conference
    ConferenceParticipant.objects.bulk_create(rows)
    disclosed = _disclose(actor, conference, rows)
    audit(
        actor=actor,
        action="conference.create",
        obj=conference,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff({}, _snapshot(conference, rows)) | {"disclosures": disclosed},
    )
    return conference


@transaction.atomic
def conference_update(
    *,
    actor: Actor,
    conference: CaseConference,
    version: int,
    held_on: date,
    agenda: str,
    data_categories: list[str],
    participants: list[dict],
    minutes: str = "",
    legal_mandate: str = "",
) -> CaseConference:
    case = locked_case(conference.case_id)
    require(actor, case, "plan")
    current = CaseConference.objects.select_for_update().get(pk=conference.pk, case=case)
    current.case = case
    if current.version != version:
        raise StaleEdit(current)
    agenda, categories = _validate(held_on=held_on, agenda=agenda, data_categories=data_categories)
    rows = _participants(case, participants)
    mandate = (legal_mandate or "").strip()
    _legal_basis(case, rows, categories, mandate, held_on)
    old_rows = list(current.participants.select_related("unit", "organisation"))
    before = _snapshot(current, old_rows)
    current.held_on, current.agenda = held_on, agenda
    current.minutes = (minutes or "").strip()
    current.data_categories, current.legal_mandate = categories, mandate
    current.version += 1
    current.updated_by = actor.user
    current.save()
    current.participants.all().delete()
    for row in rows:
        row.conference = current
    ConferenceParticipant.objects.bulk_create(rows)
    disclosed = _disclose(actor, current, rows)
    audit(
        actor=actor,
        action="conference.update",
        obj=current,
        person_id=case.person_id,
        unit_id=case.unit_id,
        changes=diff(before, _snapshot(current, rows))
        | {"version": [version, current.version], "disclosures": disclosed},
    )
    return current

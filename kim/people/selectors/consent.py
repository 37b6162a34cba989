"""Reads of consents."""

from datetime import date

from django.db.models import QuerySet

from kim.core.actor import Actor
from kim.core.models import Organisation
from kim.people.models import Consent, Person
from kim.people.selectors.common import scoped


def consents_of(actor: Actor, person: Person) -> list[Consent]:
    """All consents of the person, newest first, with their recipients (two queries)."""
    rows = list(
        scoped(Consent, actor)
        .filter(person=person)
        .select_related("unit")
        .prefetch_related("recipient_organisations")
    )
    for row in rows:
        row.person = person
    return rows


def valid_consents(person: Person | int, *, on: date | None = None) -> QuerySet[Consent]:
    """Consents of a person valid on the day: given, not expired, not withdrawn.

    Takes a person the caller has already read through a permission-scoped
    selector (or their id, as the case page has it).
    """
    person_id = person if isinstance(person, int) else person.pk
    return Consent.objects.filter(person_id=person_id).valid_on(on)


def _lasts(consent: Consent):
    """Sort key: open-ended first, then the one valid longest, then the newest."""
    return (consent.valid_until is not None, -(consent.valid_until or date.max).toordinal())


def consent_covers(
    *,
    person: Person | int,
    data_categories: list[str],
    recipient_organisation: Organisation | None = None,
    recipient_kind: str | None = None,
    purpose_category: str | None = None,
    on: date | None = None,
) -> Consent | None:
    """A consent valid on the day that covers all these data for this recipient and purpose.

    The recipient is an organisation (named in the consent, or of a kind the
    consent names) or a kind of office. Without a recipient nothing is covered:
    consent always names its recipients.
    """
    if recipient_organisation is None and not recipient_kind:
        raise ValueError("consent_covers needs a recipient_organisation or a recipient_kind")
    wanted = set(data_categories)
    candidates = valid_consents(person, on=on).prefetch_related("recipient_organisations")
    if purpose_category:
        candidates = candidates.filter(purpose_category=purpose_category)
    matches = [
        consent
        for consent in candidates
        if _covers(consent, wanted, recipient_organisation, recipient_kind)
    ]
    matches.sort(key=lambda c: (_lasts(c), -c.given_on.toordinal(), -c.pk))
    return matches[0] if matches else None


def _covers(consent: Consent, wanted: set[str], recipient_organisation, recipient_kind) -> bool:
    """Whether the consent names these data and this recipient (validity and purpose
    are the caller's)."""
    if not wanted <= set(consent.data_categories):
        return False
    if recipient_organisation is not None:
        named = any(
            o.pk == recipient_organisation.pk for o in consent.recipient_organisations.all()
        )
        if not named and recipient_organisation.kind not in consent.recipient_kinds:
            return False
    return not (recipient_kind and recipient_kind not in consent.recipient_kinds)


def consent_still_covers(
    consent: Consent,
    *,
    data_categories: list[str],
    recipient_organisation: Organisation | None = None,
    recipient_kind: str | None = None,
    purpose_category: str | None = None,
    on: date | None = None,
) -> bool:
    """Whether this one consent, as it stands now, covers the disclosure on the day: what
    a share or referral resting on it asks after the consent was corrected."""
    if not consent.is_valid_on(on):
        return False
    if purpose_category and consent.purpose_category != purpose_category:
        return False
    return _covers(consent, set(data_categories), recipient_organisation, recipient_kind)


def consent_gap(
    *,
    person: Person | int,
    data_categories: list[str],
    recipient_organisation: Organisation | None = None,
    recipient_kind: str | None = None,
    purpose_category: str | None = None,
    on: date | None = None,
) -> str:
    """Why no consent covers this disclosure, in one German sentence for the form.

    Call it when `consent_covers` found nothing: it names the first gap among the
    person's valid consents – none at all, none for this recipient, none for this
    purpose, or the data categories the closest one lacks.
    """
    from django.utils.translation import gettext as _

    from kim.people.models import Consent

    valid = list(valid_consents(person, on=on).prefetch_related("recipient_organisations"))
    if not valid:
        return _("Für diese Person liegt an diesem Tag keine gültige Einwilligung vor.")
    kind = recipient_kind or (recipient_organisation.kind if recipient_organisation else None)
    for_recipient = [
        c
        for c in valid
        if (
            recipient_organisation is not None
            and any(o.pk == recipient_organisation.pk for o in c.recipient_organisations.all())
        )
        or (kind and kind in c.recipient_kinds)
    ]
    if recipient_organisation is not None:
        name = str(recipient_organisation)
    else:
        name = str(dict(Organisation.Kind.choices).get(recipient_kind, recipient_kind))
    if not for_recipient:
        return _("Keine gültige Einwilligung nennt „%(name)s“ als Empfänger.") % {"name": name}
    for_purpose = [
        c for c in for_recipient if not purpose_category or c.purpose_category == purpose_category
    ]
    if not for_purpose:
        purpose = dict(Consent.PurposeCategory.choices).get(purpose_category, purpose_category)
        return _("Die Einwilligungen für „%(name)s“ decken den Zweck „%(purpose)s“ nicht ab.") % {
            "name": name,
            "purpose": purpose,
        }
    labels = dict(Consent.DataCategory.choices)
    missing = min(
        ([code for code in data_categories if code not in c.data_categories] for c in for_purpose),
        key=len,
    )
    return _("Die Einwilligung umfasst diese Daten nicht: %(missing)s.") % {
        "missing": ", ".join(str(labels.get(code, code)) for code in missing)
    }

"""Writes of consents. A consent names data, recipients and purpose; blanket consent is invalid."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit, diff
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.models import Organisation
from kim.people.catalogues import LANGUAGE_NAMES
from kim.people.consent_hooks import run_consent_corrected
from kim.people.models import Consent, Person
from kim.people.services.common import acting_unit, not_in_future, require_on_person
from kim.people.uploads import check_document

NO_DATA_CATEGORY = gettext_lazy(
    "Bitte mindestens eine Art von Daten auswählen. Eine pauschale Einwilligung "
    "für alle Daten ist unwirksam."
)
NO_RECIPIENT = gettext_lazy(
    "Bitte mindestens eine empfangende Organisation oder Art von Stelle angeben. "
    "Eine Einwilligung ohne Empfänger ist unwirksam."
)

CONSENT_FIELDS = [
    "data_categories",
    "recipient_kinds",
    "purpose",
    "purpose_category",
    "given_on",
    "language",
    "form",
    "valid_until",
]


def _snapshot(consent: Consent, organisations=None) -> dict:
    data = {name: getattr(consent, name) for name in CONSENT_FIELDS}
    if organisations is None:
        organisations = consent.recipient_organisations.all()
    data["recipient_organisations"] = sorted(o.pk for o in organisations)
    data["document"] = consent.document_type or None
    return data


def _validate(
    *,
    actor: Actor,
    data_categories,
    recipient_organisations,
    recipient_kinds,
    purpose: str,
    purpose_category: str,
    given_on: date,
    language: str,
    form: str,
    valid_until: date | None,
) -> tuple[dict, list[Organisation]]:
    errors: dict[str, str] = {}
    categories = list(dict.fromkeys(data_categories or []))
    kinds = list(dict.fromkeys(recipient_kinds or []))
    organisations = list(recipient_organisations or [])
    if not categories:
        errors["data_categories"] = str(NO_DATA_CATEGORY)
    elif set(categories) - set(Consent.DataCategory.values):
        errors["data_categories"] = _("Unbekannte Art von Daten.")
    if not organisations and not kinds:
        errors["recipient_organisations"] = str(NO_RECIPIENT)
    if set(kinds) - set(Organisation.Kind.values):
        errors["recipient_kinds"] = _("Unbekannte Art von Stelle.")
    if any(o.tenant_id != actor.tenant_id for o in organisations):
        errors["recipient_organisations"] = _("Unbekannte Organisation.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Bitte den Zweck angeben, für den die Daten weitergegeben werden.")
    if purpose_category not in Consent.PurposeCategory.values:
        errors["purpose_category"] = _("Bitte die Art des Zwecks auswählen.")
    if form not in Consent.Form.values:
        errors["form"] = _("Bitte die Form der Einwilligung auswählen.")
    if language and language not in LANGUAGE_NAMES:
        errors["language"] = _("Unbekannte Sprache.")
    if given_on is None:
        errors["given_on"] = _("Bitte das Datum der Einwilligung angeben.")
    elif given_on > timezone.localdate():
        errors["given_on"] = _("Das Datum liegt in der Zukunft.")
    elif valid_until is not None and valid_until < given_on:
        errors["valid_until"] = _("Das Ende liegt vor dem Datum der Einwilligung.")
    if errors:
        raise ValidationError(errors)
    return {
        "data_categories": categories,
        "recipient_kinds": kinds,
        "purpose": purpose.strip(),
        "purpose_category": purpose_category,
        "given_on": given_on,
        "language": language or "",
        "form": form,
        "valid_until": valid_until,
    }, organisations


def _store_document(consent: Consent, document) -> None:
    """Check the upload by its content and write it to the document storage."""
    try:
        kind = check_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from error
    consent.document_type = kind
    consent.document_size = document.size
    consent.document.save(document.name, document, save=False)


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    data_categories: list[str],
    purpose: str,
    purpose_category: str,
    given_on: date,
    form: str,
    recipient_organisations: list[Organisation] | None = None,
    recipient_kinds: list[str] | None = None,
    language: str = "",
    valid_until: date | None = None,
    document=None,
) -> Consent:
    require_on_person(actor, person, "change")
    values, organisations = _validate(
        actor=actor,
        data_categories=data_categories,
        recipient_organisations=recipient_organisations,
        recipient_kinds=recipient_kinds,
        purpose=purpose,
        purpose_category=purpose_category,
        given_on=given_on,
        language=language,
        form=form,
        valid_until=valid_until,
    )
    consent = Consent(
        tenant_id=person.tenant_id,
        person=person,
        unit_id=acting_unit(actor, person),
        created_by=actor.user,
        **values,
    )
    if document is not None:
        _store_document(consent, document)
    try:
        consent.save()
        consent.recipient_organisations.set(organisations)
        audit(
            actor=actor,
            action="consent.record",
            obj=consent,
            person_id=person.pk,
            unit_id=consent.unit_id,
            changes=diff({}, _snapshot(consent, organisations)),
        )
    except BaseException:
        if consent.document:
            consent.document.storage.delete(consent.document.name)
        raise
    return consent


@transaction.atomic
def consent_update(
    *,
    actor: Actor,
    consent: Consent,
    version: int,
    data_categories: list[str],
    purpose: str,
    purpose_category: str,
    given_on: date,
    form: str,
    recipient_organisations: list[Organisation] | None = None,
    recipient_kinds: list[str] | None = None,
    language: str = "",
    valid_until: date | None = None,
    document=None,
) -> Consent:
    """Correct a consent that has not been withdrawn; a new scan replaces the old one."""
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    current.person = consent.person
    if not abilities(actor, current)["change"]:
        if current.withdrawn_on is not None and abilities(actor, current)["view"]:
            raise ValidationError(_("Eine widerrufene Einwilligung kann nicht geändert werden."))
        raise NotAllowed
    if current.version != version:
        raise StaleEdit(current)
    values, organisations = _validate(
        actor=actor,
        data_categories=data_categories,
        recipient_organisations=recipient_organisations,
        recipient_kinds=recipient_kinds,
        purpose=purpose,
        purpose_category=purpose_category,
        given_on=given_on,
        language=language,
        form=form,
        valid_until=valid_until,
    )
    before = _snapshot(current)
    old_document = current.document.name if current.document else None
    for name, value in values.items():
        setattr(current, name, value)
    if document is not None:
        _store_document(current, document)
    try:
        current.version += 1
        current.save()
        current.recipient_organisations.set(organisations)
        audit(
            actor=actor,
            action="consent.update",
            obj=current,
            person_id=current.person_id,
            unit_id=acting_unit(actor, consent.person),
            changes=diff(before, _snapshot(current, organisations))
            | {"version": [version, current.version]},
        )
        run_consent_corrected(actor=actor, consent=current)
    except BaseException:
        if document is not None and current.document:
            current.document.storage.delete(current.document.name)
        raise
    if document is not None and old_document:
        storage = current.document.storage
        transaction.on_commit(lambda: storage.delete(old_document))
    return current


@transaction.atomic
def consent_withdraw(
    *, actor: Actor, consent: Consent, on: date | None = None, note: str = ""
) -> Consent:
    """Withdrawal takes effect at once: from `on` (today by default) the consent is invalid.

    No version check: a withdrawal must never fail because someone edited the
    consent a moment earlier.
    """
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    current.person = consent.person
    if not abilities(actor, current)["view"]:
        raise NotAllowed
    if current.withdrawn_on is not None:
        raise ValidationError(
            {
                "on": _("Diese Einwilligung wurde bereits am %(day)s widerrufen.")
                % {"day": f"{current.withdrawn_on:%d.%m.%Y}"}
            }
        )
    if not abilities(actor, current)["withdraw"]:
        raise NotAllowed
    on = on or timezone.localdate()
    not_in_future(on, "on")
    if on < current.given_on:
        raise ValidationError({"on": _("Der Widerruf liegt vor dem Datum der Einwilligung.")})
    before = _snapshot(current)
    current.withdrawn_on = on
    current.withdrawal_note = note.strip()
    current.withdrawn_by = actor.user
    current.version += 1
    current.save()
    audit(
        actor=actor,
        action="consent.withdraw",
        obj=current,
        person_id=current.person_id,
        unit_id=acting_unit(actor, consent.person),
        changes=diff(before, _snapshot(current)) | {"withdrawn_on": [None, on.isoformat()]},
        reason=current.withdrawal_note,
    )
    return current

"""Writes of documents: upload and delete, each audited in the same transaction."""

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case
from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.permissions import CASE_VIEW, PERSON_CHANGE
from kim.documents.abilities import may_upload_to_case, may_upload_to_person
from kim.documents.models import CONTENT_TYPES, Document
from kim.people.models import Person, PersonUnit
from kim.people.uploads import check_document

DESCRIPTION_MAX = 300
REASON_MAX = 500


def _checked(upload) -> tuple[str, str]:
    """The detected content type and the SHA-256 of an upload, or a ValidationError on `file`."""
    try:
        kind = check_document(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CONTENT_TYPES[kind], digest.hexdigest()


def _clean_name(name: str) -> str:
    # Only the last part: some browsers send a whole client path.
    return Path((name or "").replace("\\", "/")).name[:255]


def _acting_unit(actor: Actor, person: Person, case: Case | None) -> int | None:
    if case is not None:
        return case.unit_id
    holding = getattr(person, "_holding_units", None)
    if holding is None:
        holding = set(PersonUnit.objects.filter(person=person).values_list("unit_id", flat=True))
    shared = sorted(actor.units(PERSON_CHANGE) & holding)
    return shared[0] if shared else actor.primary_unit_id


@transaction.atomic
def document_upload(
    *,
    actor: Actor,
    kind: str,
    description: str,
    upload,
    person: Person | None = None,
    case: Case | None = None,
) -> Document:
    """Store an uploaded file for a person, or for a case (and so for its person).

    The content decides the type (PDF, JPEG or PNG, at most 10 MB); the file
    goes to the document storage under a random name.
    """
    if (person is None) == (case is None):
        raise TypeError("document_upload needs either a person or a case")
    if case is not None:
        if not may_upload_to_case(actor, case):
            if case.is_closed and actor.can_in_unit(CASE_VIEW, case.unit_id):
                raise ValidationError(
                    _("Der Fall ist abgeschlossen. Dokumente können nur noch gelesen werden.")
                )
            raise NotAllowed
        person = case.person
    elif not may_upload_to_person(actor, person):
        raise NotAllowed
    errors = {}
    if kind not in Document.Kind.values:
        errors["kind"] = _("Bitte die Art des Dokuments auswählen.")
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Bitte kurz beschreiben, was das Dokument ist.")
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Die Beschreibung ist zu lang (höchstens 300 Zeichen).")
    try:
        content_type, sha256 = _checked(upload)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    document = Document(
        tenant_id=person.tenant_id,
        person=person,
        case=case,
        unit_id=_acting_unit(actor, person, case),
        kind=kind,
        description=description,
        original_name=_clean_name(upload.name),
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=actor.user,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        document.save()
        audit(
            actor=actor,
            action="document.upload",
            obj=document,
            person_id=person.pk,
            unit_id=document.unit_id,
            changes={
                "case": case.pk if case else None,
                "kind": kind,
                "description": description,
                "content_type": content_type,
                "size": document.size,
                "sha256": sha256,
            },
        )
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, actor: Actor, document: Document, reason: str) -> Document:
    """Remove the file (it is personal data) and keep the row with who, when and why.

    The file goes once the deletion is committed, so a failed transaction
    never leaves a row that points to nothing.
    """
    current = Document.objects.select_for_update().get(pk=document.pk)
    current.person, current.case = document.person, document.case
    can = abilities(actor, current)
    if not can["view"]:
        raise NotAllowed
    if current.deleted_at is not None:
        raise ValidationError(
            _("Dieses Dokument wurde bereits am %(day)s gelöscht.")
            % {"day": f"{timezone.localtime(current.deleted_at):%d.%m.%Y}"}
        )
    if not can["delete"]:
        raise NotAllowed
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Bitte den Grund der Löschung angeben.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Der Grund ist zu lang (höchstens 500 Zeichen).")})
    stored, storage = current.file.name, current.file.storage
    current.file = ""
    current.deleted_at = timezone.now()
    current.deleted_by = actor.user
    current.deletion_reason = reason
    current.save(update_fields=["file", "deleted_at", "deleted_by", "deletion_reason"])
    audit(
        actor=actor,
        action="document.delete",
        obj=current,
        person_id=current.person_id,
        unit_id=current.unit_id,
        changes={
            "kind": current.kind,
            "description": current.description,
            "sha256": current.sha256,
        },
        reason=reason,
    )
    transaction.on_commit(lambda: storage.delete(stored))
    return current

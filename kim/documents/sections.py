"""The documents sections of the person page and the case page.

Each section costs the same few queries however many documents there are:
one for the rows (uploader and case joined), the person's holding units at
most once, and one audit event naming the documents shown.
"""

from kim.cases.abilities import case_access, case_parts_visible
from kim.cases.models import Case
from kim.cases.parts import Part
from kim.core.abilities import abilities
from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.slots import CASE_DETAIL, CASE_TAB_FILE, PERSON_DETAIL, Section, register
from kim.documents.abilities import may_upload_to_case, may_upload_to_person
from kim.documents.selectors import documents_of_case, documents_of_person
from kim.people.models import Person


def _with_abilities(actor: Actor, documents) -> list:
    for document in documents:
        document.can = abilities(actor, document)
    return documents


@register(PERSON_DETAIL)
def person_documents_section(actor: Actor, person: Person) -> Section | None:
    on_person = abilities(actor, person)
    if not on_person["view"]:
        return None
    documents = _with_abilities(actor, documents_of_person(actor, person))
    if documents:
        audit(
            actor=actor,
            action="document.list",
            obj=person,
            person_id=person.pk,
            changes={"ids": [d.pk for d in documents]},
        )
    return Section(
        "documents/person_section.html",
        45,
        {
            "person": person,
            "documents": documents,
            "can_upload": may_upload_to_person(actor, person),
        },
    )


@register(CASE_DETAIL, tab=CASE_TAB_FILE)
def case_documents_section(actor: Actor, case: Case) -> Section | None:
    if Part.DOCUMENTS not in case_parts_visible(actor, case):
        return None
    documents = _with_abilities(actor, documents_of_case(actor, case))
    if documents:
        access = case_access(actor, case)
        audit(
            actor=actor,
            action="document.list",
            obj=case,
            person_id=case.person_id,
            changes={"ids": [d.pk for d in documents], **access.audit_changes()},
        )
    return Section(
        "documents/case_section.html",
        40,
        {
            "case": case,
            "documents": documents,
            "can_upload": may_upload_to_case(actor, case),
            # The person page is the case's own unit's: not linked for a share's receivers.
            "own_unit": not case_access(actor, case).is_outside,
        },
    )

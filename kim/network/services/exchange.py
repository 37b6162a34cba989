"""Carrying out a directory import: everything or nothing, in one transaction.

The file is checked again right before writing (someone may have changed the
directory since the preview); any problem then aborts without a change. Each
organisation and service is written through its own service function, so it
gets the same checks and its own audit event; one `directory.import` event
sums the import up.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.network.abilities import may_manage_directory
from kim.network.exchange.columns import ORGANISATION, SERVICE
from kim.network.exchange.plan import (
    CREATE,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    Issue,
    build_plan,
)
from kim.network.models import OrganisationProfile, Service
from kim.network.services.directory import (
    PROFILE_FIELDS,
    SERVICE_FIELDS,
    SERVICE_RELATIONS,
    organisation_create,
    organisation_update,
    service_archive,
    service_create,
    service_restore,
    service_update,
)


class ImportRefused(Exception):
    """The file no longer passes the check; nothing was written."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        super().__init__(_("Die Datei enthält Fehler; es wurde nichts importiert."))


def _version(service: Service) -> int:
    return Service.objects.values_list("version", flat=True).get(pk=service.pk)


@transaction.atomic
def directory_import(*, actor: Actor, content: bytes, filename: str = "") -> ImportPlan:
    """Import a checked file. Raises ImportRefused (nothing written) when it has problems."""
    if actor.tenant_id is None or not may_manage_directory(actor):
        raise NotAllowed
    plan = build_plan(actor, content, filename=filename)
    if not plan.ok:
        raise ImportRefused(plan)
    organisations = {}
    for step in plan.organisations:
        profile = {name: step.data[name] for name in PROFILE_FIELDS}
        if step.action == CREATE:
            organisations[step.name.casefold()] = organisation_create(
                actor=actor, name=step.data["name"], kind=step.data["kind"], **profile
            )
            continue
        organisation = step.existing
        if step.action == UPDATE:
            version = (
                OrganisationProfile.objects.filter(organisation=organisation)
                .values_list("version", flat=True)
                .first()
            ) or 1
            organisation = organisation_update(
                actor=actor,
                organisation=organisation,
                version=version,
                name=step.data["name"],
                kind=step.data["kind"],
                **profile,
            )
        organisations[step.name.casefold()] = organisation
    created, updated = [], []
    try:
        for step in plan.services:
            if step.action == UNCHANGED:
                continue
            data = {name: step.data[name] for name in [*SERVICE_FIELDS, *SERVICE_RELATIONS]}
            organisation = organisations[step.organisation.name.casefold()]
            if step.action == CREATE:
                service = service_create(actor=actor, organisation=organisation, **data)
                created.append(service.pk)
                if step.archived:
                    service_archive(actor=actor, service=service, version=service.version)
                continue
            service = step.existing
            if service.archived_at is not None and not step.archived:
                service = service_restore(actor=actor, service=service, version=_version(service))
            if service.archived_at is None:
                service = service_update(
                    actor=actor, service=service, version=_version(service), **data
                )
            if step.archived and service.archived_at is None:
                service_archive(actor=actor, service=service, version=_version(service))
            updated.append(service.pk)
    except ValidationError as error:  # changed since the check: refuse the whole file
        plan.issues.extend(Issue(step.row, "", message) for message in error.messages)
        raise ImportRefused(plan) from error
    audit(
        actor=actor,
        action="directory.import",
        changes={
            "file": filename[:200],
            "format": plan.file_format,
            "rows": plan.rows,
            "organisations": {
                "created": plan.count(ORGANISATION, CREATE),
                "updated": plan.count(ORGANISATION, UPDATE),
            },
            "services": {"created": created, "updated": updated},
            "unchanged": plan.count(SERVICE, UNCHANGED),
        },
    )
    return plan

"""What an actor may do with the directory.

The directory holds no personal data: every user of a tenant reads it (and
nothing of another tenant). Writing it – services, organisations'
directory details, responsibilities, imports – needs DIRECTORY_MANAGE (the
KIM coordination by default), in any of the actor's units: the directory
belongs to the tenant, not to a unit.
"""

from kim.core.abilities import register
from kim.core.actor import Actor
from kim.core.models import Organisation
from kim.core.permissions import DIRECTORY_MANAGE
from kim.network.models import Responsibility, Service, profile_of


def may_read_directory(actor: Actor) -> bool:
    return actor.is_authenticated and actor.tenant_id is not None


def may_manage_directory(actor: Actor) -> bool:
    return may_read_directory(actor) and actor.has(DIRECTORY_MANAGE)


@register(Service)
def service_abilities(actor: Actor, service: Service) -> dict[str, bool]:
    view = may_read_directory(actor)
    manage = may_manage_directory(actor)
    live = service.archived_at is None
    return {
        "view": view,
        "change": manage and live,
        "review": manage and live,
        "archive": manage and live,
        "restore": manage and not live,
    }


def organisation_abilities(actor: Actor, organisation: Organisation) -> dict[str, bool]:
    """Organisations are core's model; the directory decides what may be done with them here."""
    same_tenant = actor.tenant_id is not None and organisation.tenant_id == actor.tenant_id
    view = same_tenant and may_read_directory(actor)
    manage = same_tenant and may_manage_directory(actor)
    profile = profile_of(organisation)
    archived = profile is not None and profile.archived_at is not None
    return {
        "view": view,
        "change": manage and not archived,
        "add_service": manage and not archived,
        "archive": manage and not archived,
        "restore": manage and archived,
    }


@register(Responsibility)
def responsibility_abilities(actor: Actor, responsibility: Responsibility) -> dict[str, bool]:
    manage = may_manage_directory(actor)
    return {"view": may_read_directory(actor), "change": manage, "delete": manage}

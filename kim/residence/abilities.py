"""Who may run eligibility pre-checks: whoever works with persons in a tenant (case
management, the foreigners' and naturalisation authority, team leads). A check on a
facts document touches no stored data; a check on a person needs the person."""

from kim.core.actor import Actor
from kim.core.permissions import PERSON_VIEW


def may_precheck(actor: Actor) -> bool:
    return actor.tenant_id is not None and actor.has(PERSON_VIEW)

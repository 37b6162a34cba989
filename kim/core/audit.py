"""Writing the audit trail. Every read and write of personal data calls `audit`."""

import contextvars
from dataclasses import dataclass

from kim.core.actor import Actor
from kim.core.models import AuditEvent


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None
    channel: str  # "web" or "api"


_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "kim_request_context", default=None
)


def set_request_context(ctx: RequestContext | None):
    return _request_context.set(ctx)


def reset_request_context(token) -> None:
    _request_context.reset(token)


def audit(
    *,
    actor: Actor,
    action: str,
    obj=None,
    person_id: int | None = None,
    unit_id: int | None = None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event.

    `unit_id` is the unit in whose name the actor acted; when not given it is
    the object's owning unit if the actor belongs to it, else the actor's
    primary unit.
    """
    if unit_id is None:
        owner = getattr(obj, "unit_id", None) or getattr(obj, "owner_unit_id", None)
        unit_id = owner if owner in actor.unit_ids else actor.primary_unit_id
    ctx = _request_context.get()
    user = actor.user
    return AuditEvent.objects.create(
        tenant_id=actor.tenant_id,
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=getattr(user, "username", "") or "",
        unit_id=unit_id,
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        person_id=person_id,
        reason=reason[:500],
        changes=changes or {},
        channel=ctx.channel if ctx else "system",
        ip_address=ctx.ip_address if ctx else None,
    )


def diff(before: dict, after: dict) -> dict:
    """The fields that changed, as {field: [old, new]}, JSON-safe."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    return str(value)

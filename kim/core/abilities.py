"""`abilities(user, obj)`: what a user may do with an object, computed once.

Each app registers the function for its models. Views, templates and the API
use the resulting dict, and tests assert it whole.
"""

from collections.abc import Callable

from kim.core.actor import Actor, get_actor

_REGISTRY: dict[type, Callable[[Actor, object], dict[str, bool]]] = {}


def register(model: type):
    def decorator(func):
        _REGISTRY[model] = func
        return func

    return decorator


def abilities(user_or_actor, obj) -> dict[str, bool]:
    actor = user_or_actor if isinstance(user_or_actor, Actor) else get_actor(user_or_actor)
    func = _REGISTRY.get(type(obj))
    if func is None:
        raise LookupError(f"No abilities registered for {type(obj).__name__}")
    if actor.tenant_id is None or getattr(obj, "tenant_id", None) != actor.tenant_id:
        return dict.fromkeys(func(actor, obj), False)
    return func(actor, obj)

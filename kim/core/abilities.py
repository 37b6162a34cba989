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


# Parts of an object an actor may read (e.g. the shared parts of a case). The
# owning app registers the function, so that apps which may not import it (people
# on the case page) can still ask.
_PARTS: dict[type, Callable[[Actor, object], frozenset[str]]] = {}


def register_parts(model: type):
    def decorator(func):
        _PARTS[model] = func
        return func

    return decorator


def visible_parts(user_or_actor, obj) -> frozenset[str]:
    actor = user_or_actor if isinstance(user_or_actor, Actor) else get_actor(user_or_actor)
    func = _PARTS.get(type(obj))
    if func is None:
        raise LookupError(f"No visible parts registered for {type(obj).__name__}")
    if actor.tenant_id is None or getattr(obj, "tenant_id", None) != actor.tenant_id:
        return frozenset()
    return func(actor, obj)

"""The acting user with their tenant and the units each permission covers.

Computed once per request (one query) and used by every selector and
`abilities` function, so that permission checks are set lookups.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    user: object
    tenant_id: int | None
    units_by_permission: dict[str, frozenset[int]] = field(default_factory=dict)
    unit_ids: frozenset[int] = frozenset()
    unit_names: dict[int, str] = field(default_factory=dict)
    role_names: tuple[str, ...] = ()

    def units(self, permission: str) -> frozenset[int]:
        return self.units_by_permission.get(permission, frozenset())

    def has(self, permission: str) -> bool:
        return bool(self.units(permission))

    def can_in_unit(self, permission: str, unit_id: int | None) -> bool:
        return unit_id is not None and unit_id in self.units(permission)

    @property
    def primary_unit_id(self) -> int | None:
        return min(self.unit_ids) if self.unit_ids else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated


ANONYMOUS = Actor(user=None, tenant_id=None)


def get_actor(user) -> Actor:
    """The Actor for a user, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_kim_actor", None)
    if cached is not None:
        return cached
    from kim.accounts.models import Membership

    by_permission: dict[str, set[int]] = {}
    unit_ids: set[int] = set()
    unit_names: dict[int, str] = {}
    role_names: list[str] = []
    memberships = (
        Membership.objects.filter(user=user, tenant_id=user.tenant_id, unit__active=True)
        .select_related("unit", "role")
        .order_by("unit__name")
    )
    for membership in memberships:
        unit_ids.add(membership.unit_id)
        unit_names[membership.unit_id] = membership.unit.name
        name = membership.role.label
        if name not in role_names:
            role_names.append(name)
        for code in membership.role.permissions:
            by_permission.setdefault(code, set()).add(membership.unit_id)
    actor = Actor(
        user=user,
        tenant_id=user.tenant_id,
        units_by_permission={code: frozenset(ids) for code, ids in by_permission.items()},
        unit_ids=frozenset(unit_ids),
        unit_names=unit_names,
        role_names=tuple(role_names),
    )
    user._kim_actor = actor
    return actor

"""Reads for the administration pages and the profile page.

Administration reads only its own tenant's configuration: users, units,
places and catalogues. Nothing here touches persons or cases.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from kim.accounts.models import ApiToken, Membership, Role, User
from kim.core.actor import Actor
from kim.core.catalogues import Catalogue
from kim.core.models import District, Organisation, Town, Unit
from kim.core.permissions import ADMIN_CONFIGURE


def _tenant_of_admin(actor: Actor) -> int | None:
    """The tenant the actor administers, or None if they administer nothing."""
    if actor.tenant_id is None or not actor.has(ADMIN_CONFIGURE):
        return None
    return actor.tenant_id


def tenant_users(actor: Actor) -> QuerySet[User]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return User.objects.none()
    return User.objects.filter(tenant_id=tenant_id)


def _memberships_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("unit", "role").order_by(
            "unit__name", "role__name"
        ),
    )


def user_list(
    actor: Actor,
    *,
    unit_id: int | None = None,
    role_id: int | None = None,
    query: str = "",
    active: bool | None = None,
) -> QuerySet[User]:
    """The tenant's users with their memberships: three queries for any page size."""
    users = tenant_users(actor)
    if unit_id or role_id:
        # Unit and role must match in the same membership.
        memberships = Membership.objects.filter(user_id=OuterRef("pk"))
        if unit_id:
            memberships = memberships.filter(unit_id=unit_id)
        if role_id:
            memberships = memberships.filter(role_id=role_id)
        users = users.filter(Exists(memberships))
    for word in query.split()[:5]:
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    if active is not None:
        users = users.filter(is_active=active)
    return users.prefetch_related(_memberships_prefetch()).order_by(
        "last_name", "first_name", "username"
    )


def user_detail(actor: Actor, pk: int) -> User | None:
    return tenant_users(actor).prefetch_related(_memberships_prefetch()).filter(pk=pk).first()


def tenant_units(actor: Actor) -> QuerySet[Unit]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(tenant_id=tenant_id).select_related("organisation", "town")


def organisations_with_units(actor: Actor) -> QuerySet[Organisation]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return Organisation.objects.none()
    units = (
        Unit.objects.filter(tenant_id=tenant_id)
        .select_related("town")
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("name")
    )
    return (
        Organisation.objects.filter(tenant_id=tenant_id)
        .prefetch_related(Prefetch("units", queryset=units))
        .order_by("name")
    )


def tenant_organisations(actor: Actor) -> QuerySet[Organisation]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(tenant_id=tenant_id)


def tenant_towns(actor: Actor) -> QuerySet[Town]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return Town.objects.none()
    return Town.objects.filter(tenant_id=tenant_id)


def tenant_districts(actor: Actor) -> QuerySet[District]:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return District.objects.none()
    return District.objects.filter(tenant_id=tenant_id).select_related("town")


def towns_with_districts(actor: Actor) -> QuerySet[Town]:
    return tenant_towns(actor).prefetch_related("districts").order_by("name")


def catalogue_entries(actor: Actor, catalogue: Catalogue) -> QuerySet:
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return catalogue.model.objects.none()
    return catalogue.model.objects.filter(tenant_id=tenant_id).order_by("position", "name", "id")


def roles_with_member_counts(actor: Actor) -> list[Role]:
    """All roles (they are shared data) with how often each is held in the actor's tenant."""
    tenant_id = _tenant_of_admin(actor)
    if tenant_id is None:
        return []
    counts = dict(
        Membership.objects.filter(tenant_id=tenant_id)
        .values("role_id")
        .annotate(n=Count("id"))
        .values_list("role_id", "n")
    )
    roles = list(Role.objects.order_by("name"))
    for role in roles:
        role.member_count = counts.get(role.pk, 0)
    return roles


def own_memberships(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, tenant_id=user.tenant_id)
        .select_related("unit__organisation", "role")
        .order_by("unit__name", "role__name")
    )


def own_tokens(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")

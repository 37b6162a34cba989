"""The administration's section of the start page."""

from django.db.models import Count, Q

from kim.accounts.models import User
from kim.core.actor import Actor
from kim.core.catalogues import catalogues
from kim.core.models import Unit
from kim.core.permissions import ADMIN_CONFIGURE
from kim.core.slots import START, Section, register


@register(START)
def admin_section(actor: Actor, obj=None) -> Section | None:
    if not actor.has(ADMIN_CONFIGURE) or actor.tenant_id is None:
        return None
    users = User.objects.filter(tenant_id=actor.tenant_id).aggregate(
        active_count=Count("id", filter=Q(is_active=True)),
        inactive_count=Count("id", filter=Q(is_active=False)),
    )
    units = Unit.objects.filter(tenant_id=actor.tenant_id).aggregate(
        active_count=Count("id", filter=Q(active=True)),
        inactive_count=Count("id", filter=Q(active=False)),
    )
    return Section(
        "accounts/start_admin.html",
        90,
        {"users": users, "units": units, "catalogues": catalogues()},
    )

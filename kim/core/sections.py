from datetime import timedelta

from django.utils import timezone

from kim.core.actor import Actor
from kim.core.models import AuditEvent
from kim.core.permissions import AUDIT_VIEW
from kim.core.slots import START, Section, register


@register(START)
def audit_section(actor: Actor, obj=None) -> Section | None:
    if not actor.has(AUDIT_VIEW):
        return None
    since = timezone.now() - timedelta(days=1)
    count = AuditEvent.objects.filter(tenant_id=actor.tenant_id, at__gte=since).count()
    return Section("core/start_audit.html", 80, {"audit_last_day": count})

"""Background work: e-mail reminders about due follow-ups.

The e-mail carries counts and a link, never names or case data: personal data
does not leave the platform by mail.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kim.followups.models import FollowUp


@task()
def send_followup_reminders(tenant_id: int, today: str) -> int:
    """Send each opted-in user of the tenant one reminder; returns the number sent."""
    day = date.fromisoformat(today)
    counts = (
        FollowUp.objects.filter(tenant_id=tenant_id, done_on__isnull=True, due_on__lte=day)
        .values("assignee_id")
        .annotate(due=Count("id"), overdue=Count("id", filter=Q(due_on__lt=day)))
    )
    by_user = {row["assignee_id"]: row for row in counts}
    users = (
        get_user_model()
        .objects.filter(
            pk__in=by_user, tenant_id=tenant_id, is_active=True, followup_reminders=True
        )
        .exclude(email="")
    )
    sent = 0
    link = settings.BASE_URL + reverse("followups:mine")
    with translation.override("de"):
        for user in users:
            row = by_user[user.pk]
            body = _(
                "Guten Tag,\n\nSie haben %(due)s fällige Wiedervorlagen, davon %(overdue)s überfällig.\n"
                "Zur Übersicht: %(link)s\n\nDiese Erinnerung können Sie in Ihrem Profil abbestellen."
            ) % {"due": row["due"], "overdue": row["overdue"], "link": link}
            send_mail(_("KIM-Plattform: fällige Wiedervorlagen"), body, None, [user.email])
            sent += 1
    return sent

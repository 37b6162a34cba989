"""A closure check: a case with open referrals is not closed.

A referral still open (draft, sent, accepted, in progress) means a partner may be
working with the person or holding their data through a link; closing the case
would leave it without anyone to follow up. The case manager completes or
cancels each one first (cancelling revokes its partner links).
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kim.network.models import Referral
from kim.network.referral_states import FINAL


def open_referrals(case) -> list[str]:
    """German sentences naming the case's open referrals, or [] (one query)."""
    rows = list(
        Referral.objects.filter(tenant_id=case.tenant_id, case_id=case.pk)
        .exclude(status__in=FINAL)
        .select_related("service")
        .order_by("created_at", "id")
    )
    if not rows:
        return []
    names = ", ".join(
        _("%(reference)s an „%(service)s“ (%(status)s)")
        % {
            "reference": row.reference,
            "service": row.service.name,
            "status": row.get_status_display(),
        }
        for row in rows
    )
    return [
        ngettext(
            "Eine Vermittlung ist noch offen: %(referrals)s. Schließen Sie sie ab oder brechen Sie sie ab (Reiter „Netzwerk“).",
            "%(count)s Vermittlungen sind noch offen: %(referrals)s. Schließen Sie sie ab oder brechen Sie sie ab (Reiter „Netzwerk“).",
            len(rows),
        )
        % {"count": len(rows), "referrals": names}
    ]

"""Every write to cases goes through these functions (one module per part of the process)."""

from kim.cases.services.case import case_open, case_update
from kim.cases.services.contact import CONTACT_FIELDS, contact_record, contact_update
from kim.cases.services.handover import (
    handover_accept,
    handover_decline,
    handover_request,
    handover_withdraw,
)
from kim.cases.services.lifecycle import (
    case_change_phase,
    case_close,
    case_record_intake,
    case_reopen,
)
from kim.cases.services.member import case_member_add, case_member_remove
from kim.cases.services.sharing import emergency_access_open, share_create, share_end

__all__ = [
    "CONTACT_FIELDS",
    "case_change_phase",
    "case_close",
    "case_member_add",
    "case_member_remove",
    "case_open",
    "case_record_intake",
    "case_reopen",
    "case_update",
    "contact_record",
    "contact_update",
    "emergency_access_open",
    "handover_accept",
    "handover_decline",
    "handover_request",
    "handover_withdraw",
    "share_create",
    "share_end",
]

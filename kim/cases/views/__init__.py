"""Pages of case management, one module per part of the process."""

from kim.cases.views.case import case_edit, case_list_view, my_cases_view, open_case
from kim.cases.views.contact import contact_edit, contact_new
from kim.cases.views.handover import (
    handover_accept_view,
    handover_decline_view,
    handover_detail,
    handover_new,
    handover_withdraw_view,
)
from kim.cases.views.lifecycle import case_close_view, case_intake, case_phase, case_reopen_view
from kim.cases.views.member import member_add, member_remove
from kim.cases.views.page import case_page
from kim.cases.views.sharing import (
    emergency,
    emergency_list,
    share_end_view,
    share_new,
    shared_with_us,
)

__all__ = [
    "case_close_view",
    "case_edit",
    "case_intake",
    "case_list_view",
    "case_page",
    "case_phase",
    "case_reopen_view",
    "contact_edit",
    "contact_new",
    "emergency",
    "emergency_list",
    "handover_accept_view",
    "handover_decline_view",
    "handover_detail",
    "handover_new",
    "handover_withdraw_view",
    "member_add",
    "member_remove",
    "my_cases_view",
    "open_case",
    "share_end_view",
    "share_new",
    "shared_with_us",
]

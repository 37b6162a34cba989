from django.urls import path

from kim.cases import views
from kim.core.slots import CASE_TAB_FILE, CASE_TAB_NETWORK, CASE_TAB_PLAN

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("meine/", views.my_cases_view, name="mine"),
    path("neu/", views.open_case, name="open"),
    path("freigegeben/", views.shared_with_us, name="shared_with_us"),
    path("notfallzugriff/", views.emergency, name="emergency"),
    path("notfallzugriffe/", views.emergency_list, name="emergency_list"),
    path("freigaben/<int:share_pk>/beenden/", views.share_end_view, name="share_end"),
    path("<int:pk>/", views.case_page, name="detail"),
    path("<int:pk>/hilfeplan/", views.case_page, {"tab": CASE_TAB_PLAN}, name="plan"),
    path("<int:pk>/netzwerk/", views.case_page, {"tab": CASE_TAB_NETWORK}, name="network"),
    path("<int:pk>/akte/", views.case_page, {"tab": CASE_TAB_FILE}, name="file"),
    path("<int:pk>/bearbeiten/", views.case_edit, name="edit"),
    path("<int:pk>/kontakt/", views.contact_new, name="contact_new"),
    path("<int:pk>/kontakt/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/phase/", views.case_phase, name="phase"),
    path("<int:pk>/intake/", views.case_intake, name="intake"),
    path("<int:pk>/abschliessen/", views.case_close_view, name="close"),
    path("<int:pk>/wieder-eroeffnen/", views.case_reopen_view, name="reopen"),
    path("<int:pk>/beteiligte/", views.member_add, name="member_add"),
    path(
        "<int:pk>/beteiligte/<int:member_pk>/entfernen/",
        views.member_remove,
        name="member_remove",
    ),
    path("<int:pk>/uebergabe/", views.handover_new, name="handover_new"),
    path("<int:pk>/freigeben/", views.share_new, name="share_new"),
    path("uebergaben/<int:handover_pk>/", views.handover_detail, name="handover"),
    path(
        "uebergaben/<int:handover_pk>/annehmen/",
        views.handover_accept_view,
        name="handover_accept",
    ),
    path(
        "uebergaben/<int:handover_pk>/ablehnen/",
        views.handover_decline_view,
        name="handover_decline",
    ),
    path(
        "uebergaben/<int:handover_pk>/zurueckziehen/",
        views.handover_withdraw_view,
        name="handover_withdraw",
    ),
]

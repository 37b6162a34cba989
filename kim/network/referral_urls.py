"""Referral pages under /vermittlungen/: the case management's and the partner inbox."""

from django.urls import path

from kim.network.views import partner, referral_detail, referral_statistics, referrals

app_name = "referrals"
urlpatterns = [
    path("fall/<int:case_pk>/neu/", referrals.choose_service, name="choose_service"),
    path("fall/<int:case_pk>/neu/<int:service_pk>/", referrals.referral_new, name="new"),
    path("<int:pk>/", referral_detail.referral_detail, name="detail"),
    path("<int:pk>/bearbeiten/", referrals.referral_edit, name="edit"),
    path("<int:pk>/senden/", referral_detail.referral_send_view, name="send"),
    path("<int:pk>/status/<str:to>/", referral_detail.referral_status_view, name="status"),
    path("<int:pk>/link/", referral_detail.link_new, name="link_new"),
    path("links/<int:link_pk>/widerrufen/", referral_detail.link_revoke, name="link_revoke"),
    path("auswertung/", referral_statistics.referral_statistics, name="statistics"),
    path("eingang/", partner.inbox_list, name="inbox"),
    path("eingang/<int:pk>/", partner.inbox_detail, name="inbox_detail"),
    path("eingang/<int:pk>/<str:to>/", partner.inbox_answer, name="inbox_answer"),
]

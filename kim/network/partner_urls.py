"""The partner link under /partner/<token>/: no login, one referral."""

from django.urls import path

from kim.network.views import partner

app_name = "partner"
urlpatterns = [
    path("<str:token>/", partner.link_page, name="link"),
    path("<str:token>/<str:to>/", partner.link_answer, name="answer"),
]

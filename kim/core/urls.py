from django.urls import path

from kim.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("protokoll/", views.audit_log, name="audit"),
]

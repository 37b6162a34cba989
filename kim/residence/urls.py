from django.urls import path

from kim.residence import (
    appointment_views,
    backlog_views,
    handover_views,
    procedure_views,
    views,
)

app_name = "residence"
urlpatterns = [
    path("vorpruefung/", views.precheck, name="precheck"),
    path("personen/<int:pk>/vorpruefung/", views.person_precheck, name="person_precheck"),
    path("potenzial/", views.potential_list, name="potential"),
    path(
        "vermittlungen/<int:pk>/verfahren/",
        handover_views.procedure_from_referral,
        name="procedure_from_referral",
    ),
    path("bearbeitungszeiten/", backlog_views.backlog_page, name="backlog"),
    path("bearbeitungszeiten/export/", backlog_views.backlog_export, name="backlog_export"),
    path("verfahren/", procedure_views.procedure_list, name="procedures"),
    path("verfahren/<int:pk>/", procedure_views.procedure_detail, name="procedure"),
    path("verfahren/<int:pk>/stand/", procedure_views.procedure_move_view, name="procedure_move"),
    path(
        "verfahren/<int:pk>/unterlagen/<slug:code>/",
        procedure_views.procedure_document_view,
        name="procedure_document",
    ),
    path(
        "verfahren/<int:pk>/anforderung/",
        appointment_views.missing_documents_letter,
        name="missing_letter",
    ),
    path(
        "verfahren/<int:pk>/termine/neu/", appointment_views.appointment_new, name="appointment_new"
    ),
    path(
        "verfahren/termine/<int:pk>/absagen/",
        appointment_views.appointment_cancel,
        name="appointment_cancel",
    ),
    path(
        "verfahren/termine/<int:pk>/kalender.ics",
        appointment_views.appointment_ics,
        name="appointment_ics",
    ),
    path(
        "verfahren/termine/<int:pk>/einladung.<str:fmt>",
        appointment_views.appointment_letter,
        name="appointment_letter",
    ),
    path(
        "personen/<int:pk>/verfahren/neu/",
        procedure_views.procedure_open_view,
        name="procedure_open",
    ),
]

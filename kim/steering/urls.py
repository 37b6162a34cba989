from django.urls import path

from kim.steering import (
    body_views,
    issue_views,
    recommendation_views,
    reconstruction_views,
    report_views,
    views,
)

app_name = "steering"
urlpatterns = [
    path("", views.coordination_overview, name="overview"),
    path("huerden/", views.barrier_overview_page, name="barriers"),
    path("themen/", issue_views.issue_list, name="issues"),
    path("themen/neu/", issue_views.issue_new, name="issue_new"),
    path("themen/<int:pk>/", issue_views.issue_detail, name="issue"),
    path("themen/<int:pk>/bearbeiten/", issue_views.issue_edit, name="issue_edit"),
    path("themen/<int:pk>/schritt/<str:to>/", issue_views.issue_move_view, name="issue_move"),
    path("themen/<int:pk>/notiz/", issue_views.issue_note_view, name="issue_note"),
    path("gremien/", body_views.body_list, name="bodies"),
    path("gremien/neu/", body_views.body_new, name="body_new"),
    path("gremien/<int:pk>/", body_views.body_detail, name="body"),
    path("gremien/<int:pk>/bearbeiten/", body_views.body_edit, name="body_edit"),
    path("gremien/<int:pk>/mitglieder/", body_views.member_add_view, name="member_add"),
    path(
        "mitglieder/<int:member_pk>/ausgeschieden/",
        body_views.member_leave_view,
        name="member_leave",
    ),
    path("gremien/<int:pk>/sitzungen/neu/", body_views.meeting_new, name="meeting_new"),
    path("sitzungen/<int:pk>/", body_views.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/bearbeiten/", body_views.meeting_edit, name="meeting_edit"),
    path("sitzungen/<int:pk>/kalender.ics", body_views.meeting_ics_view, name="meeting_ics"),
    path(
        "sitzungen/<int:pk>/einladung.pdf",
        body_views.meeting_invitation_view,
        name="meeting_invitation",
    ),
    path("sitzungen/<int:pk>/tagesordnung/", body_views.agenda_add_view, name="agenda_add"),
    path("top/<int:item_pk>/", body_views.agenda_record_view, name="agenda_record"),
    path("sitzungen/<int:pk>/aufgaben/", body_views.task_add_view, name="task_add"),
    path("aufgaben/<int:task_pk>/erledigt/", body_views.task_done_view, name="task_done"),
    path("empfehlungen/", recommendation_views.recommendation_list, name="recommendations"),
    path(
        "gremien/<int:pk>/empfehlungen/neu/",
        recommendation_views.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "empfehlungen/<int:pk>/",
        recommendation_views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "empfehlungen/<int:pk>/schritt/<str:to>/",
        recommendation_views.recommendation_move_view,
        name="recommendation_move",
    ),
    path("rekonstruktionen/", reconstruction_views.reconstruction_list, name="reconstructions"),
    path(
        "rekonstruktionen/anfragen/neu/",
        reconstruction_views.request_new,
        name="reconstruction_request_new",
    ),
    path(
        "rekonstruktionen/anfragen/<int:pk>/",
        reconstruction_views.request_detail,
        name="reconstruction_request",
    ),
    path(
        "rekonstruktionen/anfragen/<int:pk>/beginnen/",
        reconstruction_views.reconstruction_start_view,
        name="reconstruction_start",
    ),
    path(
        "rekonstruktionen/<int:pk>/",
        reconstruction_views.reconstruction_edit,
        name="reconstruction",
    ),
    path(
        "rekonstruktionen/<int:pk>/freigeben/",
        reconstruction_views.reconstruction_release_view,
        name="reconstruction_release",
    ),
    path("berichte/", report_views.report_list, name="reports"),
    path("berichte/neu/", report_views.report_new, name="report_new"),
    path("berichte/<int:pk>/", report_views.report_detail, name="report"),
    path("berichte/<int:pk>/fortschritt/", report_views.report_progress, name="report_progress"),
    path("berichte/<int:pk>/bearbeiten/", report_views.report_edit, name="report_edit"),
    path(
        "berichte/<int:pk>/neu-schreiben/",
        report_views.report_regenerate_view,
        name="report_regenerate",
    ),
    path("berichte/<int:pk>/bericht.docx", report_views.report_docx_view, name="report_docx"),
    path("berichte/<int:pk>/bericht.pdf", report_views.report_pdf_view, name="report_pdf"),
]

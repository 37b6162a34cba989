from django.urls import path

from kim.people import views

app_name = "people"
urlpatterns = [
    path("suche/", views.search, name="search"),
    path("neu/", views.register, name="register"),
    path("neu/dubletten/", views.duplicate_check, name="duplicate_check"),
    # duplicates: the team lead's list, decisions, reviewed merge
    path("dubletten/", views.duplicate_list, name="duplicates"),
    path("dubletten/entschieden/", views.dismissed_list, name="duplicates_dismissed"),
    path(
        "dubletten/entschieden/<int:pk>/zuruecknehmen/",
        views.duplicate_restore_view,
        name="duplicate_restore",
    ),
    path(
        "dubletten/<int:first>/<int:second>/kein-duplikat/",
        views.duplicate_dismiss_view,
        name="duplicate_dismiss",
    ),
    path("dubletten/<int:survivor>/<int:merged>/", views.merge_review, name="merge_review"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
    # family and household
    path("<int:pk>/haushalt/", views.household_page, name="household"),
    path("<int:pk>/haushalt/mitglied/neu/", views.member_add, name="member_add"),
    path(
        "<int:pk>/haushalt/mitglied/<int:member_pk>/auszug/",
        views.member_leave,
        name="member_leave",
    ),
    path("<int:pk>/beziehungen/neu/", views.relation_add, name="relation_add"),
    path("<int:pk>/beziehungen/<int:relation_pk>/", views.relation_edit, name="relation_edit"),
    path(
        "<int:pk>/beziehungen/<int:relation_pk>/entfernen/",
        views.relation_remove,
        name="relation_remove",
    ),
    # legal domains
    path("<int:pk>/rechtskreise/", views.legal_domain_page, name="legal_domains"),
    path("<int:pk>/rechtskreise/neu/", views.legal_domain_add, name="legal_domain_add"),
    path(
        "<int:pk>/rechtskreise/<int:period_pk>/wechsel/",
        views.legal_domain_transition_view,
        name="legal_domain_transition",
    ),
    path(
        "<int:pk>/rechtskreise/<int:period_pk>/beenden/",
        views.legal_domain_end_view,
        name="legal_domain_end",
    ),
    path(
        "<int:pk>/rechtskreise/<int:period_pk>/korrigieren/",
        views.legal_domain_correct_view,
        name="legal_domain_correct",
    ),
    # residence
    path("<int:pk>/aufenthalt/", views.residence_page, name="residence"),
    path("<int:pk>/aufenthalt/neu/", views.residence_add, name="residence_add"),
    path(
        "<int:pk>/aufenthalt/<int:status_pk>/korrigieren/",
        views.residence_correct,
        name="residence_correct",
    ),
    # consents
    path("<int:pk>/einwilligungen/", views.consent_list, name="consents"),
    path("<int:pk>/einwilligungen/neu/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/einwilligungen/<int:consent_pk>/bearbeiten/",
        views.consent_edit,
        name="consent_edit",
    ),
    path(
        "<int:pk>/einwilligungen/<int:consent_pk>/widerrufen/",
        views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "<int:pk>/einwilligungen/<int:consent_pk>/dokument/",
        views.consent_document,
        name="consent_document",
    ),
]

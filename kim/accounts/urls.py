from django.urls import path

from kim.accounts import admin_views, profile_views, views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    # Own profile: every logged-in user.
    path("profil/", profile_views.profile, name="profile"),
    path("profil/passwort/", profile_views.password_change, name="profile_password"),
    path("profil/erinnerungen/", profile_views.reminders, name="profile_reminders"),
    path("profil/tokens/neu/", profile_views.token_create, name="profile_token_create"),
    path(
        "profil/tokens/<int:pk>/widerrufen/",
        profile_views.token_revoke,
        name="profile_token_revoke",
    ),
    # Administration: users, units, places, catalogues, roles of the own tenant.
    path("verwaltung/benutzer/", admin_views.users, name="admin_users"),
    path("verwaltung/benutzer/neu/", admin_views.user_create, name="admin_user_create"),
    path("verwaltung/benutzer/<int:pk>/", admin_views.user_detail, name="admin_user"),
    path("verwaltung/benutzer/<int:pk>/bearbeiten/", admin_views.user_edit, name="admin_user_edit"),
    path(
        "verwaltung/benutzer/<int:pk>/passwort/",
        admin_views.user_password,
        name="admin_user_password",
    ),
    path(
        "verwaltung/benutzer/<int:pk>/mitgliedschaften/neu/",
        admin_views.membership_add,
        name="admin_membership_add",
    ),
    path(
        "verwaltung/benutzer/<int:pk>/mitgliedschaften/<int:membership_pk>/entfernen/",
        admin_views.membership_remove,
        name="admin_membership_remove",
    ),
    path("verwaltung/einheiten/", admin_views.units, name="admin_units"),
    path("verwaltung/einheiten/neu/", admin_views.unit_edit, name="admin_unit_create"),
    path("verwaltung/einheiten/<int:pk>/", admin_views.unit_edit, name="admin_unit_edit"),
    path(
        "verwaltung/organisationen/neu/",
        admin_views.organisation_edit,
        name="admin_organisation_create",
    ),
    path(
        "verwaltung/organisationen/<int:pk>/",
        admin_views.organisation_edit,
        name="admin_organisation_edit",
    ),
    path("verwaltung/orte/", admin_views.towns, name="admin_towns"),
    path("verwaltung/orte/neu/", admin_views.town_edit, name="admin_town_create"),
    path("verwaltung/orte/<int:pk>/", admin_views.town_edit, name="admin_town_edit"),
    path("verwaltung/stadtteile/neu/", admin_views.district_edit, name="admin_district_create"),
    path("verwaltung/stadtteile/<int:pk>/", admin_views.district_edit, name="admin_district_edit"),
    # Fields of action keep their URL names; they are one of the catalogues.
    path(
        "verwaltung/handlungsfelder/",
        admin_views.catalogue,
        {"key": "handlungsfelder"},
        name="admin_fields",
    ),
    path(
        "verwaltung/handlungsfelder/neu/",
        admin_views.catalogue_edit,
        {"key": "handlungsfelder"},
        name="admin_field_create",
    ),
    path(
        "verwaltung/handlungsfelder/<int:pk>/",
        admin_views.catalogue_edit,
        {"key": "handlungsfelder"},
        name="admin_field_edit",
    ),
    path(
        "verwaltung/handlungsfelder/<int:pk>/verschieben/",
        admin_views.catalogue_move,
        {"key": "handlungsfelder"},
        name="admin_field_move",
    ),
    path("verwaltung/rollen/", admin_views.roles, name="admin_roles"),
    # Catalogues registered by the apps (kim.core.catalogues): target groups, barrier
    # categories, text templates …; after the fixed pages so that these win.
    path("verwaltung/<slug:key>/", admin_views.catalogue, name="admin_catalogue"),
    path("verwaltung/<slug:key>/neu/", admin_views.catalogue_edit, name="admin_catalogue_create"),
    path(
        "verwaltung/<slug:key>/<int:pk>/",
        admin_views.catalogue_edit,
        name="admin_catalogue_edit",
    ),
    path(
        "verwaltung/<slug:key>/<int:pk>/verschieben/",
        admin_views.catalogue_move,
        name="admin_catalogue_move",
    ),
]

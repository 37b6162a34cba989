from django.urls import path

from kim.network.views import directory, exchange, helplist, manage, responsibility

app_name = "network"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("angebote/neu/", manage.service_new, name="service_new"),
    path("angebote/<int:pk>/", directory.service_detail, name="service"),
    path("angebote/<int:pk>/bearbeiten/", manage.service_edit, name="service_edit"),
    path("angebote/<int:pk>/archivieren/", manage.service_archive_view, name="service_archive"),
    path(
        "angebote/<int:pk>/wiederherstellen/",
        manage.service_restore_view,
        name="service_restore",
    ),
    path("angebote/<int:pk>/geprueft/", manage.service_review_view, name="service_review"),
    path("organisationen/", directory.organisation_list, name="organisations"),
    path("organisationen/neu/", manage.organisation_new, name="organisation_new"),
    path("organisationen/<int:pk>/", directory.organisation_detail, name="organisation"),
    path(
        "organisationen/<int:pk>/bearbeiten/",
        manage.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisationen/<int:pk>/archivieren/",
        manage.organisation_archive_view,
        name="organisation_archive",
    ),
    path(
        "organisationen/<int:pk>/wiederherstellen/",
        manage.organisation_restore_view,
        name="organisation_restore",
    ),
    path("pruefung/", directory.review_due, name="review_due"),
    path("hilfeliste/", helplist.helplist, name="helplist"),
    path("hilfeliste/hinzufuegen/", helplist.helplist_add, name="helplist_add"),
    path("hilfeliste/entfernen/", helplist.helplist_remove, name="helplist_remove"),
    path("hilfeliste/leeren/", helplist.helplist_clear, name="helplist_clear"),
    path("hilfeliste/druckansicht/", helplist.helplist_print, name="helplist_print"),
    path("hilfeliste/pdf/", helplist.helplist_download, name="helplist_pdf"),
    path("zustaendigkeit/", responsibility.finder, name="finder"),
    path("zustaendigkeiten/", responsibility.responsibility_list, name="responsibilities"),
    path("zustaendigkeiten/neu/", responsibility.responsibility_new, name="responsibility_new"),
    path(
        "zustaendigkeiten/<int:pk>/bearbeiten/",
        responsibility.responsibility_edit,
        name="responsibility_edit",
    ),
    path(
        "zustaendigkeiten/<int:pk>/loeschen/",
        responsibility.responsibility_delete_view,
        name="responsibility_delete",
    ),
    path("export/", exchange.export, name="export"),
    path("import/", exchange.import_view, name="import"),
]

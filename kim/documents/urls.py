from django.urls import path

from kim.documents import views

app_name = "documents"
urlpatterns = [
    path("faelle/<int:case_pk>/neu/", views.case_upload, name="case_upload"),
    path("personen/<int:person_pk>/neu/", views.person_upload, name="person_upload"),
    path("<int:pk>/herunterladen/", views.download, name="download"),
    path("<int:pk>/loeschen/", views.delete, name="delete"),
]

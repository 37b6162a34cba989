from django.urls import path

from kim.residence import views

app_name = "residence"
urlpatterns = [
    path("vorpruefung/", views.precheck, name="precheck"),
    path("personen/<int:pk>/vorpruefung/", views.person_precheck, name="person_precheck"),
    path("potenzial/", views.potential_list, name="potential"),
]

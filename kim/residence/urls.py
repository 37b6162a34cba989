from django.urls import path

from kim.residence import views

app_name = "residence"
urlpatterns = [
    path("vorpruefung/", views.precheck, name="precheck"),
]

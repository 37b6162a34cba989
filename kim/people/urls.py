from django.urls import path

from kim.people import views

app_name = "people"
urlpatterns = [
    path("suche/", views.search, name="search"),
    path("neu/", views.register, name="register"),
    path("neu/dubletten/", views.duplicate_check, name="duplicate_check"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.edit, name="edit"),
]

from django.urls import path

from kim.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list_view, name="list"),
    path("meine/", views.my_cases_view, name="mine"),
    path("neu/", views.open_case, name="open"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.case_edit, name="edit"),
    path("<int:pk>/kontakt/", views.contact_new, name="contact_new"),
    path("<int:pk>/kontakt/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
]

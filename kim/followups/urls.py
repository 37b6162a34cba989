from django.urls import path

from kim.followups import views

app_name = "followups"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("fall/<int:case_pk>/neu/", views.create, name="create"),
    path("<int:pk>/erledigt/", views.complete, name="complete"),
]

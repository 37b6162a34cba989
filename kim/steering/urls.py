from django.urls import path

from kim.steering import views

app_name = "steering"
urlpatterns = [
    path("huerden/", views.barrier_overview_page, name="barriers"),
]

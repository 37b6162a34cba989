from django.urls import path

from kim.steering import issue_views, views

app_name = "steering"
urlpatterns = [
    path("huerden/", views.barrier_overview_page, name="barriers"),
    path("themen/", issue_views.issue_list, name="issues"),
    path("themen/neu/", issue_views.issue_new, name="issue_new"),
    path("themen/<int:pk>/", issue_views.issue_detail, name="issue"),
    path("themen/<int:pk>/bearbeiten/", issue_views.issue_edit, name="issue_edit"),
    path("themen/<int:pk>/schritt/<str:to>/", issue_views.issue_move_view, name="issue_move"),
    path("themen/<int:pk>/notiz/", issue_views.issue_note_view, name="issue_note"),
]

from django.urls import path

from kim.planning.views import assessment, barriers, conference, plan

app_name = "planning"
urlpatterns = [
    path(
        "faelle/<int:case_pk>/assessment/neu/",
        assessment.assessment_new,
        name="assessment_new",
    ),
    path(
        "faelle/<int:case_pk>/assessment/",
        assessment.assessment_compare,
        name="assessment_compare",
    ),
    path("faelle/<int:case_pk>/ziele/neu/", plan.goal_new, name="goal_new"),
    path("faelle/<int:case_pk>/ziele/<int:pk>/", plan.goal_edit, name="goal_edit"),
    path("faelle/<int:case_pk>/ziele/bewerten/", plan.goal_evaluation, name="goal_evaluation"),
    path("faelle/<int:case_pk>/massnahmen/neu/", plan.action_new, name="action_new"),
    path("faelle/<int:case_pk>/massnahmen/<int:pk>/", plan.action_edit, name="action_edit"),
    path("faelle/<int:case_pk>/huerden/neu/", barriers.barrier_new, name="barrier_new"),
    path(
        "faelle/<int:case_pk>/konferenzen/neu/",
        conference.conference_new,
        name="conference_new",
    ),
    path(
        "faelle/<int:case_pk>/konferenzen/<int:pk>/",
        conference.conference_detail,
        name="conference",
    ),
    path(
        "faelle/<int:case_pk>/konferenzen/<int:pk>/bearbeiten/",
        conference.conference_edit,
        name="conference_edit",
    ),
    path("huerden/", barriers.barrier_statistics, name="barrier_statistics"),
]

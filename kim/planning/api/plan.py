"""The support plan: /api/v1/cases/{case_pk}/goals/ and …/actions/.

Goals and actions carry `version` (409 when stale) and their status as an
append-only history; a status change is a PATCH of `status`. Goals are
evaluated one by one (…/goals/{id}/evaluation/) or all at once
(…/goals/evaluation/), as before closing a case.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    ScopedPrimaryKeyField,
    VersionRequiredMixin,
    field_codes,
    required_version_field,
)
from kim.core.audit import audit
from kim.core.models import Organisation
from kim.planning.api.common import CASE_PK, NOT_FOUND, PlanningCaseMixin, StatusChangeSerializer
from kim.planning.models import (
    Action,
    ActionStatusChange,
    CaseConference,
    Goal,
    GoalStatusChange,
)
from kim.planning.selectors import actions_of_case, goals_of_case, organisations
from kim.planning.services import (
    action_create,
    action_update,
    goal_create,
    goal_evaluate,
    goal_update,
    goals_evaluate,
)

WRITE_ERRORS = {
    400: VALIDATION_ERROR,
    403: ErrorSerializer,
    409: ConflictSerializer,
    **NOT_FOUND,
}

# --- goals ----------------------------------------------------------------------


class GoalAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    evaluate = serializers.BooleanField()


def goal_status(**kwargs):
    return EnumField(Goal.Status.choices, enum_name="GoalStatus", **kwargs)


def goal_result(**kwargs):
    return EnumField(Goal.Evaluation.choices, enum_name="GoalEvaluation", **kwargs)


def action_status(**kwargs):
    return EnumField(Action.Status.choices, enum_name="ActionStatus", **kwargs)


class GoalSerializer(serializers.ModelSerializer):
    field = field_codes(many=False, read_only=True)
    status = goal_status(read_only=True)
    evaluation = goal_result(read_only=True, allow_blank=True)
    status_history = StatusChangeSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = [
            "id",
            "case",
            "field",
            "wording",
            "target_date",
            "status",
            "evaluation",
            "evaluation_reason",
            "evaluated_on",
            "evaluated_by",
            "version",
            "status_history",
            "created_at",
            "updated_at",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(GoalAbilitiesSerializer)
    def get_abilities(self, goal) -> dict:
        return abilities(self.context["actor"], goal)


class GoalWriteSerializer(serializers.Serializer):
    field = field_codes(many=False)
    wording = serializers.CharField(max_length=500, label=gettext_lazy("Ziel"))
    target_date = DateField(label=gettext_lazy("Zieldatum"))
    status = goal_status(required=False)


class GoalUpdateSerializer(VersionRequiredMixin, GoalWriteSerializer):
    version = required_version_field()


class GoalEvaluationSerializer(serializers.Serializer):
    version = required_version_field()
    result = goal_result(
        label=gettext_lazy("Ergebnis"),
        error_messages={"required": gettext_lazy("Bitte ein Ergebnis wählen.")},
    )
    reason = serializers.CharField(
        max_length=2000,
        label=gettext_lazy("Begründung"),
        error_messages={
            "required": gettext_lazy("Bitte begründen Sie die Bewertung."),
            "blank": gettext_lazy("Bitte begründen Sie die Bewertung."),
        },
    )
    evaluated_on = DateField(
        required=False, help_text=gettext_lazy("Datum der Bewertung; ohne Angabe: heute.")
    )


class GoalEvaluationItemSerializer(GoalEvaluationSerializer):
    goal = ScopedPrimaryKeyField(
        lambda context: goals_of_case(context["case"]),
        error_messages={"does_not_exist": gettext_lazy("Dieses Ziel gehört nicht zu dem Fall.")},
    )
    evaluated_on = None  # one date for all, on the outer object


class GoalsEvaluationSerializer(serializers.Serializer):
    evaluated_on = DateField(
        required=False, help_text=gettext_lazy("Datum der Bewertung; ohne Angabe: heute.")
    )
    evaluations = GoalEvaluationItemSerializer(many=True, allow_empty=False)


def _goals(case):
    history = GoalStatusChange.objects.select_related("changed_by").order_by("changed_at", "id")
    return goals_of_case(case).prefetch_related(Prefetch("status_history", queryset=history))


GOAL_TAGS = [gettext_lazy("Hilfeplan: Ziele")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Ziele eines Falls auflisten"),
        description=gettext_lazy("Die Ziele des Hilfeplans, nach Zieldatum, mit Statusverlauf."),
        parameters=[CASE_PK],
        responses={200: GoalSerializer(many=True), **NOT_FOUND},
        tags=GOAL_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Ziel abrufen"),
        parameters=[CASE_PK],
        responses={200: GoalSerializer, **NOT_FOUND},
        tags=GOAL_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Ziel anlegen"),
        parameters=[CASE_PK],
        request=GoalWriteSerializer,
        responses={201: GoalSerializer, **WRITE_ERRORS},
        tags=GOAL_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Ziel ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Angaben; ein neuer `status` wird im Statusverlauf "
            "angehängt. `version` ist Pflicht; ist sie veraltet: 409."
        ),
        parameters=[CASE_PK],
        request=GoalUpdateSerializer,
        responses={200: GoalSerializer, **WRITE_ERRORS},
        tags=GOAL_TAGS,
    ),
    evaluate=extend_schema(
        summary=gettext_lazy("Ziel bewerten"),
        description=gettext_lazy("Ergebnis und Begründung; der Status folgt dem Ergebnis."),
        parameters=[CASE_PK],
        request=GoalEvaluationSerializer,
        responses={200: GoalSerializer, **WRITE_ERRORS},
        tags=GOAL_TAGS,
    ),
    evaluate_all=extend_schema(
        operation_id="cases_goals_evaluation_all_create",
        summary=gettext_lazy("Mehrere Ziele bewerten"),
        description=gettext_lazy(
            "Bewertet mehrere Ziele des Falls auf einmal, alle oder keins (z. B. vor dem "
            "Abschluss). Ist eine Version veraltet: 409 mit dem aktuellen Stand dieses Ziels."
        ),
        parameters=[CASE_PK],
        request=GoalsEvaluationSerializer,
        responses={200: GoalSerializer(many=True), **WRITE_ERRORS},
        tags=GOAL_TAGS,
    ),
)
class GoalViewSet(PlanningCaseMixin, viewsets.GenericViewSet):
    queryset = Goal.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = GoalSerializer

    def get_queryset(self):
        return _goals(self.case)

    def get_object(self) -> Goal:
        goal = super().get_object()
        goal.case = self.case
        return goal

    def represent(self, goal: Goal, *, many=False):
        for one in goal if many else [goal]:
            one.case = self.case
        return GoalSerializer(goal, many=many, context=self.get_serializer_context()).data

    def saved(self, goal: Goal) -> dict:
        return self.represent(self.get_queryset().get(pk=goal.pk))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.audit_list("goal.view", page)
        return self.get_paginated_response(self.represent(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        goal = self.get_object()
        audit(actor=self.actor, action="goal.view", obj=goal, person_id=self.case.person_id)
        return Response(self.represent(goal))

    def create(self, request, *args, **kwargs):
        self.require_plan("plan")
        serializer = GoalWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        goal = goal_create(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(self.saved(goal), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        goal = self.get_object()
        self.require_plan("plan")
        serializer = GoalUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        goal = goal_update(
            actor=self.actor,
            goal=goal,
            version=data["version"],
            **{name: data.get(name, getattr(goal, name)) for name in GOAL_DATA},
        )
        return Response(self.saved(goal))

    @action(detail=True, methods=["post"], url_path="evaluation")
    def evaluate(self, request, *args, **kwargs):
        goal = self.get_object()
        self.require_plan("evaluate")
        serializer = GoalEvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = goal_evaluate(actor=self.actor, goal=goal, **serializer.validated_data)
        return Response(self.saved(goal))

    @action(detail=False, methods=["post"], url_path="evaluation")
    def evaluate_all(self, request, *args, **kwargs):
        self.require_plan("evaluate")
        serializer = GoalsEvaluationSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        done = goals_evaluate(
            actor=self.actor,
            case=self.case,
            evaluated_on=data.get("evaluated_on"),
            evaluations=[dict(item) for item in data["evaluations"]],
        )
        goals = list(self.get_queryset().filter(pk__in=[goal.pk for goal in done]))
        return Response(self.represent(goals, many=True))

    def stale_representation(self, current: Goal) -> dict:
        current = self.get_queryset().get(pk=current.pk)
        audit(actor=self.actor, action="goal.view", obj=current, person_id=self.case.person_id)
        return self.represent(current)


GOAL_DATA = ("field", "wording", "target_date", "status")


# --- actions --------------------------------------------------------------------


class ActionAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()


class ActionSerializer(serializers.ModelSerializer):
    status = action_status(read_only=True)
    organisation_name = serializers.SerializerMethodField()
    status_history = StatusChangeSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "case",
            "goal",
            "what",
            "who",
            "who_name",
            "organisation",
            "organisation_name",
            "due_date",
            "status",
            "conference",
            "version",
            "status_history",
            "created_at",
            "updated_at",
            "abilities",
        ]
        read_only_fields = fields

    def get_organisation_name(self, action) -> str:
        return action.organisation.name if action.organisation_id else ""

    @extend_schema_field(ActionAbilitiesSerializer)
    def get_abilities(self, action) -> dict:
        return abilities(self.context["actor"], action)


class ActionWriteSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=300, label=gettext_lazy("Was ist zu tun?"))
    who = serializers.ChoiceField(choices=Action.Who.choices, label=gettext_lazy("Wer?"))
    who_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": gettext_lazy("Diese Organisation gibt es nicht.")},
    )
    due_date = DateField(required=False, allow_null=True)
    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": gettext_lazy("Dieses Ziel gehört nicht zu dem Fall.")},
    )
    status = action_status(required=False)
    conference = serializers.PrimaryKeyRelatedField(
        queryset=CaseConference.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Die Fallkonferenz, in der die Maßnahme vereinbart wurde."),
        error_messages={
            "does_not_exist": gettext_lazy("Diese Fallkonferenz gehört nicht zu dem Fall.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case, actor = self.context.get("case"), self.context.get("actor")
        if case is not None and actor is not None:
            self.fields["goal"].queryset = goals_of_case(case)
            self.fields["organisation"].queryset = organisations(actor)
            if "conference" in self.fields:
                self.fields["conference"].queryset = CaseConference.objects.filter(case=case)


class ActionUpdateSerializer(VersionRequiredMixin, ActionWriteSerializer):
    version = required_version_field()
    conference = None  # set once, when the action is agreed


ACTION_DATA = ("what", "who", "who_name", "organisation", "due_date", "goal", "status")
ACTION_TAGS = [gettext_lazy("Hilfeplan: Maßnahmen")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Maßnahmen eines Falls auflisten"),
        description=gettext_lazy("Wer macht was bis wann, nach Fälligkeit, mit Statusverlauf."),
        parameters=[CASE_PK],
        responses={200: ActionSerializer(many=True), **NOT_FOUND},
        tags=ACTION_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Maßnahme abrufen"),
        parameters=[CASE_PK],
        responses={200: ActionSerializer, **NOT_FOUND},
        tags=ACTION_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Maßnahme anlegen"),
        parameters=[CASE_PK],
        request=ActionWriteSerializer,
        responses={201: ActionSerializer, **WRITE_ERRORS},
        tags=ACTION_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Maßnahme ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Angaben, z. B. `status` „done“ (erledigt); der Status "
            "wird im Verlauf angehängt. `version` ist Pflicht; ist sie veraltet: 409."
        ),
        parameters=[CASE_PK],
        request=ActionUpdateSerializer,
        responses={200: ActionSerializer, **WRITE_ERRORS},
        tags=ACTION_TAGS,
    ),
)
class ActionViewSet(PlanningCaseMixin, viewsets.GenericViewSet):
    queryset = Action.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = ActionSerializer

    def get_queryset(self):
        history = ActionStatusChange.objects.select_related("changed_by").order_by(
            "changed_at", "id"
        )
        return actions_of_case(self.case).prefetch_related(
            Prefetch("status_history", queryset=history)
        )

    def get_object(self) -> Action:
        action = super().get_object()
        action.case = self.case
        return action

    def represent(self, action, *, many=False):
        for one in action if many else [action]:
            one.case = self.case
        return ActionSerializer(action, many=many, context=self.get_serializer_context()).data

    def saved(self, action: Action) -> dict:
        return self.represent(self.get_queryset().get(pk=action.pk))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.audit_list("action.view", page)
        return self.get_paginated_response(self.represent(page, many=True))

    def retrieve(self, request, *args, **kwargs):
        action = self.get_object()
        audit(actor=self.actor, action="action.view", obj=action, person_id=self.case.person_id)
        return Response(self.represent(action))

    def create(self, request, *args, **kwargs):
        self.require_plan("plan")
        serializer = ActionWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        action = action_create(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(self.saved(action), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        self.require_plan("plan")
        serializer = ActionUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        action = action_update(
            actor=self.actor,
            action=action,
            version=data["version"],
            **{name: data.get(name, getattr(action, name)) for name in ACTION_DATA},
        )
        return Response(self.saved(action))

    def stale_representation(self, current: Action) -> dict:
        current = self.get_queryset().get(pk=current.pk)
        audit(actor=self.actor, action="action.view", obj=current, person_id=self.case.person_id)
        return self.represent(current)

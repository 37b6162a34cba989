"""/api/v1/steering/recommendations/: recommendations of bodies with their path and the
papers that carried each step – for the same people as the pages (coordination and team
leads; everyone else 403)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from kim.core.api import VALIDATION_ERROR, DateField, EnumField, ScopedPrimaryKeyField
from kim.steering.api.common import (
    CLOSED,
    NOT_THERE,
    TAGS,
    SteeringApiMixin,
    path_id,
    person_name,
    status_field,
)
from kim.steering.bodies import may_read_bodies, visible_bodies
from kim.steering.models import Recommendation, RecommendationStep, StructuralIssue
from kim.steering.recommendations import visible_recommendations

RECOMMENDATION_ID = path_id(gettext_lazy("ID der Empfehlung"))


def status_choice(**kwargs):
    return EnumField(Recommendation.Status.choices, enum_name="RecommendationStatus", **kwargs)


class RecommendationStepSerializer(serializers.Serializer):
    status = status_choice()
    status_label = serializers.CharField(source="get_status_display")
    on = DateField(source="changed_on")
    by = serializers.SerializerMethodField()
    document = serializers.CharField(
        help_text=gettext_lazy("Die Vorlage oder Drucksache, die den Schritt trug.")
    )
    note = serializers.CharField()

    def get_by(self, step) -> str:
        return person_name(step.changed_by)


class LinkedIssueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = status_field()


class RecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.IntegerField(source="body_id")
    body_name = serializers.CharField(source="body.name")
    addressee = EnumField(Recommendation.Addressee.choices, enum_name="RecommendationAddressee")
    addressee_label = serializers.CharField(source="get_addressee_display")
    title = serializers.CharField()
    status = status_choice()
    status_label = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class RecommendationDetailSerializer(RecommendationSerializer):
    text = serializers.CharField()
    issues = LinkedIssueSerializer(many=True, source="issues.all")
    steps = RecommendationStepSerializer(many=True, source="steps.all")


class RecommendationFilterSerializer(serializers.Serializer):
    status = status_choice(required=False, help_text=gettext_lazy("Nur in diesem Stand."))
    body = ScopedPrimaryKeyField(
        lambda context: visible_bodies(context["actor"]),
        required=False,
        help_text=gettext_lazy("Nur Empfehlungen dieses Gremiums (ID)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekanntes Gremium.")},
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Empfehlungen auflisten"),
        description=gettext_lazy(
            "Die Empfehlungen der Gremien, neueste zuerst (alle Stände; `status` schränkt "
            "ein). Für KIM-Koordination und Teamleitungen (sonst 403)."
        ),
        parameters=[RecommendationFilterSerializer],
        responses={
            200: RecommendationSerializer(many=True),
            400: VALIDATION_ERROR,
            **CLOSED,
        },
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Empfehlung abrufen"),
        description=gettext_lazy(
            "Mit Text, den Strukturthemen, auf die sie antwortet, und dem Weg: jeder Schritt "
            "mit Datum, wer, Vorlage oder Drucksache und Anmerkung."
        ),
        parameters=[RECOMMENDATION_ID],
        responses={200: RecommendationDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
)
class RecommendationViewSet(SteeringApiMixin, viewsets.GenericViewSet):
    queryset = Recommendation.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = RecommendationDetailSerializer

    def may_use(self) -> bool:
        return may_read_bodies(self.actor)

    def get_queryset(self):
        return (
            visible_recommendations(self.actor)
            .select_related("body")
            .order_by("-created_at", "-id")
        )

    def list(self, request, *args, **kwargs):
        wanted = RecommendationFilterSerializer(
            data=request.query_params.dict(), context=self.get_serializer_context()
        )
        wanted.is_valid(raise_exception=True)
        rows = self.get_queryset()
        if wanted.validated_data.get("status"):
            rows = rows.filter(status=wanted.validated_data["status"])
        if wanted.validated_data.get("body") is not None:
            rows = rows.filter(body=wanted.validated_data["body"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(RecommendationSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        recommendation = self.fetch(
            self.get_queryset().prefetch_related(
                Prefetch("issues", queryset=StructuralIssue.objects.order_by("title", "id")),
                Prefetch(
                    "steps",
                    queryset=RecommendationStep.objects.select_related("changed_by").order_by(
                        "changed_on", "id"
                    ),
                ),
            )
        )
        return Response(RecommendationDetailSerializer(recommendation).data)

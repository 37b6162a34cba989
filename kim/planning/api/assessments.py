"""Assessment versions: /api/v1/cases/{case_pk}/assessments/.

A version is never changed: a re-assessment is a new version (`POST`), based on
the newest one the client read (`based_on`); if someone recorded a newer one
meanwhile, 409 with it.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    ErrorSerializer,
    field_codes,
    user_name,
)
from kim.core.audit import audit
from kim.planning.api.common import CASE_PK, NOT_FOUND, PlanningCaseMixin, category_codes
from kim.planning.models import (
    Assessment,
    AssessmentItem,
    LegalDomain,
    Urgency,
)
from kim.planning.selectors import (
    assessment_versions,
    assessment_with_items,
    latest_assessment,
)
from kim.planning.services import assessment_record

TAGS = [gettext_lazy("Assessment")]


class AssessmentItemSerializer(serializers.ModelSerializer):
    field = field_codes(many=False, read_only=True)

    class Meta:
        model = AssessmentItem
        fields = ["field", "situation", "needs", "resources", "urgency"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    items = AssessmentItemSerializer(many=True, read_only=True, source="item_list")
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "case",
            "number",
            "assessed_on",
            "note",
            "items",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_created_by_name(self, assessment) -> str:
        return user_name(assessment.created_by)


class AssessmentItemInputSerializer(serializers.Serializer):
    field = field_codes(many=False)
    situation = serializers.CharField(required=False, allow_blank=True)
    needs = serializers.CharField(required=False, allow_blank=True)
    resources = serializers.CharField(required=False, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, allow_blank=True)

    def validate(self, attrs):
        texts = any((attrs.get(name) or "").strip() for name in ("situation", "needs", "resources"))
        if texts and not attrs.get("urgency"):
            raise serializers.ValidationError(
                {"urgency": _("Bitte die Dringlichkeit einschätzen.")}
            )
        return attrs


class BarrierInputSerializer(serializers.Serializer):
    # A barrier noticed during the assessment (flagged on the assessment's date).
    field = field_codes(many=False)
    category = category_codes()
    legal_domain = serializers.ChoiceField(choices=LegalDomain.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AssessmentCreateSerializer(serializers.Serializer):
    based_on = serializers.IntegerField(
        min_value=0,
        help_text=gettext_lazy(
            "Nummer der neuesten Fassung, von der Sie ausgehen (0 für das erste Assessment). "
            "Gibt es inzwischen eine neuere: 409."
        ),
    )
    assessed_on = DateField(
        required=False, help_text=gettext_lazy("Datum der Einschätzung; ohne Angabe: heute.")
    )
    note = serializers.CharField(required=False, allow_blank=True)
    items = AssessmentItemInputSerializer(
        many=True,
        help_text=gettext_lazy(
            "Je Handlungsfeld Situation, Bedarfe, Ressourcen und Dringlichkeit; "
            "leere Einträge entfallen."
        ),
    )
    barrier = BarrierInputSerializer(required=False, allow_null=True)


def with_items(assessment: Assessment) -> Assessment:
    if not hasattr(assessment, "item_list"):
        assessment.item_list = list(assessment.items.all())
    return assessment


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Assessment-Fassungen eines Falls auflisten"),
        description=gettext_lazy("Alle Fassungen mit ihren Einschätzungen, neueste zuerst."),
        parameters=[CASE_PK],
        responses={200: AssessmentSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Eine Assessment-Fassung abrufen"),
        parameters=[CASE_PK],
        responses={200: AssessmentSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    latest=extend_schema(
        summary=gettext_lazy("Neueste Assessment-Fassung abrufen"),
        description=gettext_lazy("404, solange der Fall kein Assessment hat."),
        parameters=[CASE_PK],
        responses={200: AssessmentSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Neue Assessment-Fassung erfassen"),
        description=gettext_lazy(
            "Erfasst eine neue Fassung (Re-Assessment); frühere bleiben unverändert. "
            "Optional mit einer Hürde, die dabei aufgefallen ist (`barrier`)."
        ),
        parameters=[CASE_PK],
        request=AssessmentCreateSerializer,
        responses={
            201: AssessmentSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            409: ConflictSerializer,
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
)
class AssessmentViewSet(PlanningCaseMixin, viewsets.GenericViewSet):
    queryset = Assessment.objects.none()  # for the schema; rows come from the selectors
    serializer_class = AssessmentSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,9}"

    def represent(self, assessment: Assessment) -> dict:
        return AssessmentSerializer(with_items(assessment)).data

    def viewed(self, assessment: Assessment) -> Response:
        audit(
            actor=self.actor,
            action="assessment.view",
            obj=assessment,
            person_id=self.case.person_id,
        )
        return Response(self.represent(assessment))

    def list(self, request, *args, **kwargs):
        versions = assessment_versions(self.case).prefetch_related(
            Prefetch(
                "items",
                queryset=AssessmentItem.objects.select_related("field").order_by(
                    "field__position", "field__name"
                ),
            )
        )
        page = self.paginate_queryset(versions)
        self.audit_list("assessment.view", page)
        return self.get_paginated_response(
            AssessmentSerializer([with_items(a) for a in page], many=True).data
        )

    def retrieve(self, request, *args, **kwargs):
        assessment = assessment_with_items(self.case, int(self.kwargs["number"]))
        if assessment is None:
            raise Http404
        return self.viewed(assessment)

    @action(detail=False, methods=["get"])
    def latest(self, request, *args, **kwargs):
        assessment = latest_assessment(self.case)
        if assessment is None:
            raise Http404
        return self.viewed(assessment)

    def create(self, request, *args, **kwargs):
        self.require_plan("assess")
        serializer = AssessmentCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessed_on = data.get("assessed_on") or timezone.localdate()
        barrier = dict(data["barrier"]) if data.get("barrier") else None
        if barrier:
            barrier["flagged_on"] = assessed_on
        assessment = assessment_record(
            actor=self.actor,
            case=self.case,
            based_on=data["based_on"],
            assessed_on=assessed_on,
            note=data.get("note", ""),
            items=[dict(item) for item in data["items"]],
            barrier=barrier,
        )
        return Response(
            self.represent(assessment_with_items(self.case, assessment.number)),
            status=status.HTTP_201_CREATED,
        )

    def stale_detail(self, current) -> str:
        if current is None:
            return _(
                "Für diesen Fall gibt es noch kein Assessment. Senden Sie based_on 0 für die "
                "erste Fassung."
            )
        return _(
            "Inzwischen wurde eine neuere Fassung des Assessments erfasst (Fassung "
            "%(number)s). Ihre Fassung wurde nicht gespeichert. Bitte prüfen Sie den "
            "aktuellen Stand und senden Sie sie mit based_on %(number)s erneut."
        ) % {"number": current.number}

    def stale_representation(self, current) -> dict | None:
        if current is None:
            return None
        latest = latest_assessment(self.case)
        audit(
            actor=self.actor, action="assessment.view", obj=latest, person_id=latest.case.person_id
        )
        return self.represent(latest)

"""/api/v1/procedures/: the authority's procedures to read – the list as on the page
(open ones, oldest first, with missing documents and the next appointment) and one
procedure with its steps, checklist and appointments. Only for `procedure.manage`
(everyone else 403); a procedure of another unit or tenant is 404. Reads are audited
with the person, as on the pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from kim.core.api import VALIDATION_ERROR, DateField, EnumField, ErrorSerializer, KimApiMixin
from kim.residence.models import Procedure, ProcedureAppointment
from kim.residence.procedure_selectors import (
    ALL,
    OPEN,
    days_open,
    missing_count,
    procedure_page,
    procedure_rows,
)
from kim.residence.procedures import may_run_procedures

TAGS = [gettext_lazy("Aufenthalt und Einbürgerung")]
CLOSED = {403: ErrorSerializer}
NOT_THERE = {403: ErrorSerializer, 404: ErrorSerializer}
PROCEDURE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Verfahrens")
)


def kind_field(**kwargs):
    return EnumField(Procedure.Kind.choices, enum_name="ProcedureKind", **kwargs)


def stage_field(**kwargs):
    return EnumField(Procedure.Stage.choices, enum_name="ProcedureStage", **kwargs)


class ProcedurePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    birth_date = DateField(allow_null=True)


class ProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = ProcedurePersonSerializer()
    kind = kind_field()
    kind_label = serializers.CharField(source="get_kind_display")
    stage = stage_field()
    stage_label = serializers.CharField(source="get_stage_display")
    stage_since = DateField()
    opened_on = DateField()
    days_open = serializers.SerializerMethodField(
        help_text=gettext_lazy("Tage seit Beginn; bei beendeten Verfahren bis zum letzten Schritt.")
    )
    unit = serializers.IntegerField(source="unit_id")
    referral = serializers.CharField(
        source="referral.reference",
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Die Vermittlung, aus der das Verfahren kam (V-…), sonst null."),
    )
    missing_documents = serializers.SerializerMethodField(
        help_text=gettext_lazy("Zahl der Unterlagen der Checkliste, die noch fehlen.")
    )
    next_appointment = serializers.DateTimeField(
        allow_null=True,
        help_text=gettext_lazy("Beginn des nächsten nicht abgesagten Termins."),
    )
    version = serializers.IntegerField()

    def get_days_open(self, procedure) -> int:
        return days_open(procedure, timezone.localdate())

    def get_missing_documents(self, procedure) -> int:
        return missing_count(procedure)


class ProcedureStepSerializer(serializers.Serializer):
    stage = stage_field()
    stage_label = serializers.CharField(source="get_stage_display")
    on = DateField()
    by = serializers.SerializerMethodField()
    note = serializers.CharField()

    def get_by(self, step) -> str:
        return step.by.get_full_name() or step.by.username


class ProcedureDocumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    received_on = DateField(allow_null=True, help_text=gettext_lazy("Liegt vor seit; null: fehlt."))


class ProcedureAppointmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    purpose = EnumField(
        ProcedureAppointment.Purpose.choices, enum_name="ProcedureAppointmentPurpose"
    )
    purpose_label = serializers.CharField(source="get_purpose_display")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    bring = serializers.CharField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()


class ProcedureDetailSerializer(ProcedureSerializer):
    steps = ProcedureStepSerializer(many=True, source="page.steps")
    documents = ProcedureDocumentSerializer(many=True, source="page.documents")
    appointments = ProcedureAppointmentSerializer(many=True, source="page.appointments")


class ProcedureFilterSerializer(serializers.Serializer):
    kind = kind_field(required=False, help_text=gettext_lazy("Nur Verfahren dieser Art."))
    stage = stage_field(
        required=False,
        help_text=gettext_lazy("Nur Verfahren in diesem Stand (ohne: alle offenen)."),
    )
    finished = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("Auch beendete Verfahren (ohne `stage`)."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Verfahren der Behörde auflisten"),
        description=gettext_lazy(
            "Die Verfahren der eigenen Einheiten, älteste zuerst: ohne Filter die offenen, "
            "`kind` und `stage` schränken ein, `finished=true` nimmt die beendeten dazu. "
            "Nur für die Ausländer- und Einbürgerungsbehörde (sonst 403). Jede Seite steht "
            "mit den gezeigten Verfahren im Zugriffsprotokoll."
        ),
        parameters=[ProcedureFilterSerializer],
        responses={200: ProcedureSerializer(many=True), 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Verfahren abrufen"),
        description=gettext_lazy(
            "Mit dem Verlauf der Stände, der Checkliste der Unterlagen (was vorliegt, seit "
            "wann, was fehlt) und den Terminen. Steht mit der Person im Zugriffsprotokoll."
        ),
        parameters=[PROCEDURE_ID],
        responses={200: ProcedureDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
)
class ProcedureViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Procedure.objects.none()  # for the schema; rows come from the selectors
    serializer_class = ProcedureDetailSerializer
    lookup_value_regex = r"[0-9]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        self.require(may_run_procedures(self.actor))

    def list(self, request, *args, **kwargs):
        wanted = ProcedureFilterSerializer(data=request.query_params.dict())
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        rows = procedure_rows(
            self.actor,
            kind=data.get("kind", ""),
            stage=data.get("stage") or (ALL if data["finished"] else OPEN),
        ).select_related("referral")
        page = self.paginate_queryset(rows)
        self.audit_page("procedure.list", page, filters=request.query_params.dict())
        return self.get_paginated_response(ProcedureSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        procedure = self.fetch(
            procedure_rows(self.actor, stage=ALL).select_related("referral", "person__town")
        )
        procedure.page = procedure_page(self.actor, procedure)  # audited there
        return Response(ProcedureDetailSerializer(procedure).data)

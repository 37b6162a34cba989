"""Handing a case over: /api/v1/cases/{case_pk}/handovers/ (request, history of the
case) and /api/v1/handovers/ (incoming for the actor; accept, decline, withdraw).

A handover is visible to whoever sees its case and, while pending, to the
receiving side (`visible_handovers`); everyone else gets 404. What the actor
may do with it comes from `abilities(actor, handover)` (403 otherwise).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.accounts.models import User
from kim.cases.api.cases import PersonRefSerializer
from kim.cases.api.common import CASE_PK, NOT_FOUND
from kim.cases.api.process import CaseProcessMixin
from kim.cases.models import CaseHandover
from kim.cases.selectors import (
    handover_target_units,
    handovers_of_case,
    incoming_handovers,
    visible_handovers,
)
from kim.cases.services import (
    handover_accept,
    handover_decline,
    handover_request,
    handover_withdraw,
)
from kim.core.abilities import abilities
from kim.core.api import VALIDATION_ERROR, ErrorSerializer, KimApiMixin, user_name
from kim.core.audit import audit
from kim.core.models import Unit

HANDOVER_TAGS = [gettext_lazy("Übergaben")]


class HandoverAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    accept = serializers.BooleanField()
    decline = serializers.BooleanField()
    withdraw = serializers.BooleanField()


class HandoverSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    person = PersonRefSerializer(source="case.person", read_only=True)
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True)
    from_user_name = serializers.SerializerMethodField()
    to_user_name = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = CaseHandover
        fields = [
            "id",
            "case",
            "case_number",
            "person",
            "state",
            "from_unit",
            "from_unit_name",
            "from_user",
            "from_user_name",
            "to_unit",
            "to_unit_name",
            "to_user",
            "to_user_name",
            "note",
            "requested_by",
            "requested_at",
            "decided_at",
            "decline_reason",
            "abilities",
        ]
        read_only_fields = fields

    def get_from_user_name(self, handover) -> str:
        return user_name(handover.from_user)

    def get_to_user_name(self, handover) -> str:
        return user_name(handover.to_user)

    @extend_schema_field(HandoverAbilitiesSerializer)
    def get_abilities(self, handover) -> dict:
        return abilities(self.context["actor"], handover)


class UserField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": gettext_lazy("Dieses Konto gibt es nicht."),
        "incorrect_type": gettext_lazy("Das Konto wird als Zahl (ID) angegeben."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)

    def get_queryset(self):
        actor = self.context.get("actor")
        tenant_id = actor.tenant_id if actor else None
        return User.objects.filter(tenant_id=tenant_id, is_active=True)


class HandoverRequestSerializer(serializers.Serializer):
    to_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(),
        help_text=gettext_lazy("Einheit, die den Fall übernehmen soll."),
        error_messages={
            "does_not_exist": gettext_lazy("An diese Einheit können keine Fälle übergeben werden."),
            "incorrect_type": gettext_lazy("Die Einheit wird als Zahl (ID) angegeben."),
        },
    )
    to_user = UserField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Case Manager*in der Einheit; ohne Angabe entscheidet die Teamleitung der Einheit."
        ),
    )
    note = serializers.CharField(max_length=4000, label=gettext_lazy("Notiz zur Übergabe"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actor = self.context.get("actor")
        if actor is not None:
            self.fields["to_unit"].queryset = handover_target_units(actor.tenant_id)


class HandoverAcceptSerializer(serializers.Serializer):
    case_manager = UserField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Wer den Fall übernimmt (nur Teamleitung der Einheit); ohne Angabe: die "
            "angefragte Person, sonst Sie."
        ),
    )


class HandoverDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, label=gettext_lazy("Grund der Ablehnung"))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Übergaben eines Falls auflisten"),
        description=gettext_lazy("Alle Übergaben des Falls, neueste zuerst (Verlauf)."),
        parameters=[CASE_PK],
        responses={200: HandoverSerializer(many=True), **NOT_FOUND},
        tags=HANDOVER_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Übergabe anfragen"),
        description=gettext_lazy(
            "Fragt die Übergabe an eine Einheit oder eine Person an. Bis sie angenommen "
            "ist, bleibt der Fall bei Ihnen; je Fall ist eine Übergabe offen."
        ),
        parameters=[CASE_PK],
        request=HandoverRequestSerializer,
        responses={
            201: HandoverSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=HANDOVER_TAGS,
    ),
)
class CaseHandoverViewSet(CaseProcessMixin, viewsets.GenericViewSet):
    queryset = CaseHandover.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = HandoverSerializer

    def get_queryset(self):
        return handovers_of_case(self.case).select_related("case", "case__person")

    def list(self, request, *args, **kwargs):
        case = self.case
        page = self.paginate_queryset(self.get_queryset())
        self.audit_page("handover.list", page, obj=case, person_id=case.person_id)
        return self.get_paginated_response(
            HandoverSerializer(page, many=True, context={"actor": self.actor}).data
        )

    def create(self, request, *args, **kwargs):
        self.require_process("hand_over")
        serializer = HandoverRequestSerializer(data=request.data, context={"actor": self.actor})
        serializer.is_valid(raise_exception=True)
        handover = handover_request(actor=self.actor, case=self.case, **serializer.validated_data)
        return Response(
            HandoverSerializer(
                self.get_queryset().get(pk=handover.pk), context={"actor": self.actor}
            ).data,
            status=status.HTTP_201_CREATED,
        )


DECIDE_ERRORS = {400: VALIDATION_ERROR, 403: ErrorSerializer, **NOT_FOUND}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Übergaben an Sie auflisten"),
        description=gettext_lazy(
            "Offene Übergaben an Sie oder an eine Einheit, die Sie leiten, älteste zuerst."
        ),
        responses={200: HandoverSerializer(many=True)},
        tags=HANDOVER_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Übergabe abrufen"),
        responses={200: HandoverSerializer, **NOT_FOUND},
        tags=HANDOVER_TAGS,
    ),
    accept=extend_schema(
        summary=gettext_lazy("Übergabe annehmen"),
        description=gettext_lazy(
            "Der Fall geht an die empfangende Einheit und die übernehmende Person."
        ),
        request=HandoverAcceptSerializer,
        responses={200: HandoverSerializer, **DECIDE_ERRORS},
        tags=HANDOVER_TAGS,
    ),
    decline=extend_schema(
        summary=gettext_lazy("Übergabe ablehnen"),
        request=HandoverDeclineSerializer,
        responses={200: HandoverSerializer, **DECIDE_ERRORS},
        tags=HANDOVER_TAGS,
    ),
    withdraw=extend_schema(
        summary=gettext_lazy("Übergabe zurückziehen"),
        description=gettext_lazy("Die anfragende Seite zieht eine offene Übergabe zurück."),
        request=None,
        responses={200: HandoverSerializer, **DECIDE_ERRORS},
        tags=HANDOVER_TAGS,
    ),
)
class HandoverViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = CaseHandover.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = HandoverSerializer

    def get_queryset(self):
        return visible_handovers(self.actor)

    def get_object(self) -> CaseHandover:
        handover = super().get_object()
        if not abilities(self.actor, handover)["view"]:
            raise Http404
        return handover

    def represent(self, handover: CaseHandover) -> dict:
        return HandoverSerializer(handover, context={"actor": self.actor}).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(incoming_handovers(self.actor))
        self.audit_page("handover.list", page, person_ids=[h.case.person_id for h in page])
        return self.get_paginated_response(
            HandoverSerializer(page, many=True, context={"actor": self.actor}).data
        )

    def retrieve(self, request, *args, **kwargs):
        handover = self.get_object()
        audit(
            actor=self.actor,
            action="handover.view",
            obj=handover,
            person_id=handover.case.person_id,
            changes={"case": handover.case.number},
        )
        return Response(self.represent(handover))

    def _decided(self, handover: CaseHandover) -> Response:
        """The handover as decided now (the actor may no longer see it: a declined one)."""
        saved = handovers_of_case(handover.case).select_related("case", "case__person")
        return Response(self.represent(saved.get(pk=handover.pk)))

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        handover = self.get_object()
        self.require(abilities(self.actor, handover)["accept"])
        serializer = HandoverAcceptSerializer(data=request.data, context={"actor": self.actor})
        serializer.is_valid(raise_exception=True)
        handover_accept(
            actor=self.actor,
            handover=handover,
            case_manager=serializer.validated_data.get("case_manager"),
        )
        return self._decided(handover)

    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        handover = self.get_object()
        self.require(abilities(self.actor, handover)["decline"])
        serializer = HandoverDeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handover_decline(actor=self.actor, handover=handover, **serializer.validated_data)
        return self._decided(handover)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        handover = self.get_object()
        self.require(abilities(self.actor, handover)["withdraw"])
        handover_withdraw(actor=self.actor, handover=handover)
        return self._decided(handover)

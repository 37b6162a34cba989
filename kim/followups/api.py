"""REST API of follow-ups (Wiedervorlagen): /api/v1/followups/ (the actor's),
/api/v1/followups/unit/ (team leads: their units'), …/{id}/done/, and
/api/v1/cases/{case_pk}/followups/ (open ones of a case; create by hand).

Rows come from the selectors the start page and /wiedervorlagen/ use; every
page read is audited as `followup.list`, as there. Reassigning is not offered
(the pages do not offer it either).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.cases.selectors import case_managers, visible_cases
from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    DateField,
    ErrorSerializer,
    KimApiMixin,
    ScopedPrimaryKeyField,
    user_name,
)
from kim.core.permissions import CASE_MANAGE, CASE_VIEW
from kim.followups.models import FollowUp
from kim.followups.selectors import (
    case_open_followups,
    my_open_followups,
    unit_open_followups,
    visible_followups,
)
from kim.followups.services import followup_complete, followup_create

TAGS = [gettext_lazy("Wiedervorlagen")]
NOT_FOUND = {404: ErrorSerializer}
CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


class FollowUpAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    complete = serializers.BooleanField()


class FollowUpSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    assignee_name = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "case",
            "case_number",
            "title",
            "note",
            "due_on",
            "assignee",
            "assignee_name",
            "source",
            "done_on",
            "done_note",
            "created_at",
            "abilities",
        ]
        read_only_fields = fields

    def get_assignee_name(self, followup) -> str:
        return user_name(followup.assignee)

    @extend_schema_field(FollowUpAbilitiesSerializer)
    def get_abilities(self, followup) -> dict:
        return abilities(self.context["actor"], followup)


class FollowUpCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, label=gettext_lazy("Betreff"))
    due_on = DateField(label=gettext_lazy("fällig am"))
    assignee = ScopedPrimaryKeyField(
        lambda context: case_managers(context["case"].tenant_id, [context["case"].unit_id]),
        required=False,
        help_text=gettext_lazy("Wer zuständig ist (in der Einheit des Falls); ohne Angabe: Sie."),
        error_messages={
            "does_not_exist": gettext_lazy("Dieses Konto arbeitet nicht in der Einheit des Falls."),
            "incorrect_type": gettext_lazy("Das Konto wird als Zahl (ID) angegeben."),
        },
    )
    note = serializers.CharField(required=False, allow_blank=True)

    def validate_due_on(self, value):
        if value < timezone.localdate() - timedelta(days=365):
            raise serializers.ValidationError(_("Das Datum liegt mehr als ein Jahr zurück."))
        return value


class CompleteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, label=gettext_lazy("Vermerk")
    )


class MineFilterSerializer(serializers.Serializer):
    period = serializers.ChoiceField(
        choices=[("due", gettext_lazy("fällig")), ("30days", gettext_lazy("nächste 30 Tage"))],
        required=False,
        help_text=gettext_lazy(
            "„due“: fällig und überfällig (Standard); „30days“: auch die nächsten 30 Tage."
        ),
    )


class UnitFilterSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        help_text=gettext_lazy("Nur für dieses Konto."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Eigene Wiedervorlagen auflisten"),
        description=gettext_lazy(
            "Offene Wiedervorlagen, für die Sie zuständig sind: fällige und überfällige, "
            "mit `period=30days` auch die der nächsten 30 Tage."
        ),
        parameters=[MineFilterSerializer],
        responses={200: FollowUpSerializer(many=True), 400: VALIDATION_ERROR},
        tags=TAGS,
    ),
    unit=extend_schema(
        summary=gettext_lazy("Wiedervorlagen der Einheit auflisten"),
        description=gettext_lazy(
            "Für Teamleitungen: fällige und überfällige Wiedervorlagen in den Fällen Ihrer "
            "Einheiten (sonst 403)."
        ),
        parameters=[UnitFilterSerializer],
        responses={200: FollowUpSerializer(many=True), 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    done=extend_schema(
        summary=gettext_lazy("Wiedervorlage erledigen"),
        request=CompleteSerializer,
        responses={
            200: FollowUpSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
)
class FollowUpViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = FollowUp.objects.none()  # for the schema; rows come from the selectors
    serializer_class = FollowUpSerializer

    def get_queryset(self):
        return visible_followups(self.actor).select_related("case", "assignee")

    def page_of(self, followups) -> Response:
        page = self.paginate_queryset(followups)
        self.audit_page("followup.list", page, person_ids=sorted({f.case.person_id for f in page}))
        return self.get_paginated_response(
            FollowUpSerializer(page, many=True, context={"actor": self.actor}).data
        )

    def list(self, request, *args, **kwargs):
        self.require(self.actor.has(CASE_VIEW))
        wanted = MineFilterSerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        today = timezone.localdate()
        until = (
            today + timedelta(days=30) if wanted.validated_data.get("period") == "30days" else today
        )
        return self.page_of(my_open_followups(self.actor, until=until).select_related("assignee"))

    @action(detail=False, methods=["get"])
    def unit(self, request, *args, **kwargs):
        self.require(self.actor.has(CASE_MANAGE))
        wanted = UnitFilterSerializer(data=request.query_params)
        wanted.is_valid(raise_exception=True)
        return self.page_of(
            unit_open_followups(
                self.actor,
                today=timezone.localdate(),
                assignee_id=wanted.validated_data.get("assignee"),
            )
        )

    @action(detail=True, methods=["post"])
    def done(self, request, *args, **kwargs):
        followup = self.get_object()
        self.require(abilities(self.actor, followup)["complete"])
        serializer = CompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        followup = followup_complete(
            actor=self.actor, followup=followup, note=serializer.validated_data.get("note", "")
        )
        return Response(
            FollowUpSerializer(
                self.get_queryset().get(pk=followup.pk), context={"actor": self.actor}
            ).data
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Offene Wiedervorlagen eines Falls auflisten"),
        parameters=[CASE_PK],
        responses={200: FollowUpSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Wiedervorlage anlegen"),
        description=gettext_lazy(
            "Legt eine Wiedervorlage von Hand an, in einem offenen Fall Ihrer Einheit."
        ),
        parameters=[CASE_PK],
        request=FollowUpCreateSerializer,
        responses={
            201: FollowUpSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
)
class CaseFollowUpViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = FollowUp.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = FollowUpSerializer

    @property
    def case(self):
        return self.fetch(visible_cases(self.actor).select_related("person", "unit"), "case_pk")

    def get_queryset(self):
        return case_open_followups(self.actor, self.case).select_related("case")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.audit_page("followup.list", page, obj=self.case, person_id=self.case.person_id)
        return self.get_paginated_response(
            FollowUpSerializer(page, many=True, context={"actor": self.actor}).data
        )

    def create(self, request, *args, **kwargs):
        case = self.case
        self.require(abilities(self.actor, case)["document"])
        serializer = FollowUpCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        followup = followup_create(actor=self.actor, case=case, **serializer.validated_data)
        return Response(
            FollowUpSerializer(
                FollowUp.objects.select_related("case", "assignee").get(pk=followup.pk),
                context={"actor": self.actor},
            ).data,
            status=status.HTTP_201_CREATED,
        )

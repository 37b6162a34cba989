"""Case conferences in the API: /api/v1/cases/{case_pk}/conferences/ (list, document,
read, correct with `version`). Agreed actions are support-plan actions: create them
at …/actions/ with `conference`.

The case's own unit reads and writes them (as on the pages); participants outside
that unit receive the conference's data only within a consent for the purpose
"Fallkonferenz" that covers them or on the stated `legal_mandate` (400 naming every
participant no consent covers); each becomes a row in the disclosure log.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    ScopedPrimaryKeyField,
    VersionRequiredMixin,
    required_version_field,
    user_name,
)
from kim.core.audit import audit
from kim.people.models import Consent
from kim.planning.api.common import CASE_PK, NOT_FOUND, PlanningCaseMixin
from kim.planning.models import CaseConference, ConferenceParticipant
from kim.planning.selectors import (
    conference_of_case,
    conference_units,
    conferences_of_case,
    organisations,
)
from kim.planning.services import conference_create, conference_update

TAGS = [gettext_lazy("Fallkonferenzen")]
WRITE_ERRORS = {400: VALIDATION_ERROR, 403: ErrorSerializer, 409: ConflictSerializer, **NOT_FOUND}


def categories(**kwargs):
    return serializers.ListField(
        child=EnumField(Consent.DataCategory.choices, enum_name="ConsentDataCategory"), **kwargs
    )


class ParticipantSerializer(serializers.Serializer):
    kind = EnumField(ConferenceParticipant.Kind.choices, enum_name="ConferenceParticipantKind")
    unit = ScopedPrimaryKeyField(
        lambda context: conference_units(context["actor"].tenant_id),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("ID der Einheit (bei `unit`)."),
    )
    organisation = ScopedPrimaryKeyField(
        lambda context: organisations(context["actor"]),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("ID der Organisation (bei `organisation`)."),
    )
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    label = serializers.CharField(read_only=True)
    consent = serializers.IntegerField(source="consent_id", read_only=True, allow_null=True)


class ActionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class ConferenceSerializer(serializers.ModelSerializer):
    data_categories = categories()
    participants = ParticipantSerializer(many=True, read_only=True)
    actions = ActionRefSerializer(many=True, read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseConference
        fields = [
            "id",
            "case",
            "held_on",
            "agenda",
            "minutes",
            "data_categories",
            "legal_mandate",
            "participants",
            "actions",
            "version",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_created_by_name(self, conference) -> str:
        return user_name(conference.created_by)


class ConferenceWriteSerializer(serializers.Serializer):
    held_on = DateField()
    agenda = serializers.CharField(max_length=4000)
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    data_categories = categories(allow_empty=False)
    participants = ParticipantSerializer(many=True, allow_empty=False)
    legal_mandate = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ConferenceUpdateSerializer(VersionRequiredMixin, ConferenceWriteSerializer):
    version = required_version_field()


CONFERENCE_DATA = ("held_on", "agenda", "minutes", "data_categories", "legal_mandate")


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Fallkonferenzen eines Falls"),
        parameters=[CASE_PK],
        responses={200: ConferenceSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Fallkonferenz abrufen"),
        parameters=[CASE_PK],
        responses={200: ConferenceSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Fallkonferenz dokumentieren"),
        parameters=[CASE_PK],
        request=ConferenceWriteSerializer,
        responses={201: ConferenceSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Fallkonferenz ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Angaben; gesendete `participants` ersetzen die bisherigen. "
            "Neu hinzugekommene Empfänger oder Daten werden protokolliert. `version` ist "
            "Pflicht; ist sie veraltet: 409."
        ),
        parameters=[CASE_PK],
        request=ConferenceUpdateSerializer,
        responses={200: ConferenceSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class ConferenceViewSet(PlanningCaseMixin, viewsets.GenericViewSet):
    queryset = CaseConference.objects.none()  # for the schema; rows come from the selectors
    serializer_class = ConferenceSerializer

    def get_object(self) -> CaseConference:
        conference = conference_of_case(self.case, int(self.kwargs["pk"]))
        if conference is None:
            raise NotFound()
        return conference

    def represent(self, conference) -> dict:
        return ConferenceSerializer(conference, context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        self.require_plan("view")
        page = self.paginate_queryset(conferences_of_case(self.case))
        self.audit_list("conference.view", page)
        return self.get_paginated_response(
            ConferenceSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, *args, **kwargs):
        self.require_plan("view")
        conference = self.get_object()
        audit(
            actor=self.actor,
            action="conference.view",
            obj=conference,
            person_id=self.case.person_id,
        )
        return Response(self.represent(conference))

    def create(self, request, *args, **kwargs):
        self.require_plan("plan")
        serializer = ConferenceWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        conference = conference_create(
            actor=self.actor,
            case=self.case,
            **{name: data[name] for name in CONFERENCE_DATA if name in data},
            participants=[dict(p) for p in data["participants"]],
        )
        return Response(
            self.represent(conference_of_case(self.case, conference.pk)),
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        conference = self.get_object()
        self.require_plan("plan")
        serializer = ConferenceUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        participants = (
            [dict(p) for p in data["participants"]]
            if "participants" in data
            else [
                {
                    "kind": p.kind,
                    "unit": p.unit,
                    "organisation": p.organisation,
                    "name": p.name,
                    "role": p.role,
                }
                for p in conference.participants.all()
            ]
        )
        conference_update(
            actor=self.actor,
            conference=conference,
            version=data["version"],
            **{name: data.get(name, getattr(conference, name)) for name in CONFERENCE_DATA},
            participants=participants,
        )
        return Response(self.represent(conference_of_case(self.case, conference.pk)))

    def stale_representation(self, current) -> dict:
        return self.represent(conference_of_case(self.case, current.pk))

"""/api/v1/steering/bodies/ and /api/v1/steering/meetings/: bodies (Gremien) with
members, meetings and recommendations; meetings with agenda, results, decisions, tasks
and minutes – what the pages of a body and a meeting show, to the same people: the
coordination and team leads (`may_read_bodies`), everyone else 403. Members' e-mail
addresses only for the coordination (`may_manage_bodies`), as on the page.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
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
from kim.steering.bodies import (
    may_manage_bodies,
    may_read_bodies,
    visible_bodies,
    visible_meetings,
)
from kim.steering.models import AgendaItem, Body, BodyMember, Meeting, MeetingTask, Recommendation

BODY_ID = path_id(gettext_lazy("ID des Gremiums"))
MEETING_ID = path_id(gettext_lazy("ID der Sitzung"))


def meeting_state_field(**kwargs):
    return EnumField(Meeting.State.choices, enum_name="MeetingState", **kwargs)


class MeetingSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    state = meeting_state_field()
    state_label = serializers.CharField(source="get_state_display")


class BodyMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    sector = EnumField(BodyMember.Sector.choices, enum_name="BodyMemberSector")
    sector_label = serializers.CharField(source="get_sector_display")
    role = serializers.CharField(help_text=gettext_lazy("Funktion, z. B. Vorsitz"))
    email = serializers.EmailField(
        required=False,
        help_text=gettext_lazy("Nur für die KIM-Koordination; sonst fehlt das Feld."),
    )
    joined_on = DateField()
    left_on = DateField(allow_null=True)

    def to_representation(self, member):
        data = super().to_representation(member)
        if not self.context.get("manage"):
            data.pop("email", None)
        return data


class BodyRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    addressee = EnumField(Recommendation.Addressee.choices, enum_name="RecommendationAddressee")
    addressee_label = serializers.CharField(source="get_addressee_display")
    status = EnumField(Recommendation.Status.choices, enum_name="RecommendationStatus")
    status_label = serializers.CharField(source="get_status_display")


class BodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = EnumField(Body.Kind.choices, enum_name="BodyKind")
    kind_label = serializers.CharField(source="get_kind_display")
    purpose = serializers.CharField()
    started_on = DateField()
    state = EnumField(Body.State.choices, enum_name="BodyState")
    state_label = serializers.CharField(source="get_state_display")
    next_meeting = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(MeetingSummarySerializer(allow_null=True))
    def get_next_meeting(self, body) -> dict | None:
        """The next planned meeting, as the list of bodies shows it."""
        meeting = self.context.get("upcoming", {}).get(body.pk)
        return MeetingSummarySerializer(meeting).data if meeting else None


class BodyDetailSerializer(BodySerializer):
    members = BodyMemberSerializer(many=True, source="members.all")
    meetings = MeetingSummarySerializer(many=True, source="meetings.all")
    recommendations = BodyRecommendationSerializer(many=True, source="recommendations.all")


class MeetingAgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    issue = serializers.IntegerField(source="issue_id", allow_null=True)
    issue_title = serializers.CharField(source="issue.title", allow_null=True, default=None)
    issue_status = status_field(source="issue.status", allow_null=True, default=None)
    result = serializers.CharField()
    decision = serializers.CharField()


class MeetingTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    owner_name = serializers.SerializerMethodField(
        help_text=gettext_lazy("Zuständig: Name des Kontos oder einer Person ohne Konto.")
    )
    item = serializers.IntegerField(source="item_id", allow_null=True)
    due_on = DateField()
    done_on = DateField(allow_null=True)

    def get_owner_name(self, task) -> str:
        # The account's name, or the name of someone without one (a member).
        return person_name(task.owner) if task.owner_id else task.owner_name


class MeetingSerializer(MeetingSummarySerializer):
    body = serializers.IntegerField(source="body_id")
    body_name = serializers.CharField(source="body.name")
    version = serializers.IntegerField()


class MeetingDetailSerializer(MeetingSerializer):
    items = MeetingAgendaItemSerializer(many=True, source="items.all")
    tasks = MeetingTaskSerializer(many=True, source="tasks.all")
    minutes = serializers.CharField()


class MeetingFilterSerializer(serializers.Serializer):
    body = ScopedPrimaryKeyField(
        lambda context: visible_bodies(context["actor"]),
        required=False,
        help_text=gettext_lazy("Nur Sitzungen dieses Gremiums (ID)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekanntes Gremium.")},
    )
    state = meeting_state_field(required=False, help_text=gettext_lazy("Nur in diesem Stand."))
    # "from" is a Python keyword: both ends are set in the class namespace directly.
    locals()["from"] = DateField(
        required=False,
        help_text=gettext_lazy("Nur Sitzungen, die an diesem Tag oder später beginnen."),
    )
    locals()["to"] = DateField(
        required=False,
        help_text=gettext_lazy("Nur Sitzungen, die bis zu diesem Tag beginnen (JJJJ-MM-TT)."),
    )

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"to": [_("Das Ende des Zeitraums liegt vor seinem Anfang.")]}
            )
        return attrs


def _upcoming(actor) -> dict[int, Meeting]:
    """The next planned meeting of each body (one query), as on the list of bodies."""
    upcoming: dict[int, Meeting] = {}
    for meeting in (
        visible_meetings(actor)
        .filter(starts_at__gte=timezone.now(), state=Meeting.State.PLANNED)
        .order_by("starts_at", "id")
    ):
        upcoming.setdefault(meeting.body_id, meeting)
    return upcoming


class BodiesMixin(SteeringApiMixin):
    def may_use(self) -> bool:
        return may_read_bodies(self.actor)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "manage": may_manage_bodies(self.actor)}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Gremien auflisten"),
        description=gettext_lazy(
            "Steuerungsgruppe, Lenkungskreis, Arbeits- und Projektgruppen der Kommune mit der "
            "nächsten geplanten Sitzung. Für KIM-Koordination und Teamleitungen (sonst 403)."
        ),
        responses={200: BodySerializer(many=True), **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Gremium abrufen"),
        description=gettext_lazy(
            "Mit Mitgliedern (E-Mail nur für die KIM-Koordination), Sitzungen und Empfehlungen."
        ),
        parameters=[BODY_ID],
        responses={200: BodyDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
)
class BodyViewSet(BodiesMixin, viewsets.GenericViewSet):
    queryset = Body.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = BodyDetailSerializer

    def get_queryset(self):
        return visible_bodies(self.actor).order_by("state", "name", "id")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        context = {**self.get_serializer_context(), "upcoming": _upcoming(self.actor)}
        return self.get_paginated_response(BodySerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        body = self.fetch(
            self.get_queryset().prefetch_related(
                Prefetch("members", queryset=BodyMember.objects.order_by("name", "id")),
                Prefetch("meetings", queryset=Meeting.objects.order_by("-starts_at", "-id")),
                Prefetch(
                    "recommendations",
                    queryset=Recommendation.objects.order_by("-created_at", "-id"),
                ),
            )
        )
        context = {**self.get_serializer_context(), "upcoming": _upcoming(self.actor)}
        return Response(BodyDetailSerializer(body, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Sitzungen auflisten"),
        description=gettext_lazy(
            "Die Sitzungen der Gremien, neueste zuerst; `body`, `state`, `from` und `to` "
            "(Tag des Beginns, JJJJ-MM-TT) schränken ein. Für KIM-Koordination und "
            "Teamleitungen (sonst 403)."
        ),
        parameters=[MeetingFilterSerializer],
        responses={200: MeetingSerializer(many=True), 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Sitzung abrufen"),
        description=gettext_lazy(
            "Mit Tagesordnung (Strukturthemen, Ergebnis, Beschluss), Aufgaben und Protokoll."
        ),
        parameters=[MEETING_ID],
        responses={200: MeetingDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
)
class MeetingViewSet(BodiesMixin, viewsets.GenericViewSet):
    queryset = Meeting.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = MeetingDetailSerializer

    def get_queryset(self):
        return visible_meetings(self.actor).select_related("body").order_by("-starts_at", "-id")

    def list(self, request, *args, **kwargs):
        wanted = MeetingFilterSerializer(
            data=request.query_params.dict(), context=self.get_serializer_context()
        )
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        meetings = self.get_queryset()
        if data.get("body") is not None:
            meetings = meetings.filter(body=data["body"])
        if data.get("state"):
            meetings = meetings.filter(state=data["state"])
        if data.get("from"):
            meetings = meetings.filter(starts_at__date__gte=data["from"])
        if data.get("to"):
            meetings = meetings.filter(starts_at__date__lte=data["to"])
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(
            MeetingSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, *args, **kwargs):
        meeting = self.fetch(
            self.get_queryset().prefetch_related(
                Prefetch(
                    "items",
                    queryset=AgendaItem.objects.select_related("issue").order_by("position", "id"),
                ),
                Prefetch(
                    "tasks",
                    queryset=MeetingTask.objects.select_related("owner").order_by("due_on", "id"),
                ),
            )
        )
        return Response(
            MeetingDetailSerializer(meeting, context=self.get_serializer_context()).data
        )

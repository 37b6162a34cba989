"""Shares and emergency access in the API, as on the pages:
/api/v1/cases/{case_pk}/shares/ (the sharing side: list, share, …/{id}/end/),
/api/v1/shares/received/ (the receiving side: active shares to the actor's units),
/api/v1/emergency-accesses/ (team leads open a case by number and reason; data
protection lists every access).

A receiving unit reads the shared parts on the case page; the API's case
endpoints stay with the case's own unit (`visible_cases` without shares).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.cases.abilities import share_abilities
from kim.cases.api.common import CASE_PK, NOT_FOUND
from kim.cases.models import CaseShare, EmergencyAccess
from kim.cases.parts import Part
from kim.cases.selectors import (
    emergency_accesses,
    share_receiving_units,
    share_target_units,
    shares_of_case,
    shares_received,
    visible_cases,
)
from kim.cases.services import emergency_access_open, share_create, share_end
from kim.core.api import (
    WRITE_ERRORS,
    DateField,
    EnumField,
    KimApiMixin,
    ScopedPrimaryKeyField,
    user_name,
)
from kim.core.permissions import AUDIT_VIEW, CASE_EMERGENCY_ACCESS
from kim.people.models import Consent

TAGS = [gettext_lazy("Freigaben und Notfallzugriff")]


def part_field(**kwargs):
    return EnumField(Part.choices, enum_name="CasePart", **kwargs)


def purpose_field(**kwargs):
    return EnumField(Consent.PurposeCategory.choices, enum_name="ConsentPurposeCategory", **kwargs)


class ShareAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    end = serializers.BooleanField()


class ShareSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True)
    parts = serializers.ListField(child=part_field())
    purpose_category = purpose_field()
    state = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "active, scheduled (beginnt später), expired, ended (vorzeitig beendet) oder "
            "consent_invalid (Einwilligung widerrufen oder abgelaufen)"
        )
    )
    created_by_name = serializers.SerializerMethodField()
    ended_by_name = serializers.SerializerMethodField()

    class Meta:
        model = CaseShare
        fields = [
            "id",
            "case",
            "case_number",
            "from_unit",
            "from_unit_name",
            "to_unit",
            "to_unit_name",
            "parts",
            "purpose_category",
            "purpose",
            "consent",
            "legal_mandate",
            "valid_from",
            "valid_until",
            "state",
            "created_by",
            "created_by_name",
            "created_at",
            "ended_at",
            "ended_by",
            "ended_by_name",
            "end_reason",
        ]
        read_only_fields = fields

    def get_state(self, share) -> str:
        return share.state()

    def get_created_by_name(self, share) -> str:
        return user_name(share.created_by)

    def get_ended_by_name(self, share) -> str:
        return user_name(share.ended_by) if share.ended_by_id else ""


class ShareCreateSerializer(serializers.Serializer):
    to_unit = ScopedPrimaryKeyField(
        lambda context: share_target_units(context["case"]),
        help_text=gettext_lazy("ID der empfangenden Einheit."),
        error_messages={
            "does_not_exist": gettext_lazy("Mit dieser Einheit kann der Fall nicht geteilt werden.")
        },
    )
    parts = serializers.ListField(
        child=part_field(),
        allow_empty=False,
        help_text=gettext_lazy("Die freigegebenen Teile des Falls."),
        error_messages={"empty": gettext_lazy("Bitte mindestens einen Teil des Falls auswählen.")},
    )
    purpose_category = purpose_field()
    purpose = serializers.CharField(max_length=2000)
    valid_from = DateField(required=False, help_text=gettext_lazy("Ohne Angabe: heute."))
    valid_until = DateField()
    legal_mandate = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Nur ohne passende Einwilligung: der gesetzliche Auftrag der empfangenden Stelle."
        ),
    )


class ShareEndSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Bitte angeben, warum die Freigabe endet."),
            "blank": gettext_lazy("Bitte angeben, warum die Freigabe endet."),
        },
    )


def _fresh(share_pk: int) -> CaseShare:
    return CaseShare.objects.select_related(
        "case", "from_unit", "to_unit", "consent", "created_by", "ended_by"
    ).get(pk=share_pk)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Freigaben eines Falls auflisten"),
        description=gettext_lazy(
            "Alle Freigaben des Falls an andere Einheiten mit ihrem Stand, neueste zuerst. "
            "Nur für die Einheit des Falls."
        ),
        parameters=[CASE_PK],
        responses={200: ShareSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Teile eines Falls freigeben"),
        description=gettext_lazy(
            "Gibt Teile des Falls einer anderen Einheit bis `valid_until` frei. Grundlage ist "
            "eine gültige Einwilligung, die die Organisation der Einheit, die Daten der Teile "
            "und den Zweck nennt; sonst ist `legal_mandate` Pflicht (400 mit dem Grund, warum "
            "keine Einwilligung passt). Freigeben darf die Fallverantwortung oder die "
            "Teamleitung (403)."
        ),
        parameters=[CASE_PK],
        request=ShareCreateSerializer,
        responses={201: ShareSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
    end=extend_schema(
        summary=gettext_lazy("Freigabe vorzeitig beenden"),
        description=gettext_lazy("Die empfangende Einheit verliert den Zugriff sofort."),
        parameters=[CASE_PK],
        request=ShareEndSerializer,
        responses={200: ShareSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class CaseShareViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = CaseShare.objects.none()  # for the schema; rows come from the selectors
    serializer_class = ShareSerializer

    @property
    def case(self):
        return self.fetch(visible_cases(self.actor).select_related("person", "unit"), "case_pk")

    def list(self, request, *args, **kwargs):
        case = self.case
        page = self.paginate_queryset(shares_of_case(case))
        self.audit_page("case.view", page, obj=case, person_id=case.person_id, shares=True)
        return self.get_paginated_response(ShareSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        case = self.case
        self.require(share_abilities(self.actor, case)["share"])
        serializer = ShareCreateSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        share = share_create(
            actor=self.actor,
            case=case,
            to_unit=data["to_unit"],
            parts=data["parts"],
            purpose=data["purpose"],
            purpose_category=data["purpose_category"],
            valid_from=data.get("valid_from"),
            valid_until=data["valid_until"],
            legal_mandate=data.get("legal_mandate", ""),
        )
        return Response(ShareSerializer(_fresh(share.pk)).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        case = self.case
        share = self.fetch(CaseShare.objects.filter(case=case).select_related("case"))
        # An ended share is a 400 from the service ("bereits beendet"), not a 403.
        self.require(share_abilities(self.actor, case)["end"])
        serializer = ShareEndSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share_end(actor=self.actor, share=share, reason=serializer.validated_data["reason"])
        return Response(ShareSerializer(_fresh(share.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Für die eigenen Einheiten freigegebene Fälle"),
        description=gettext_lazy(
            "Die aktiven Freigaben an Einheiten, in denen Sie mit Personendaten arbeiten. "
            "Die freigegebenen Teile lesen Sie auf der Fallseite."
        ),
        responses={200: ShareSerializer(many=True)},
        tags=TAGS,
    ),
)
class ReceivedShareViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = CaseShare.objects.none()  # for the schema; rows come from the selectors
    serializer_class = ShareSerializer

    def list(self, request, *args, **kwargs):
        if not share_receiving_units(self.actor):
            raise exceptions.NotFound()
        page = self.paginate_queryset(shares_received(self.actor))
        self.audit_page(
            "case.list",
            page,
            shared=True,
            person_ids=sorted({s.case.person_id for s in page}),
        )
        return self.get_paginated_response(ShareSerializer(page, many=True).data)


class EmergencyAccessSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_unit = serializers.IntegerField(source="case.unit_id", read_only=True)
    person = serializers.IntegerField(source="case.person_id", read_only=True)
    user_name = serializers.SerializerMethodField()
    running = serializers.BooleanField(source="is_running", read_only=True)

    class Meta:
        model = EmergencyAccess
        fields = [
            "id",
            "case",
            "case_number",
            "case_unit",
            "person",
            "user",
            "user_name",
            "unit",
            "reason",
            "started_at",
            "ends_at",
            "running",
        ]
        read_only_fields = fields

    def get_user_name(self, access) -> str:
        return user_name(access.user)


class EmergencyAccessCreateSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30, help_text=gettext_lazy("Die Fallnummer."))
    reason = serializers.CharField(max_length=2000, help_text=gettext_lazy("Grund des Notfalls."))


class EmergencyFilterSerializer(serializers.Serializer):
    user = serializers.IntegerField(required=False, min_value=1)
    number = serializers.CharField(required=False, max_length=30)
    since = DateField(required=False)
    until = DateField(required=False)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Notfallzugriffe auflisten (Datenschutz)"),
        description=gettext_lazy("Jeder Notfallzugriff der Kommune, neueste zuerst."),
        parameters=[EmergencyFilterSerializer],
        responses={200: EmergencyAccessSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Notfallzugriff auf einen Fall (Teamleitung)"),
        description=gettext_lazy(
            "Öffnet den Fall mit dieser Nummer außerhalb Ihrer Einheiten für "
            "`KIM_EMERGENCY_ACCESS_HOURS` Stunden, nur lesend, auf der Fallseite. Grund "
            "mindestens 10 Zeichen; protokolliert als `case.emergency_access`."
        ),
        request=EmergencyAccessCreateSerializer,
        responses={201: EmergencyAccessSerializer, **WRITE_ERRORS},
        tags=TAGS,
    ),
)
class EmergencyAccessViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = EmergencyAccess.objects.none()  # for the schema; rows come from the selectors
    serializer_class = EmergencyAccessSerializer

    def list(self, request, *args, **kwargs):
        if not self.actor.has(AUDIT_VIEW):
            raise exceptions.NotFound()
        filters = EmergencyFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        rows = emergency_accesses(
            self.actor,
            user_id=wanted.get("user"),
            case_number=wanted.get("number", ""),
            since=wanted.get("since"),
            until=wanted.get("until"),
        )
        page = self.paginate_queryset(rows)
        self.audit_page("emergency_access.list", page, filters=dict(request.query_params))
        return self.get_paginated_response(EmergencyAccessSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        if not self.actor.has(CASE_EMERGENCY_ACCESS):
            raise exceptions.NotFound()
        serializer = EmergencyAccessCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        access = emergency_access_open(actor=self.actor, **serializer.validated_data)
        access = EmergencyAccess.objects.select_related("case", "user").get(pk=access.pk)
        return Response(EmergencyAccessSerializer(access).data, status=status.HTTP_201_CREATED)

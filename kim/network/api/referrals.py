"""Referrals in the API: /api/v1/cases/{case_pk}/referrals/ for the case's unit.

As on the pages: a draft is created and changed (`version`, 409 when stale),
sent through the consent gate (400 with the reason when no consent covers it),
moved on by recorded answers, and given a partner link whose token appears
once, in the answer to its creation. Reads are audited like the pages.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.cases.models import Case
from kim.cases.selectors import visible_cases
from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    KimApiMixin,
    ScopedPrimaryKeyField,
    required_version_field,
    service_errors,
    user_name,
)
from kim.core.audit import audit
from kim.network.models import Referral, ReferralLink, ReferralStatusChange, Service
from kim.network.referral_basis import SHAREABLE_CATEGORIES
from kim.network.referral_states import Outcome, Status
from kim.network.services.referral_links import (
    link_url,
    referral_link_create,
    referral_link_revoke,
)
from kim.network.services.referrals import (
    Answer,
    referral_change_status,
    referral_create,
    referral_send,
    referral_update,
)
from kim.people.models import Consent
from kim.planning.models import Action

NOT_FOUND = {404: ErrorSerializer}
WRITE_ERRORS = {400: VALIDATION_ERROR, 403: ErrorSerializer, 409: ConflictSerializer, **NOT_FOUND}
TAGS = [gettext_lazy("Vermittlungen")]
CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)
LINK_PK = OpenApiParameter(
    "link_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("ID des Partner-Links"),
)


def referral_status(**kwargs):
    return EnumField(Status.choices, enum_name="ReferralStatus", **kwargs)


def data_categories_field(**kwargs):
    labels = dict(Consent.DataCategory.choices)
    return serializers.ListField(
        child=EnumField(
            [(code, labels[code]) for code in SHAREABLE_CATEGORIES],
            enum_name="ReferralDataCategory",
        ),
        help_text=gettext_lazy(
            "Welche Daten die Partnerstelle sieht; leer: keine (die Person meldet sich "
            "selbst). Wer Daten teilt, teilt auch die Stammdaten (`base`)."
        ),
        **kwargs,
    )


class ReferralStatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    changed_at = serializers.DateTimeField()
    changed_by = serializers.IntegerField(source="changed_by_id", allow_null=True)
    changed_by_name = serializers.SerializerMethodField()
    via = serializers.CharField()
    note = serializers.CharField()

    def get_changed_by_name(self, change) -> str:
        return user_name(change.changed_by)


class ReferralLinkSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = ReferralLink
        fields = ["id", "created_at", "expires_at", "revoked_at", "last_used_at", "state"]
        read_only_fields = fields

    def get_state(self, link) -> str:
        return link.state()


class NewReferralLinkSerializer(ReferralLinkSerializer):
    url = serializers.CharField(help_text=gettext_lazy("Nur in dieser Antwort, nie wieder."))
    token = serializers.CharField(help_text=gettext_lazy("Nur in dieser Antwort, nie wieder."))

    class Meta(ReferralLinkSerializer.Meta):
        fields = [*ReferralLinkSerializer.Meta.fields, "url", "token"]
        read_only_fields = fields


class ReferralAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    send = serializers.BooleanField()
    cancel = serializers.BooleanField()
    record_answer = serializers.BooleanField()
    record_start = serializers.BooleanField()
    complete = serializers.BooleanField()
    create_link = serializers.BooleanField()


class ReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    purpose_category = EnumField(
        Consent.PurposeCategory.choices, enum_name="PurposeCategory", read_only=True
    )
    data_categories = data_categories_field(read_only=True)
    status = referral_status(read_only=True)
    outcome = EnumField(
        Outcome.choices, enum_name="ReferralOutcome", allow_blank=True, read_only=True
    )
    waiting_days = serializers.IntegerField(read_only=True, allow_null=True)
    consent_valid = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Ob die Rechtsgrundlage heute noch gilt – eine Einwilligung gültig ist und die geteilten "
            "Daten, die Empfängerin und den Zweck noch abdeckt; sonst sieht die Partnerstelle nichts."
        )
    )
    status_history = ReferralStatusChangeSerializer(many=True, read_only=True)
    links = ReferralLinkSerializer(many=True, read_only=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "case",
            "action",
            "service",
            "service_name",
            "organisation",
            "organisation_name",
            "purpose",
            "purpose_category",
            "data_categories",
            "message",
            "consent",
            "legal_mandate",
            "consent_valid",
            "status",
            "sent_at",
            "sent_by",
            "answered_at",
            "decline_reason",
            "first_appointment_on",
            "waiting_days",
            "closed_at",
            "outcome",
            "outcome_note",
            "cancel_reason",
            "partner_seen_at",
            "version",
            "status_history",
            "links",
            "created_at",
            "abilities",
        ]
        read_only_fields = fields

    def get_consent_valid(self, referral) -> bool:
        return referral.legal_basis_holds()

    @extend_schema_field(ReferralAbilitiesSerializer)
    def get_abilities(self, referral) -> dict:
        return abilities(self.context["actor"], referral)


def _services(context):
    actor = context.get("actor")
    return Service.objects.active().filter(tenant_id=actor.tenant_id if actor else None)


def _consents(context):
    case = context.get("case")
    if case is None:
        return Consent.objects.none()
    return Consent.objects.filter(tenant_id=case.tenant_id, person_id=case.person_id)


def _actions(context):
    case = context.get("case")
    if case is None:
        return Action.objects.none()
    return Action.objects.filter(tenant_id=case.tenant_id, case=case)


class ReferralWriteSerializer(serializers.Serializer):
    service = ScopedPrimaryKeyField(
        _services,
        error_messages={"does_not_exist": gettext_lazy("Dieses Angebot gibt es nicht.")},
    )
    action = ScopedPrimaryKeyField(
        _actions,
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": gettext_lazy("Diese Maßnahme gehört nicht zu dem Fall.")},
    )
    purpose = serializers.CharField(max_length=2000, label=gettext_lazy("Zweck"))
    purpose_category = EnumField(
        Consent.PurposeCategory.choices,
        enum_name="PurposeCategory",
        required=False,
        default=Consent.PurposeCategory.REFERRAL,
    )
    data_categories = data_categories_field(required=False, default=list)
    message = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    consent = ScopedPrimaryKeyField(
        _consents,
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": gettext_lazy("Diese Einwilligung gehört nicht zu der Person.")
        },
    )
    legal_mandate = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class ReferralUpdateSerializer(ReferralWriteSerializer):
    action = None  # a draft keeps the action it came from
    version = required_version_field()


class ReferralVersionSerializer(serializers.Serializer):
    version = required_version_field()


class ReferralStatusSerializer(serializers.Serializer):
    version = required_version_field()
    status = EnumField(
        [(s, Status(s).label) for s in (Status.ACCEPTED, Status.DECLINED, Status.IN_PROGRESS,
                                        Status.COMPLETED, Status.CANCELLED)],
        enum_name="ReferralTarget",
    )  # fmt: skip
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text=gettext_lazy("Pflicht bei `declined` und `cancelled`."),
    )
    first_appointment_on = DateField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Pflicht bei `in_progress`; möglich bei `accepted`."),
    )
    outcome = EnumField(
        Outcome.choices,
        enum_name="ReferralOutcome",
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Pflicht bei `completed`."),
    )
    outcome_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReferralLinkCreateSerializer(serializers.Serializer):
    days = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=90,
        help_text=gettext_lazy("Gültigkeit in Tagen; ohne Angabe: KIM_REFERRAL_LINK_DAYS."),
    )


class ReferralLinkRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


# What a draft's PATCH may change; anything not sent stays as it is.
DRAFT_DATA = (
    "service",
    "purpose",
    "purpose_category",
    "data_categories",
    "message",
    "consent",
    "legal_mandate",
)


def _with_history(queryset):
    history = ReferralStatusChange.objects.select_related("changed_by").order_by("changed_at", "id")
    return queryset.select_related("service", "organisation", "consent").prefetch_related(
        "consent__recipient_organisations",
        Prefetch("status_history", queryset=history),
        Prefetch("links", queryset=ReferralLink.objects.order_by("-created_at", "-id")),
    )


@extend_schema(tags=TAGS, parameters=[CASE_PK])
class CaseReferralViewSet(KimApiMixin, viewsets.GenericViewSet):
    """The referrals of a case, for its unit."""

    queryset = Referral.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = ReferralSerializer

    @property
    def case(self) -> Case:
        return self.fetch(visible_cases(self.actor).select_related("person"), "case_pk")

    def get_queryset(self):
        return _with_history(
            Referral.objects.filter(tenant_id=self.case.tenant_id, case=self.case)
        ).order_by("-created_at", "-id")

    def get_serializer_context(self):
        context = {"actor": self.actor, "request": self.request}
        if "case_pk" in self.kwargs:  # absent while the schema is generated
            context["case"] = self.case
        return context

    def get_object(self) -> Referral:
        referral = super().get_object()
        referral.case = self.case
        return referral

    def represent(self, referral, *, many=False):
        for one in referral if many else [referral]:
            one.case = self.case
        return ReferralSerializer(referral, many=many, context=self.get_serializer_context()).data

    def saved(self, referral) -> dict:
        return self.represent(self.get_queryset().get(pk=referral.pk))

    def _audit(self, referral):
        audit(actor=self.actor, action="referral.view", obj=referral, person_id=self.case.person_id)

    @extend_schema(
        summary=gettext_lazy("Vermittlungen eines Falls auflisten"),
        responses={200: ReferralSerializer(many=True), **NOT_FOUND},
    )
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        self.audit_page("referral.list", page, obj=self.case, person_id=self.case.person_id)
        return self.get_paginated_response(self.represent(page, many=True))

    @extend_schema(
        summary=gettext_lazy("Vermittlung abrufen"),
        responses={200: ReferralSerializer, **NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        referral = self.get_object()
        self._audit(referral)
        return Response(self.represent(referral))

    @extend_schema(
        summary=gettext_lazy("Vermittlung als Entwurf anlegen"),
        description=gettext_lazy(
            "Legt einen Entwurf an; gesendet wird mit …/send/. Einwilligung oder "
            "gesetzlicher Auftrag werden erst beim Senden geprüft."
        ),
        request=ReferralWriteSerializer,
        responses={201: ReferralSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        self.require(abilities(self.actor, self.case)["document"])
        serializer = ReferralWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = referral_create(
                actor=self.actor, case=self.case, **serializer.validated_data
            )
        return Response(self.saved(referral), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Entwurf ändern"),
        description=gettext_lazy("Nur Entwürfe. `version` ist Pflicht; ist sie veraltet: 409."),
        request=ReferralUpdateSerializer,
        responses={200: ReferralSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        referral = self.get_object()
        self.require(abilities(self.actor, referral)["change"])
        serializer = ReferralUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise serializers.ValidationError(
                {"version": serializer.fields["version"].error_messages["required"]}
            )
        with service_errors():
            referral = referral_update(
                actor=self.actor,
                referral=referral,
                version=data["version"],
                **{name: data.get(name, getattr(referral, name)) for name in DRAFT_DATA},
            )
        return Response(self.saved(referral))

    @extend_schema(
        summary=gettext_lazy("Vermittlung senden"),
        description=gettext_lazy(
            "Prüft die Rechtsgrundlage für heute: Wer Daten teilt, braucht eine gültige "
            "Einwilligung, die Empfänger, alle Daten und den Zweck abdeckt, oder einen "
            "gesetzlichen Auftrag; sonst 400 mit dem Grund unter `consent`. Vermerkt die "
            "Weitergabe im Offenlegungsprotokoll der Person."
        ),
        request=ReferralVersionSerializer,
        responses={200: ReferralSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def send(self, request, *args, **kwargs):
        referral = self.get_object()
        self.require(abilities(self.actor, referral)["send"])
        serializer = ReferralVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            referral = referral_send(
                actor=self.actor, referral=referral, version=serializer.validated_data["version"]
            )
        return Response(self.saved(referral))

    @extend_schema(
        summary=gettext_lazy("Stand der Vermittlung ändern"),
        description=gettext_lazy(
            "Erfasst, was die Partnerstelle mitgeteilt hat (angenommen, abgelehnt mit Grund, "
            "erster Termin, abgeschlossen mit Ergebnis) oder bricht die Vermittlung mit Grund "
            "ab. Erlaubte Wechsel: gesendet → angenommen/abgelehnt/abgebrochen, angenommen → "
            "läuft/abgeschlossen/abgebrochen, läuft → abgeschlossen/abgebrochen."
        ),
        request=ReferralStatusSerializer,
        responses={200: ReferralSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, *args, **kwargs):
        referral = self.get_object()
        self.require(abilities(self.actor, referral)["view"])
        serializer = ReferralStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors():
            referral = referral_change_status(
                actor=self.actor,
                referral=referral,
                version=data["version"],
                to=data["status"],
                answer=Answer(
                    reason=data.get("reason", ""),
                    first_appointment_on=data.get("first_appointment_on"),
                    outcome=data.get("outcome", ""),
                    outcome_note=data.get("outcome_note", ""),
                ),
            )
        return Response(self.saved(referral))

    @extend_schema(
        summary=gettext_lazy("Partner-Link erstellen"),
        description=gettext_lazy(
            "Für Partnerstellen ohne Konto: ein Link nur zu dieser Vermittlung, zeitlich "
            "begrenzt; ersetzt frühere Links. Adresse und Token stehen nur in dieser "
            "Antwort (gespeichert ist nur der SHA-256-Hash)."
        ),
        request=ReferralLinkCreateSerializer,
        responses={201: NewReferralLinkSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="links")
    def create_link(self, request, *args, **kwargs):
        referral = self.get_object()
        self.require(abilities(self.actor, referral)["create_link"])
        serializer = ReferralLinkCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            link, token = referral_link_create(
                actor=self.actor, referral=referral, days=serializer.validated_data.get("days")
            )
        link.url = link_url(token)
        link.token = token
        response = Response(NewReferralLinkSerializer(link).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store, private"
        return response

    @extend_schema(
        summary=gettext_lazy("Partner-Link widerrufen"),
        parameters=[LINK_PK],
        request=ReferralLinkRevokeSerializer,
        responses={200: ReferralLinkSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"links/(?P<link_pk>[0-9]+)/revoke")
    def revoke_link(self, request, *args, **kwargs):
        referral = self.get_object()
        link = self.fetch(referral.links.all(), "link_pk")
        link.referral = referral
        self.require(abilities(self.actor, link)["view"])
        serializer = ReferralLinkRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with service_errors():
            link = referral_link_revoke(
                actor=self.actor, link=link, reason=serializer.validated_data.get("reason", "")
            )
        return Response(ReferralLinkSerializer(link).data)

    def stale_representation(self, current: Referral) -> dict:
        current = self.get_queryset().get(pk=current.pk)
        self._audit(current)
        return self.represent(current)

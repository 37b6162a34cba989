"""REST API of a person's records, below /api/v1/persons/{person_pk}/:
consents (with the scanned form), legal domains, residence status, household
and family ties.

The person comes from `visible_persons` first, so a person outside the
actor's units hides everything below it (404). Rows come from the selectors
the pages use; every read is audited with the actions of the pages
(`consent.view`, `legal_domain.view`, `residence.view`, `household.view`,
`relation.view`, `consent.download` for a scan); the services audit the writes. Legal domains and residence
status are append-only: ending, a transition and a correction write a new row.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.abilities import abilities
from kim.core.api import (
    VALIDATION_ERROR,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    FileContentNegotiation,
    KimApiMixin,
    ScopedPrimaryKeyField,
    VersionRequiredMixin,
    file_response,
    required_version_field,
    service_errors,
    user_name,
)
from kim.core.audit import audit
from kim.core.models import Organisation
from kim.people.catalogues import LANGUAGES
from kim.people.models import (
    Change,
    Consent,
    HouseholdMember,
    LegalDomain,
    LegalDomainPeriod,
    PersonRelation,
    PersonUnit,
    ResidenceStatus,
)
from kim.people.selectors import consents_of, visible_persons
from kim.people.selectors.common import scoped
from kim.people.selectors.household import household_of, memberships_of, relations_of
from kim.people.selectors.legal import legal_domain_history, residence_history
from kim.people.services import (
    consent_record,
    consent_update,
    consent_withdraw,
    household_add_member,
    household_create,
    household_member_leave,
    legal_domain_correct,
    legal_domain_end,
    legal_domain_start,
    legal_domain_transition,
    person_relation_add,
    person_relation_remove,
    person_relation_update,
    residence_status_correct,
    residence_status_record,
)
from kim.people.services.consent import CONSENT_FIELDS
from kim.people.uploads import DOWNLOAD_CONTENT_TYPES, consent_scan_name

NOT_FOUND = {404: ErrorSerializer}
PERSON_PK = OpenApiParameter(
    "person_pk",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("ID der Person"),
)
WRITE_ERRORS = {400: VALIDATION_ERROR, 403: ErrorSerializer, **NOT_FOUND}
CONSENT_STATES = {
    "valid": gettext_lazy("gültig"),
    "pending": gettext_lazy("noch nicht erteilt"),
    "expired": gettext_lazy("abgelaufen"),
    "withdrawn": gettext_lazy("widerrufen"),
}


def organisations_of_tenant(context):
    actor = context.get("actor")
    return Organisation.objects.filter(tenant_id=actor.tenant_id if actor else None)


def organisation_field(**kwargs):
    return ScopedPrimaryKeyField(
        organisations_of_tenant,
        error_messages={
            "does_not_exist": gettext_lazy("Unbekannte Organisation."),
            "incorrect_type": gettext_lazy("Die Organisation wird als Zahl (ID) angegeben."),
        },
        **kwargs,
    )


class PersonRecordMixin(KimApiMixin):
    # The person named in the URL (404 when not visible) and what the actor may do with them.

    @property
    def person(self):
        return self.fetch(visible_persons(self.actor), "person_pk")

    @property
    def person_can(self) -> dict:
        return abilities(self.actor, self.person)

    def require_change(self) -> None:
        self.require(self.person_can["change"])

    def context(self) -> dict:
        return {"actor": self.actor, "person": self.person}

    def page_of(self, rows, serializer, action: str) -> Response:
        page = self.paginate_queryset(rows)
        self.audit_page(action, page, obj=self.person, person_id=self.person.pk)
        return self.get_paginated_response(serializer(page, many=True, context=self.context()).data)


# --- consents ----------------------------------------------------------------


class ConsentAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    withdraw = serializers.BooleanField()
    download = serializers.BooleanField()


class ConsentSerializer(serializers.ModelSerializer):
    data_categories = serializers.ListField(
        child=EnumField(Consent.DataCategory.choices, enum_name="ConsentDataCategory")
    )
    recipient_kinds = serializers.ListField(
        child=EnumField(Organisation.Kind.choices, enum_name="OrganisationKind")
    )
    purpose_category = EnumField(
        Consent.PurposeCategory.choices, enum_name="ConsentPurposeCategory"
    )
    form = EnumField(Consent.Form.choices, enum_name="ConsentForm")
    language = serializers.CharField()
    state = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Heute: valid (gültig), pending (noch nicht erteilt), expired (abgelaufen) "
            "oder withdrawn (widerrufen)."
        )
    )
    has_document = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Ob ein unterschriebenes Formular (Scan) vorliegt; abrufbar unter `…/document/`."
        )
    )
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "unit",
            "data_categories",
            "recipient_organisations",
            "recipient_kinds",
            "purpose",
            "purpose_category",
            "given_on",
            "language",
            "form",
            "valid_until",
            "state",
            "withdrawn_on",
            "withdrawal_note",
            "has_document",
            "version",
            "created_at",
            "updated_at",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(EnumField(CONSENT_STATES, enum_name="ConsentState"))
    def get_state(self, consent) -> str:
        return consent.state(timezone.localdate())

    def get_has_document(self, consent) -> bool:
        return bool(consent.document)

    @extend_schema_field(ConsentAbilitiesSerializer)
    def get_abilities(self, consent) -> dict:
        return abilities(self.context["actor"], consent)


class ConsentCreateSerializer(serializers.Serializer):
    data_categories = serializers.ListField(
        child=EnumField(Consent.DataCategory.choices, enum_name="ConsentDataCategory"),
        help_text=gettext_lazy("Welche Daten weitergegeben werden dürfen (mindestens eine Art)."),
    )
    recipient_organisations = organisation_field(
        many=True,
        required=False,
        help_text=gettext_lazy(
            "Empfangende Organisationen (IDs); mindestens eine Organisation oder eine Art von Stelle."
        ),
    )
    recipient_kinds = serializers.ListField(
        child=EnumField(Organisation.Kind.choices, enum_name="OrganisationKind"),
        required=False,
        help_text=gettext_lazy("Oder empfangende Arten von Stellen, z. B. jedes Jobcenter."),
    )
    purpose_category = EnumField(
        Consent.PurposeCategory.choices, enum_name="ConsentPurposeCategory"
    )
    purpose = serializers.CharField(
        help_text=gettext_lazy("Wofür die Daten weitergegeben werden."),
        error_messages={
            "blank": gettext_lazy(
                "Bitte den Zweck angeben, für den die Daten weitergegeben werden."
            )
        },
    )
    given_on = DateField()
    form = EnumField(Consent.Form.choices, enum_name="ConsentForm")
    language = serializers.ChoiceField(LANGUAGES, required=False, allow_blank=True)
    valid_until = DateField(required=False, allow_null=True)


class ConsentUpdateSerializer(VersionRequiredMixin, ConsentCreateSerializer):
    # Only the fields sent change; the others keep their saved values.
    version = required_version_field()


class ConsentScanSerializer(serializers.Serializer):
    version = required_version_field()
    file = serializers.FileField(
        help_text=gettext_lazy(
            "Das unterschriebene Formular: PDF, JPEG oder PNG, höchstens 10 MB."
        ),
        error_messages={
            "required": gettext_lazy("Bitte eine Datei auswählen."),
            "empty": gettext_lazy("Die Datei ist leer."),
            "invalid": gettext_lazy("Bitte die Datei als multipart/form-data senden."),
        },
    )


class ConsentWithdrawSerializer(serializers.Serializer):
    on = DateField(
        required=False,
        help_text=gettext_lazy("Ab diesem Tag gilt die Einwilligung nicht mehr; Standard: heute."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Zum Beispiel wie der Widerruf erklärt wurde."),
    )


CONSENT_TAGS = [gettext_lazy("Einwilligungen")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Einwilligungen einer Person auflisten"),
        description=gettext_lazy(
            "Alle Einwilligungen, die neueste zuerst, mit ihrem heutigen Stand (`state`)."
        ),
        parameters=[PERSON_PK],
        responses={200: ConsentSerializer(many=True), **NOT_FOUND},
        tags=CONSENT_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Einwilligung abrufen"),
        parameters=[PERSON_PK],
        responses={200: ConsentSerializer, **NOT_FOUND},
        tags=CONSENT_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Einwilligung erfassen"),
        description=gettext_lazy(
            "Eine Einwilligung nennt die Daten, die Empfänger und den Zweck; eine pauschale "
            "Einwilligung ist unwirksam. Das unterschriebene Formular (Scan) wird danach "
            "mit `POST …/{id}/document/` hochgeladen."
        ),
        parameters=[PERSON_PK],
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer, **WRITE_ERRORS},
        tags=CONSENT_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Einwilligung ändern"),
        description=gettext_lazy(
            "Korrigiert die gesendeten Felder einer Einwilligung, die nicht widerrufen ist; "
            "die anderen bleiben. `version` aus der letzten Antwort (sonst 409)."
        ),
        parameters=[PERSON_PK],
        request=ConsentUpdateSerializer,
        responses={200: ConsentSerializer, **WRITE_ERRORS, 409: ConflictSerializer},
        tags=CONSENT_TAGS,
    ),
    withdraw=extend_schema(
        summary=gettext_lazy("Einwilligung widerrufen"),
        description=gettext_lazy(
            "Der Widerruf gilt ab `on` (Standard: heute) und braucht keine Version: "
            "Er darf nie daran scheitern, dass jemand die Einwilligung gerade geändert hat."
        ),
        parameters=[PERSON_PK],
        request=ConsentWithdrawSerializer,
        responses={200: ConsentSerializer, **WRITE_ERRORS},
        tags=CONSENT_TAGS,
    ),
)
class ConsentViewSet(PersonRecordMixin, viewsets.GenericViewSet):
    queryset = Consent.objects.none()  # for the schema; rows come from the selectors
    serializer_class = ConsentSerializer

    def get_queryset(self):
        return (
            scoped(Consent, self.actor)
            .filter(person=self.person)
            .prefetch_related("recipient_organisations")
        )

    def get_object(self):
        consent = self.fetch(self.get_queryset())
        consent.person = self.person
        return consent

    def represent(self, consent) -> dict:
        consent = self.get_queryset().get(pk=consent.pk)
        consent.person = self.person
        return ConsentSerializer(consent, context=self.context()).data

    def list(self, request, *args, **kwargs):
        return self.page_of(consents_of(self.actor, self.person), ConsentSerializer, "consent.view")

    def saved_values(self, consent, changed: dict) -> dict:
        """The consent as the service takes it: the changed fields over the saved ones."""
        values = {name: getattr(consent, name) for name in CONSENT_FIELDS}
        values["recipient_organisations"] = list(consent.recipient_organisations.all())
        return values | changed

    def retrieve(self, request, *args, **kwargs):
        consent = self.get_object()
        audit(actor=self.actor, action="consent.view", obj=consent, person_id=self.person.pk)
        return Response(ConsentSerializer(consent, context=self.context()).data)

    def create(self, request, *args, **kwargs):
        self.require_change()
        serializer = ConsentCreateSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["language"] = data.get("language") or ""
        consent = consent_record(actor=self.actor, person=self.person, **data)
        return Response(self.represent(consent), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        consent = self.get_object()
        self.require_change()
        serializer = ConsentUpdateSerializer(
            data=request.data, partial=True, context=self.context()
        )
        serializer.is_valid(raise_exception=True)
        changed = dict(serializer.validated_data)
        version = changed.pop("version")
        if "language" in changed:
            changed["language"] = changed["language"] or ""
        consent = consent_update(
            actor=self.actor,
            consent=consent,
            version=version,
            **self.saved_values(consent, changed),
        )
        return Response(self.represent(consent))

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Unterschriebenes Formular herunterladen"),
        description=gettext_lazy(
            "Der Scan als Anhang (PDF, JPEG oder PNG), für alle, die die Person sehen. "
            "Jeder Abruf wird protokolliert. Ohne Scan: 404."
        ),
        parameters=[PERSON_PK],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=gettext_lazy("die Datei")
            ),
            **NOT_FOUND,
        },
        tags=CONSENT_TAGS,
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Unterschriebenes Formular hochladen oder ersetzen"),
        description=gettext_lazy(
            "Als multipart/form-data mit `version` und `file`. Der Inhalt entscheidet über "
            "das Format: nur PDF, JPEG oder PNG, höchstens 10 MB; Name und angegebener Typ "
            "müssen dazu passen. Ein neuer Scan ersetzt den bisherigen. Nicht bei "
            "widerrufenen Einwilligungen."
        ),
        parameters=[PERSON_PK],
        request={"multipart/form-data": ConsentScanSerializer},
        responses={200: ConsentSerializer, **WRITE_ERRORS, 409: ConflictSerializer},
        tags=CONSENT_TAGS,
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        content_negotiation_class=FileContentNegotiation,
    )
    def document(self, request, *args, **kwargs):
        consent = self.get_object()
        if request.method == "POST":
            return self.attach_scan(consent)
        if not abilities(self.actor, consent)["download"]:
            raise NotFound(_("Zu dieser Einwilligung liegt kein unterschriebenes Formular vor."))
        try:
            handle = consent.document.open("rb")
        except FileNotFoundError as exc:
            raise NotFound(_("Die Datei wurde nicht gefunden.")) from exc
        audit(actor=self.actor, action="consent.download", obj=consent, person_id=self.person.pk)
        return file_response(
            handle,
            filename=consent_scan_name(consent),
            content_type=DOWNLOAD_CONTENT_TYPES[consent.document_type],
        )

    def attach_scan(self, consent) -> Response:
        self.require_change()
        serializer = ConsentScanSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with service_errors(document="file"):
            consent = consent_update(
                actor=self.actor,
                consent=consent,
                version=data["version"],
                document=data["file"],
                **self.saved_values(consent, {}),
            )
        return Response(self.represent(consent))

    def stale_representation(self, current) -> dict:
        audit(actor=self.actor, action="consent.view", obj=current, person_id=self.person.pk)
        return self.represent(current)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        consent = self.get_object()
        if consent.withdrawn_on is None:
            self.require(abilities(self.actor, consent)["withdraw"])
        serializer = ConsentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = consent_withdraw(actor=self.actor, consent=consent, **serializer.validated_data)
        return Response(self.represent(consent))


# --- legal domains and residence --------------------------------------------


class HistoryAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    correct = serializers.BooleanField()


class LegalDomainAbilitiesSerializer(HistoryAbilitiesSerializer):
    end = serializers.BooleanField()
    transition = serializers.BooleanField()


class HistoryRowSerializer(serializers.ModelSerializer):
    change = EnumField(Change.choices, enum_name="HistoryChange")
    current = serializers.SerializerMethodField(
        help_text=gettext_lazy("Gilt dieser Eintrag (keine spätere Eintragung ersetzt ihn)?")
    )
    superseded_by = serializers.SerializerMethodField(
        help_text=gettext_lazy("Der Eintrag, der diesen ersetzt hat (ID), sonst null.")
    )
    recorded_by_name = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    HISTORY_FIELDS = [
        "change",
        "reason",
        "supersedes",
        "superseded_by",
        "current",
        "recorded_by",
        "recorded_by_name",
        "recorded_at",
        "abilities",
    ]

    def get_current(self, row) -> bool:
        return row.is_current

    def get_superseded_by(self, row) -> int | None:
        successor = getattr(row, "superseded_by", None) if not row.is_current else None
        return successor.pk if successor is not None else None

    def get_recorded_by_name(self, row) -> str:
        return user_name(row.recorded_by)

    def get_abilities(self, row) -> dict:
        return abilities(self.context["actor"], row)


class LegalDomainSerializer(HistoryRowSerializer):
    domain = EnumField(LegalDomain.choices, enum_name="LegalDomainCode")

    class Meta:
        model = LegalDomainPeriod
        fields = [
            "id",
            "person",
            "domain",
            "valid_from",
            "valid_until",
            "responsible_organisation",
            "office",
            "note",
            "transition_from",
            *HistoryRowSerializer.HISTORY_FIELDS,
        ]
        read_only_fields = fields

    @extend_schema_field(LegalDomainAbilitiesSerializer)
    def get_abilities(self, row) -> dict:
        return super().get_abilities(row)


class ResidenceStatusSerializer(HistoryRowSerializer):
    kind = EnumField(ResidenceStatus.Kind.choices, enum_name="ResidenceKind")

    class Meta:
        model = ResidenceStatus
        fields = [
            "id",
            "person",
            "kind",
            "legal_basis",
            "valid_from",
            "valid_until",
            "issuing_authority",
            "note",
            *HistoryRowSerializer.HISTORY_FIELDS,
        ]
        read_only_fields = fields

    @extend_schema_field(HistoryAbilitiesSerializer)
    def get_abilities(self, row) -> dict:
        return super().get_abilities(row)


class PeriodInputMixin:
    def validate(self, attrs):
        start, end = attrs.get("valid_from"), attrs.get("valid_until")
        if start and end and end < start:
            raise serializers.ValidationError({"valid_until": _("Das Ende liegt vor dem Beginn.")})
        return attrs


class LegalDomainStartSerializer(PeriodInputMixin, serializers.Serializer):
    domain = EnumField(LegalDomain.choices, enum_name="LegalDomainCode")
    valid_from = DateField()
    valid_until = DateField(required=False, allow_null=True)
    responsible_organisation = organisation_field(required=False, allow_null=True)
    office = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class LegalDomainEndSerializer(serializers.Serializer):
    valid_until = DateField(help_text=gettext_lazy("Letzter Tag des Zeitraums."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class LegalDomainTransitionSerializer(serializers.Serializer):
    new_domain = EnumField(LegalDomain.choices, enum_name="LegalDomainCode")
    on = DateField(
        help_text=gettext_lazy("Erster Tag im neuen Rechtskreis; der bisherige endet am Tag davor.")
    )
    responsible_organisation = organisation_field(required=False, allow_null=True)
    office = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


CORRECTION_REASON = {
    "required": gettext_lazy("Bitte begründen Sie die Korrektur."),
    "blank": gettext_lazy("Bitte begründen Sie die Korrektur."),
}


class CorrectionInputMixin:
    # Only the fields sent are corrected; `reason` is required (as on the page).

    def validate(self, attrs):
        if not (attrs.get("reason") or "").strip():
            raise serializers.ValidationError({"reason": _("Bitte begründen Sie die Korrektur.")})
        if set(attrs) == {"reason"}:
            raise serializers.ValidationError(
                _("Bitte mindestens ein Feld angeben, das korrigiert wird.")
            )
        return attrs


class LegalDomainCorrectSerializer(CorrectionInputMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        help_text=gettext_lazy("Grund der Korrektur."),
        error_messages=CORRECTION_REASON,
    )
    domain = EnumField(LegalDomain.choices, enum_name="LegalDomainCode", required=False)
    valid_from = DateField(required=False)
    valid_until = DateField(required=False, allow_null=True)
    responsible_organisation = organisation_field(required=False, allow_null=True)
    office = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class ResidenceRecordSerializer(PeriodInputMixin, serializers.Serializer):
    kind = EnumField(ResidenceStatus.Kind.choices, enum_name="ResidenceKind")
    valid_from = DateField()
    valid_until = DateField(required=False, allow_null=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issuing_authority = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class ResidenceCorrectSerializer(CorrectionInputMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=500,
        help_text=gettext_lazy("Grund der Korrektur."),
        error_messages=CORRECTION_REASON,
    )
    kind = EnumField(ResidenceStatus.Kind.choices, enum_name="ResidenceKind", required=False)
    valid_from = DateField(required=False)
    valid_until = DateField(required=False, allow_null=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=100)
    issuing_authority = serializers.CharField(required=False, allow_blank=True, max_length=200)
    note = serializers.CharField(required=False, allow_blank=True)


class HistoryViewSet(PersonRecordMixin, viewsets.GenericViewSet):
    # Shared by legal domains and residence status: list the history, retrieve a row.
    history = None  # selector
    view_action = ""
    output = None  # serializer class

    def get_queryset(self):
        return (
            scoped(self.queryset.model, self.actor)
            .filter(person=self.person)
            .select_related("superseded_by", "recorded_by")
        )

    def get_object(self):
        row = self.fetch(self.get_queryset())
        row.person = self.person
        return row

    def represent(self, row, status_code=status.HTTP_200_OK) -> Response:
        row = self.get_queryset().get(pk=row.pk)
        row.person = self.person
        return Response(self.output(row, context=self.context()).data, status=status_code)

    def list(self, request, *args, **kwargs):
        rows = type(self).history(self.actor, self.person)
        return self.page_of(rows, self.output, self.view_action)

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        audit(actor=self.actor, action=self.view_action, obj=row, person_id=self.person.pk)
        return Response(self.output(row, context=self.context()).data)

    def stale_detail(self, current) -> str:
        return _(
            "Dieser Eintrag wurde inzwischen geändert (aktueller Eintrag %(id)s). Es wurde "
            "nichts gespeichert. Bitte gehen Sie vom aktuellen Stand aus."
        ) % {"id": current.pk}

    def stale_representation(self, current) -> dict:
        current.person = self.person
        audit(actor=self.actor, action=self.view_action, obj=current, person_id=self.person.pk)
        return self.output(current, context=self.context()).data

    def write_input(self, serializer_class):
        self.require_change()
        serializer = serializer_class(data=self.request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


LEGAL_TAGS = [gettext_lazy("Rechtskreise und Aufenthalt")]
STALE_ROW = {409: ConflictSerializer}


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Rechtskreise einer Person (Verlauf)"),
        description=gettext_lazy(
            "Jede Eintragung in der Reihenfolge der Erfassung; `current` kennzeichnet, was "
            "gilt. Nichts wird überschrieben: Beenden, Wechsel und Korrektur fügen Zeilen an."
        ),
        parameters=[PERSON_PK],
        responses={200: LegalDomainSerializer(many=True), **NOT_FOUND},
        tags=LEGAL_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Rechtskreis-Eintrag abrufen"),
        parameters=[PERSON_PK],
        responses={200: LegalDomainSerializer, **NOT_FOUND},
        tags=LEGAL_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Rechtskreis erfassen"),
        description=gettext_lazy(
            "Ein neuer Zeitraum; derselbe Rechtskreis darf sich nicht überschneiden."
        ),
        parameters=[PERSON_PK],
        request=LegalDomainStartSerializer,
        responses={201: LegalDomainSerializer, **WRITE_ERRORS},
        tags=LEGAL_TAGS,
    ),
    end=extend_schema(
        summary=gettext_lazy("Rechtskreis beenden"),
        description=gettext_lazy(
            "Beendet einen offenen, geltenden Zeitraum; der beendete Zeitraum ist eine neue "
            "Zeile. Ist der Eintrag inzwischen ersetzt, antwortet die API mit 409 und dem "
            "geltenden Eintrag."
        ),
        parameters=[PERSON_PK],
        request=LegalDomainEndSerializer,
        responses={201: LegalDomainSerializer, **WRITE_ERRORS, **STALE_ROW},
        tags=LEGAL_TAGS,
    ),
    transition=extend_schema(
        summary=gettext_lazy("Wechsel des Rechtskreises"),
        description=gettext_lazy(
            "Der Zeitraum endet am Tag vor `on`, am Tag `on` beginnt `new_domain` "
            "(z. B. AsylbLG → SGB II nach der Anerkennung). Antwort: der neue Zeitraum."
        ),
        parameters=[PERSON_PK],
        request=LegalDomainTransitionSerializer,
        responses={201: LegalDomainSerializer, **WRITE_ERRORS, **STALE_ROW},
        tags=LEGAL_TAGS,
    ),
    correction=extend_schema(
        summary=gettext_lazy("Rechtskreis-Eintrag korrigieren"),
        description=gettext_lazy(
            "Eine neue Zeile mit den gesendeten Werten und dem Grund (`reason`) ersetzt "
            "den Eintrag; die alte bleibt im Verlauf."
        ),
        parameters=[PERSON_PK],
        request=LegalDomainCorrectSerializer,
        responses={201: LegalDomainSerializer, **WRITE_ERRORS, **STALE_ROW},
        tags=LEGAL_TAGS,
    ),
)
class LegalDomainViewSet(HistoryViewSet):
    queryset = LegalDomainPeriod.objects.none()
    serializer_class = LegalDomainSerializer
    history = legal_domain_history
    view_action = "legal_domain.view"
    output = LegalDomainSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("responsible_organisation")

    def create(self, request, *args, **kwargs):
        data = self.write_input(LegalDomainStartSerializer)
        period = legal_domain_start(actor=self.actor, person=self.person, **data)
        return self.represent(period, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request, *args, **kwargs):
        period = self.get_object()
        data = self.write_input(LegalDomainEndSerializer)
        ended = legal_domain_end(actor=self.actor, period=period, **data)
        return self.represent(ended, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def transition(self, request, *args, **kwargs):
        period = self.get_object()
        data = self.write_input(LegalDomainTransitionSerializer)
        _ended, new = legal_domain_transition(
            actor=self.actor, person=self.person, ending=period, **data
        )
        return self.represent(new, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def correction(self, request, *args, **kwargs):
        period = self.get_object()
        data = self.write_input(LegalDomainCorrectSerializer)
        corrected = legal_domain_correct(actor=self.actor, period=period, **data)
        return self.represent(corrected, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Aufenthaltsstatus einer Person (Verlauf)"),
        description=gettext_lazy(
            "Jede Eintragung, nach Beginn geordnet; `current` kennzeichnet, was gilt."
        ),
        parameters=[PERSON_PK],
        responses={200: ResidenceStatusSerializer(many=True), **NOT_FOUND},
        tags=LEGAL_TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Aufenthaltsstatus-Eintrag abrufen"),
        parameters=[PERSON_PK],
        responses={200: ResidenceStatusSerializer, **NOT_FOUND},
        tags=LEGAL_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Aufenthaltsstatus erfassen"),
        description=gettext_lazy(
            "Ein neuer Titel oder Status, auch eine Verlängerung: Er wird an den Verlauf angefügt."
        ),
        parameters=[PERSON_PK],
        request=ResidenceRecordSerializer,
        responses={201: ResidenceStatusSerializer, **WRITE_ERRORS},
        tags=LEGAL_TAGS,
    ),
    correction=extend_schema(
        summary=gettext_lazy("Aufenthaltsstatus korrigieren"),
        description=gettext_lazy(
            "Eine neue Zeile mit den gesendeten Werten und dem Grund (`reason`) ersetzt den "
            "Eintrag. Ist er inzwischen ersetzt, antwortet die API mit 409."
        ),
        parameters=[PERSON_PK],
        request=ResidenceCorrectSerializer,
        responses={201: ResidenceStatusSerializer, **WRITE_ERRORS, **STALE_ROW},
        tags=LEGAL_TAGS,
    ),
)
class ResidenceStatusViewSet(HistoryViewSet):
    queryset = ResidenceStatus.objects.none()
    serializer_class = ResidenceStatusSerializer
    history = residence_history
    view_action = "residence.view"
    output = ResidenceStatusSerializer

    def create(self, request, *args, **kwargs):
        data = self.write_input(ResidenceRecordSerializer)
        row = residence_status_record(actor=self.actor, person=self.person, **data)
        return self.represent(row, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def correction(self, request, *args, **kwargs):
        row = self.get_object()
        data = self.write_input(ResidenceCorrectSerializer)
        corrected = residence_status_correct(actor=self.actor, status=row, **data)
        return self.represent(corrected, status.HTTP_201_CREATED)


# --- household and relations -------------------------------------------------


def shown_name(person, visible: bool) -> str:
    return person.full_name if visible else ""


class HouseholdMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    name = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Name, wenn Sie die Person sehen dürfen; sonst leer („weitere Person“)."
        )
    )
    visible = serializers.BooleanField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()

    def get_name(self, member) -> str:
        return shown_name(member.person, member.visible)


class HouseholdSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="household.id")
    name = serializers.CharField(source="household.name")
    current = HouseholdMemberSerializer(many=True)
    former = HouseholdMemberSerializer(many=True)


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    household = serializers.IntegerField(source="household_id")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class HouseholdViewSerializer(serializers.Serializer):
    household = HouseholdSerializer(
        allow_null=True,
        help_text=gettext_lazy("Der Haushalt, in dem die Person heute lebt, oder null."),
    )
    memberships = MembershipSerializer(
        many=True, help_text=gettext_lazy("Alle Zeiten der Person in Haushalten, neueste zuerst.")
    )


class HouseholdView(PersonRecordMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Haushalt einer Person"),
        description=gettext_lazy(
            "Der heutige Haushalt mit seinen Mitgliedern und die früheren Zeiten der Person "
            "in Haushalten. Personen, die Sie nicht sehen dürfen, erscheinen ohne Namen."
        ),
        parameters=[PERSON_PK],
        responses={200: HouseholdViewSerializer, **NOT_FOUND},
        tags=[gettext_lazy("Familie und Haushalt")],
    )
    def get(self, request, *args, **kwargs):
        person = self.person
        household = household_of(self.actor, person)
        memberships = memberships_of(self.actor, person)
        shown = set()
        if household is not None:
            shown = {m.person_id for m in household.current + household.former if m.visible}
        audit(
            actor=self.actor,
            action="household.view",
            obj=person,
            person_id=person.pk,
            changes={"shown_person_ids": sorted(shown - {person.pk})},
        )
        return Response(
            HouseholdViewSerializer({"household": household, "memberships": memberships}).data
        )


class MemberAddSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(
        lambda context: visible_persons(context["actor"]),
        help_text=gettext_lazy("die Person, die in den Haushalt zieht (ID)"),
        error_messages={
            "does_not_exist": gettext_lazy(
                "Diese Person gibt es nicht oder Sie dürfen sie nicht sehen."
            ),
            "incorrect_type": gettext_lazy("Die Person wird als Zahl (ID) angegeben."),
        },
    )
    valid_from = DateField(help_text=gettext_lazy("im Haushalt seit"))
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=gettext_lazy("Name eines neuen Haushalts (nur wenn noch keiner besteht)."),
    )


class MemberLeaveSerializer(serializers.Serializer):
    version = required_version_field()
    valid_until = DateField(help_text=gettext_lazy("letzter Tag im Haushalt"))


HOUSEHOLD_TAGS = [gettext_lazy("Familie und Haushalt")]


@extend_schema_view(
    create=extend_schema(
        summary=gettext_lazy("Person zum Haushalt hinzufügen"),
        description=gettext_lazy(
            "Nimmt eine Person in den Haushalt dieser Person auf; lebt sie noch in keinem, "
            "wird ein neuer Haushalt angelegt. Sie müssen die Daten beider Personen ändern "
            "dürfen. Antwort: der Haushalt wie unter `…/household/`."
        ),
        parameters=[PERSON_PK],
        request=MemberAddSerializer,
        responses={201: HouseholdViewSerializer, **WRITE_ERRORS},
        tags=HOUSEHOLD_TAGS,
    ),
    leave=extend_schema(
        summary=gettext_lazy("Auszug erfassen"),
        description=gettext_lazy(
            "Der letzte Tag eines Mitglieds im Haushalt; `version` des Mitglieds aus der "
            "letzten Antwort (sonst 409)."
        ),
        parameters=[PERSON_PK],
        request=MemberLeaveSerializer,
        responses={200: HouseholdViewSerializer, **WRITE_ERRORS, 409: ConflictSerializer},
        tags=HOUSEHOLD_TAGS,
    ),
)
class HouseholdMemberViewSet(PersonRecordMixin, viewsets.GenericViewSet):
    queryset = HouseholdMember.objects.none()
    serializer_class = HouseholdMemberSerializer

    def household_view(self, status_code=status.HTTP_200_OK) -> Response:
        person = self.person
        data = {
            "household": household_of(self.actor, person),
            "memberships": memberships_of(self.actor, person),
        }
        return Response(HouseholdViewSerializer(data).data, status=status_code)

    def create(self, request, *args, **kwargs):
        self.require_change()
        person = self.person
        household = household_of(self.actor, person)
        if household is not None:
            self.require(abilities(self.actor, household.household)["add_member"])
        serializer = MemberAddSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not abilities(self.actor, data["person"])["change"]:
            raise serializers.ValidationError(
                {"person": _("Sie dürfen die Daten dieser Person nicht ändern.")}
            )
        if household is None:
            household_create(
                actor=self.actor,
                persons=[person, data["person"]],
                valid_from=data["valid_from"],
                name=data.get("name") or "",
            )
        else:
            household_add_member(
                actor=self.actor,
                household=household.household,
                person=data["person"],
                valid_from=data["valid_from"],
            )
        return self.household_view(status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def leave(self, request, *args, **kwargs):
        person = self.person
        households = HouseholdMember.objects.filter(person=person).values("household_id")
        member = self.fetch(
            scoped(HouseholdMember, self.actor)
            .filter(household_id__in=households)
            .select_related("person", "household")
        )
        if member.person_id == person.pk:
            member.person = person
        self.require(abilities(self.actor, member.person)["change"])
        serializer = MemberLeaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        household_member_leave(actor=self.actor, member=member, **serializer.validated_data)
        return self.household_view()

    def stale_representation(self, current) -> dict:
        audit(actor=self.actor, action="household.view", obj=current, person_id=current.person_id)
        current.visible = True  # the actor may change the member, so sees them
        return HouseholdMemberSerializer(current).data


class RelationAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()


RELATION_KIND_HELP = gettext_lazy(
    "Was die andere Person für diese Person ist, z. B. „child“: die andere Person ist ihr Kind."
)


class TieSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="relation.id")
    other = serializers.IntegerField(source="other.id", help_text=gettext_lazy("die andere Person"))
    other_name = serializers.SerializerMethodField(
        help_text=gettext_lazy("Name, wenn Sie die andere Person sehen dürfen; sonst leer.")
    )
    visible = serializers.BooleanField()
    kind = EnumField(
        PersonRelation.Kind.choices, enum_name="RelationKind", help_text=RELATION_KIND_HELP
    )
    note = serializers.CharField(source="relation.note")
    version = serializers.IntegerField(source="relation.version")
    abilities = serializers.SerializerMethodField()

    def get_other_name(self, tie) -> str:
        return shown_name(tie.other, tie.visible)

    @extend_schema_field(RelationAbilitiesSerializer)
    def get_abilities(self, tie) -> dict:
        return abilities(self.context["actor"], tie.relation)


class RelationCreateSerializer(serializers.Serializer):
    related = ScopedPrimaryKeyField(
        lambda context: visible_persons(context["actor"]),
        help_text=gettext_lazy("die andere Person (ID); eine Person, die Sie sehen dürfen"),
        error_messages={
            "does_not_exist": gettext_lazy(
                "Diese Person gibt es nicht oder Sie dürfen sie nicht sehen."
            ),
            "incorrect_type": gettext_lazy("Die Person wird als Zahl (ID) angegeben."),
        },
    )
    kind = EnumField(
        PersonRelation.Kind.choices, enum_name="RelationKind", help_text=RELATION_KIND_HELP
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RelationUpdateSerializer(serializers.Serializer):
    version = required_version_field()
    kind = EnumField(
        PersonRelation.Kind.choices, enum_name="RelationKind", help_text=RELATION_KIND_HELP
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


RELATION_TAGS = [gettext_lazy("Familie und Haushalt")]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Beziehungen einer Person"),
        description=gettext_lazy(
            "Familiäre Beziehungen in beide Richtungen, aus Sicht dieser Person. Personen, die "
            "Sie nicht sehen dürfen, erscheinen ohne Namen."
        ),
        parameters=[PERSON_PK],
        responses={200: TieSerializer(many=True), **NOT_FOUND},
        tags=RELATION_TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Beziehung erfassen"),
        parameters=[PERSON_PK],
        request=RelationCreateSerializer,
        responses={201: TieSerializer, **WRITE_ERRORS},
        tags=RELATION_TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Beziehung ändern"),
        description=gettext_lazy(
            "`kind` aus Sicht dieser Person; `version` aus der letzten Antwort (sonst 409)."
        ),
        parameters=[PERSON_PK],
        request=RelationUpdateSerializer,
        responses={200: TieSerializer, **WRITE_ERRORS, 409: ConflictSerializer},
        tags=RELATION_TAGS,
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Beziehung entfernen"),
        description=gettext_lazy(
            "Für eine irrtümlich erfasste Beziehung; das Protokoll behält, was sie war."
        ),
        parameters=[PERSON_PK],
        responses={204: None, 403: ErrorSerializer, **NOT_FOUND},
        tags=RELATION_TAGS,
    ),
)
class RelationViewSet(PersonRecordMixin, viewsets.GenericViewSet):
    queryset = PersonRelation.objects.none()
    serializer_class = TieSerializer

    def ties(self):
        """The person's ties; the other persons' holding units read in one query."""
        ties = relations_of(self.actor, self.person)
        others = {t.other.pk: t.other for t in ties if not hasattr(t.other, "_holding_units")}
        for other in others.values():
            other._holding_units = set()
        rows = PersonUnit.objects.filter(person_id__in=others).values_list("person_id", "unit_id")
        for person_id, unit_id in rows:
            others[person_id]._holding_units.add(unit_id)
        return ties

    def tie(self, relation_pk: int):
        return next((t for t in self.ties() if t.relation.pk == relation_pk), None)

    def get_object(self):
        person = self.person
        relation = self.fetch(
            PersonRelation.objects.filter(tenant_id=self.actor.tenant_id)
            .filter(Q(person=person) | Q(related=person))
            .select_related("person", "related")
        )
        if relation.person_id == person.pk:
            relation.person = person
        else:
            relation.related = person
        return relation

    def represent(self, relation_pk: int, status_code=status.HTTP_200_OK) -> Response:
        return Response(
            TieSerializer(self.tie(relation_pk), context=self.context()).data, status=status_code
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.ties())
        audit(
            actor=self.actor,
            action="household.view",
            obj=self.person,
            person_id=self.person.pk,
            changes={
                "ids": [t.relation.pk for t in page],
                "shown_person_ids": sorted({t.other.pk for t in page if t.visible}),
            },
        )
        return self.get_paginated_response(
            TieSerializer(page, many=True, context=self.context()).data
        )

    def create(self, request, *args, **kwargs):
        self.require_change()
        serializer = RelationCreateSerializer(data=request.data, context=self.context())
        serializer.is_valid(raise_exception=True)
        relation = person_relation_add(
            actor=self.actor, person=self.person, **serializer.validated_data
        )
        return self.represent(relation.pk, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        relation = self.get_object()
        self.require(abilities(self.actor, relation)["change"])
        serializer = RelationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind = data["kind"]
        if relation.person_id != self.person.pk:  # the request speaks from this person's side
            kind = PersonRelation.INVERSE[kind]
        person_relation_update(
            actor=self.actor,
            relation=relation,
            version=data["version"],
            kind=kind,
            note=data.get("note", relation.note),
        )
        return self.represent(relation.pk)

    def destroy(self, request, *args, **kwargs):
        relation = self.get_object()
        self.require(abilities(self.actor, relation)["change"])
        person_relation_remove(actor=self.actor, relation=relation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def stale_representation(self, current) -> dict:
        audit(actor=self.actor, action="relation.view", obj=current, person_id=self.person.pk)
        tie = self.tie(current.pk)
        return TieSerializer(tie, context=self.context()).data if tie else {}

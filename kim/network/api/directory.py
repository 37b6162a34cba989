"""REST API of the services directory: /api/v1/services/, /api/v1/organisations/ and
the responsibility finder /api/v1/responsibilities/find/.

Every user of a tenant reads the directory of their tenant (another tenant's
rows: 404); writing needs DIRECTORY_MANAGE (403 otherwise). Writes go
through the services the pages use, with the same checks, audit events and
stale-edit protection (`version`, 409). The directory holds no personal data:
reads are not audited.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.cases.models import TargetGroup
from kim.core.abilities import abilities
from kim.core.api import (
    NOT_FOUND,
    VALIDATION_ERROR,
    WRITE_ERRORS,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    KimApiMixin,
    ScopedPrimaryKeyField,
    ScopedSlugField,
    VersionRequiredMixin,
    field_codes,
    required_version_field,
    user_name,
)
from kim.core.models import District, FieldOfAction, Organisation, Town
from kim.network.abilities import may_manage_directory, organisation_abilities
from kim.network.models import Service, profile_of
from kim.network.selectors.directory import (
    ACTIVE,
    ALL,
    ARCHIVED,
    ServiceFilters,
    directory_services,
    organisation_search,
    service_search,
    with_details,
)
from kim.network.services.directory import (
    organisation_archive,
    organisation_create,
    organisation_restore,
    organisation_update,
    service_archive,
    service_create,
    service_mark_reviewed,
    service_restore,
    service_update,
)
from kim.people.catalogues import LANGUAGES
from kim.people.models import LegalDomain

TAGS = [gettext_lazy("Angebote")]
STALE = {409: ConflictSerializer}


def _tenant(context):
    return context["actor"].tenant_id


def _scoped(model, **filters):
    return lambda context: model.objects.filter(tenant_id=_tenant(context), **filters)


def legal_domain_field(**kwargs):
    return EnumField(LegalDomain.choices, enum_name="LegalDomainCode", **kwargs)


def language_field(**kwargs):
    return EnumField(LANGUAGES, enum_name="LanguageCode", **kwargs)


# --- services ------------------------------------------------------------------------------


class ServiceAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    review = serializers.BooleanField()
    archive = serializers.BooleanField()
    restore = serializers.BooleanField()


class ServiceSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_kind = EnumField(
        Organisation.Kind.choices, enum_name="OrganisationKind", source="organisation.kind"
    )
    fields = field_codes(read_only=True)
    target_groups = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    legal_domains = serializers.ListField(child=legal_domain_field())
    languages = serializers.ListField(child=language_field())
    reviewed_by_name = serializers.SerializerMethodField()
    archived = serializers.SerializerMethodField()
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "organisation_kind",
            "name",
            "description",
            "fields",
            "target_groups",
            "legal_domains",
            "languages",
            "towns",
            "districts",
            "street",
            "postcode",
            "city",
            "directions",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "contact_email",
            "waiting_weeks",
            "capacity_note",
            "accepts_referrals",
            "referral_email",
            "reviewed_on",
            "reviewed_by_name",
            "archived",
            "archived_at",
            "version",
            "abilities",
        ]
        read_only_fields = fields

    def get_reviewed_by_name(self, service) -> str:
        return user_name(service.reviewed_by) if service.reviewed_by_id else ""

    def get_archived(self, service) -> bool:
        return service.archived_at is not None

    @extend_schema_field(ServiceAbilitiesSerializer)
    def get_abilities(self, service) -> dict:
        return abilities(self.context["actor"], service)


class ServiceWriteSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyField(
        _scoped(Organisation),
        help_text=gettext_lazy("ID der Organisation (GET /api/v1/organisations/)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannte Organisation.")},
    )
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=2000, help_text=gettext_lazy("In einfacher Sprache: kurze Sätze.")
    )
    fields = field_codes(required=False)
    target_groups = ScopedSlugField(
        _scoped(TargetGroup, active=True),
        many=True,
        slug_field="code",
        required=False,
        help_text=gettext_lazy("Zielgruppen als Kürzel aus dem Katalog der Kommune."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannte Zielgruppe „{value}“.")},
    )
    legal_domains = serializers.ListField(child=legal_domain_field(), required=False)
    languages = serializers.ListField(child=language_field(), required=False)
    towns = ScopedPrimaryKeyField(
        _scoped(Town),
        many=True,
        required=False,
        help_text=gettext_lazy("IDs der Orte; leer: die ganze Kommune."),
    )
    districts = ScopedPrimaryKeyField(
        lambda context: District.objects.filter(tenant_id=_tenant(context)).select_related("town"),
        many=True,
        required=False,
    )
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=5, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    directions = serializers.CharField(max_length=300, required=False, allow_blank=True)
    opening_hours = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    waiting_weeks = serializers.IntegerField(
        min_value=0, max_value=104, required=False, allow_null=True
    )
    capacity_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accepts_referrals = serializers.BooleanField(required=False)
    referral_email = serializers.EmailField(required=False, allow_blank=True)
    reviewed_on = DateField(required=False, allow_null=True)


class ServiceUpdateSerializer(VersionRequiredMixin, ServiceWriteSerializer):
    version = required_version_field()


class VersionSerializer(serializers.Serializer):
    version = required_version_field()


class ArchiveSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ServiceFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=gettext_lazy("Wörter in Name, Beschreibung, Organisation, Ansprechperson, Ort."),
    )
    field = ScopedSlugField(
        _scoped(FieldOfAction), slug_field="code", required=False,
        help_text=gettext_lazy("Handlungsfeld als Kürzel."),
        error_messages={"does_not_exist": gettext_lazy("Unbekanntes Handlungsfeld „{value}“.")},
    )  # fmt: skip
    target_group = ScopedSlugField(
        _scoped(TargetGroup), slug_field="code", required=False,
        help_text=gettext_lazy("Zielgruppe als Kürzel."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannte Zielgruppe „{value}“.")},
    )  # fmt: skip
    legal_domain = legal_domain_field(required=False)
    language = language_field(required=False)
    town = ScopedPrimaryKeyField(
        _scoped(Town),
        required=False,
        help_text=gettext_lazy("Angebote für diesen Ort (einschließlich kreisweiter)."),
    )
    district = ScopedPrimaryKeyField(
        lambda context: District.objects.filter(tenant_id=_tenant(context)).select_related("town"),
        required=False,
    )
    organisation = ScopedPrimaryKeyField(_scoped(Organisation), required=False)
    organisation_kind = EnumField(
        Organisation.Kind.choices, enum_name="OrganisationKind", required=False
    )
    accepts_referrals = serializers.BooleanField(required=False, allow_null=True, default=None)
    max_waiting_weeks = serializers.IntegerField(min_value=0, max_value=104, required=False)
    review_due = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Nur Angebote, die seit mehr als zwölf Monaten nicht geprüft wurden."
        ),
    )
    status = serializers.ChoiceField(
        choices=[(ACTIVE, ACTIVE), (ARCHIVED, ARCHIVED), (ALL, ALL)],
        required=False,
        default=ACTIVE,
        help_text=gettext_lazy(
            "Archivierte Angebote (`archived`, `all`) nur für die Koordination."
        ),
    )

    def filters(self) -> ServiceFilters:
        data = self.validated_data
        return ServiceFilters(
            q=data.get("q", ""),
            field=data.get("field"),
            target_group=data.get("target_group"),
            legal_domain=data.get("legal_domain", ""),
            language=data.get("language", ""),
            town=data.get("town"),
            district=data.get("district"),
            kind=data.get("organisation_kind", ""),
            organisation=data.get("organisation"),
            accepts_referrals=data.get("accepts_referrals"),
            max_waiting_weeks=data.get("max_waiting_weeks"),
            review_due=data.get("review_due", False),
            status=data.get("status", ACTIVE),
        )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Angebote suchen und filtern"),
        description=gettext_lazy(
            "Die Angebote der Kommune nach Name, jeder Filter schränkt weiter ein. Ein Ort "
            "findet auch kreisweite Angebote (ohne Ort), ein Stadtteil auch Angebote für den "
            "ganzen Ort."
        ),
        parameters=[ServiceFilterSerializer],
        responses={200: ServiceSerializer(many=True), 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Angebot abrufen"),
        responses={200: ServiceSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Angebot anlegen"),
        description=gettext_lazy("Nur mit dem Recht, die Angebotslandkarte zu pflegen."),
        request=ServiceWriteSerializer,
        responses={201: ServiceSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Angebot ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder. `version` ist die zuletzt gelesene Version; hat "
            "inzwischen jemand anderes gespeichert, antwortet die API mit 409 und dem "
            "aktuellen Stand. Archivierte Angebote erst wiederherstellen."
        ),
        request=ServiceUpdateSerializer,
        responses={200: ServiceSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    archive=extend_schema(
        summary=gettext_lazy("Angebot archivieren"),
        request=ArchiveSerializer,
        responses={200: ServiceSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    restore=extend_schema(
        summary=gettext_lazy("Archiviertes Angebot wiederherstellen"),
        request=VersionSerializer,
        responses={200: ServiceSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    review=extend_schema(
        summary=gettext_lazy("Angebot als heute geprüft vermerken"),
        request=VersionSerializer,
        responses={200: ServiceSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
)
class ServiceViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Service.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = ServiceSerializer

    def get_queryset(self):
        return with_details(directory_services(self.actor)).select_related("reviewed_by")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def represent(self, service: Service) -> dict:
        service = self.get_queryset().get(pk=service.pk)
        return ServiceSerializer(service, context=self.get_serializer_context()).data

    def stale_representation(self, current: Service) -> dict:
        return self.represent(current)

    def list(self, request, *args, **kwargs):
        # A plain dict: with the QueryDict, DRF reads a missing boolean as "false".
        wanted = ServiceFilterSerializer(
            data=request.query_params.dict(), context=self.get_serializer_context()
        )
        wanted.is_valid(raise_exception=True)
        filters = wanted.filters()
        if filters.status != ACTIVE:
            self.require(may_manage_directory(self.actor))
        services = with_details(service_search(self.actor, filters)).select_related("reviewed_by")
        page = self.paginate_queryset(services)
        return self.get_paginated_response(
            ServiceSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent(self.fetch(self.get_queryset())))

    def create(self, request, *args, **kwargs):
        self.require(may_manage_directory(self.actor))
        serializer = ServiceWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        service = service_create(actor=self.actor, organisation=data.pop("organisation"), **data)
        return Response(self.represent(service), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        service = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = ServiceUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        service = service_update(
            actor=self.actor, service=service, version=data.pop("version"), **data
        )
        return Response(self.represent(service))

    def _versioned(self, serializer_class, write):
        service = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self.represent(write(service, **serializer.validated_data)))

    @action(detail=True, methods=["post"])
    def archive(self, request, *args, **kwargs):
        return self._versioned(
            ArchiveSerializer,
            lambda service, **data: service_archive(actor=self.actor, service=service, **data),
        )

    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        return self._versioned(
            VersionSerializer,
            lambda service, **data: service_restore(actor=self.actor, service=service, **data),
        )

    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs):
        return self._versioned(
            VersionSerializer,
            lambda service, **data: service_mark_reviewed(
                actor=self.actor, service=service, **data
            ),
        )


# --- organisations ---------------------------------------------------------------------------


class OrganisationAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    add_service = serializers.BooleanField()
    archive = serializers.BooleanField()
    restore = serializers.BooleanField()


PROFILE_OUT = ["description", "street", "postcode", "city", "phone", "email", "website"]


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = EnumField(Organisation.Kind.choices, enum_name="OrganisationKind")
    description = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    website = serializers.CharField()
    archived = serializers.BooleanField()
    service_count = serializers.IntegerField(help_text=gettext_lazy("aktuelle Angebote"))
    version = serializers.IntegerField()
    abilities = OrganisationAbilitiesSerializer()


class OrganisationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = EnumField(Organisation.Kind.choices, enum_name="OrganisationKind")
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=5, required=False, allow_blank=True)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(max_length=300, required=False, allow_blank=True)


class OrganisationUpdateSerializer(VersionRequiredMixin, OrganisationWriteSerializer):
    version = required_version_field()


class OrganisationFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = EnumField(Organisation.Kind.choices, enum_name="OrganisationKind", required=False)
    status = serializers.ChoiceField(
        choices=[(ACTIVE, ACTIVE), (ARCHIVED, ARCHIVED), (ALL, ALL)],
        required=False,
        default=ACTIVE,
        help_text=gettext_lazy("Archivierte (`archived`, `all`) nur für die Koordination."),
    )


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Organisationen auflisten"),
        parameters=[OrganisationFilterSerializer],
        responses={
            200: OrganisationSerializer(many=True),
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
        },
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Organisation abrufen"),
        responses={200: OrganisationSerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Organisation anlegen"),
        request=OrganisationWriteSerializer,
        responses={201: OrganisationSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Organisation ändern"),
        description=gettext_lazy(
            "Name, Art und Angaben für die Angebotslandkarte; `version` wie bei Angeboten (409)."
        ),
        request=OrganisationUpdateSerializer,
        responses={200: OrganisationSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    archive=extend_schema(
        summary=gettext_lazy("Organisation archivieren"),
        description=gettext_lazy("Archiviert auch alle ihre aktuellen Angebote."),
        request=ArchiveSerializer,
        responses={200: OrganisationSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    restore=extend_schema(
        summary=gettext_lazy("Archivierte Organisation wiederherstellen"),
        description=gettext_lazy(
            "Ihre Angebote bleiben archiviert, bis sie einzeln wiederhergestellt werden."
        ),
        request=VersionSerializer,
        responses={200: OrganisationSerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
)
class OrganisationViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Organisation.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return organisation_search(self.actor, status=ALL)

    def represent(self, organisation: Organisation) -> dict:
        organisation = self.get_queryset().get(pk=organisation.pk)
        return OrganisationSerializer(self.as_row(organisation)).data

    def as_row(self, organisation: Organisation) -> dict:
        profile = profile_of(organisation)
        row = {
            "id": organisation.pk,
            "name": organisation.name,
            "kind": organisation.kind,
            **{name: getattr(profile, name) if profile else "" for name in PROFILE_OUT},
            "archived": bool(profile and profile.archived_at),
            "service_count": getattr(organisation, "service_count", 0),
            "version": profile.version if profile else 1,
            "abilities": organisation_abilities(self.actor, organisation),
        }
        return row

    def stale_representation(self, current) -> dict:
        return self.represent(current.organisation)

    def list(self, request, *args, **kwargs):
        wanted = OrganisationFilterSerializer(data=request.query_params.dict())
        wanted.is_valid(raise_exception=True)
        data = wanted.validated_data
        if data["status"] != ACTIVE:
            self.require(may_manage_directory(self.actor))
        rows = organisation_search(
            self.actor, q=data.get("q", ""), kind=data.get("kind", ""), status=data["status"]
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            OrganisationSerializer([self.as_row(o) for o in page], many=True).data
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent(self.fetch(self.get_queryset())))

    def create(self, request, *args, **kwargs):
        self.require(may_manage_directory(self.actor))
        serializer = OrganisationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = organisation_create(actor=self.actor, **serializer.validated_data)
        return Response(self.represent(organisation), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        organisation = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = OrganisationUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        organisation = organisation_update(
            actor=self.actor, organisation=organisation, version=data.pop("version"), **data
        )
        return Response(self.represent(organisation))

    def _versioned(self, serializer_class, write):
        organisation = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self.represent(write(organisation, **serializer.validated_data)))

    @action(detail=True, methods=["post"])
    def archive(self, request, *args, **kwargs):
        return self._versioned(
            ArchiveSerializer,
            lambda organisation, **data: organisation_archive(
                actor=self.actor, organisation=organisation, **data
            ),
        )

    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        return self._versioned(
            VersionSerializer,
            lambda organisation, **data: organisation_restore(
                actor=self.actor, organisation=organisation, **data
            ),
        )

"""REST API of the responsibilities (Zuständigkeiten): /api/v1/responsibilities/.

The same rules as the directory API (`kim.network.api.directory`): every user
of a tenant reads the rows of their tenant (another tenant's rows: 404), only
DIRECTORY_MANAGE writes (403 otherwise). Writes go through the services the
pages use, with their checks, audit events and stale-edit protection
(`version`, 409). Ids of another tenant are refused as unknown (400) before
they reach a service. Reads are not audited: the rows hold no personal data.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kim.core.abilities import abilities
from kim.core.api import (
    NOT_FOUND,
    VALIDATION_ERROR,
    WRITE_ERRORS,
    ConflictSerializer,
    DateField,
    ErrorSerializer,
    KimApiMixin,
    ScopedPrimaryKeyField,
    ScopedSlugField,
    VersionRequiredMixin,
    field_codes,
    required_version_field,
    service_errors,
)
from kim.core.models import FieldOfAction, Organisation, Town
from kim.network.abilities import may_manage_directory
from kim.network.api.directory import TAGS, legal_domain_field
from kim.network.finder import responsibility_rows
from kim.network.models import Responsibility, Service
from kim.network.services.responsibility import (
    responsibility_create,
    responsibility_delete,
    responsibility_update,
)

STALE = {409: ConflictSerializer}
# The path declares digits only (see lookup_value_regex); the schema says so as a number.
ROW_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID der Zuständigkeit")
)
# The order of the page "Zuständigkeiten pflegen".
ORDER = ["field__position", "field__name", "legal_domain", "town__name", "valid_from", "id"]


def _tenant_rows(model, **filters):
    return lambda context: model.objects.filter(tenant_id=context["actor"].tenant_id, **filters)


def town_field(**kwargs):
    return ScopedPrimaryKeyField(
        _tenant_rows(Town),
        error_messages={"does_not_exist": gettext_lazy("Unbekannter Ort.")},
        **kwargs,
    )


def organisation_field(**kwargs):
    return ScopedPrimaryKeyField(
        _tenant_rows(Organisation),
        error_messages={
            "does_not_exist": gettext_lazy("Unbekannte Organisation."),
            "required": gettext_lazy("Bitte die zuständige Stelle angeben."),
            "null": gettext_lazy("Bitte die zuständige Stelle angeben."),
        },
        **kwargs,
    )


class ResponsibilityAbilitiesSerializer(serializers.Serializer):
    view = serializers.BooleanField()
    change = serializers.BooleanField()
    delete = serializers.BooleanField()


class ResponsibilitySerializer(serializers.ModelSerializer):
    field = field_codes(many=False, read_only=True, allow_null=True)
    field_name = serializers.CharField(source="field.name", read_only=True, allow_null=True)
    legal_domain = legal_domain_field(allow_blank=True, read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True, allow_null=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True, allow_null=True)
    abilities = serializers.SerializerMethodField()

    class Meta:
        model = Responsibility
        fields = [
            "id",
            "field",
            "field_name",
            "legal_domain",
            "town",
            "town_name",
            "organisation",
            "organisation_name",
            "service",
            "service_name",
            "note",
            "valid_from",
            "valid_until",
            "version",
            "abilities",
        ]
        read_only_fields = fields

    @extend_schema_field(ResponsibilityAbilitiesSerializer)
    def get_abilities(self, row) -> dict:
        return abilities(self.context["actor"], row)


class ResponsibilityWriteSerializer(serializers.Serializer):
    field = field_codes(
        many=False,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Handlungsfeld als Kürzel; leer (null): für jedes Handlungsfeld."),
    )
    legal_domain = legal_domain_field(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Leer: für jeden Rechtskreis."),
    )
    town = town_field(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("ID des Orts; leer (null): für alle Orte der Kommune."),
    )
    organisation = organisation_field(
        help_text=gettext_lazy("ID der zuständigen Stelle (GET /api/v1/organisations/).")
    )
    service = ScopedPrimaryKeyField(
        _tenant_rows(Service, archived_at__isnull=True),
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Optional: ID eines aktuellen Angebots dieser Stelle, an das man sich wendet."
        ),
        error_messages={"does_not_exist": gettext_lazy("Unbekanntes oder archiviertes Angebot.")},
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    valid_from = DateField(
        required=False, allow_null=True, help_text=gettext_lazy("Leer: seit jeher.")
    )
    valid_until = DateField(
        required=False, allow_null=True, help_text=gettext_lazy("Leer: unbefristet.")
    )


class ResponsibilityUpdateSerializer(VersionRequiredMixin, ResponsibilityWriteSerializer):
    version = required_version_field()


class ResponsibilityDeleteSerializer(serializers.Serializer):
    version = required_version_field()


class ResponsibilityFilterSerializer(serializers.Serializer):
    field = ScopedSlugField(
        _tenant_rows(FieldOfAction),
        slug_field="code",
        required=False,
        help_text=gettext_lazy("Nur Zeilen für dieses Handlungsfeld (Kürzel)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekanntes Handlungsfeld „{value}“.")},
    )
    legal_domain = legal_domain_field(
        required=False, help_text=gettext_lazy("Nur Zeilen für diesen Rechtskreis.")
    )
    town = town_field(required=False, help_text=gettext_lazy("Nur Zeilen für diesen Ort (ID)."))
    organisation = organisation_field(
        required=False, help_text=gettext_lazy("Nur Zeilen dieser Stelle (ID).")
    )
    on = DateField(
        required=False,
        help_text=gettext_lazy("Nur Zeilen, die an diesem Tag gelten (JJJJ-MM-TT)."),
    )


def responsibility_search(actor, data: dict):
    """The tenant's rows narrowed by the filters given, in the order of the page."""
    rows = responsibility_rows(actor)
    for name in ("field", "town", "organisation"):
        if data.get(name) is not None:
            rows = rows.filter(**{name: data[name]})
    if data.get("legal_domain"):
        rows = rows.filter(legal_domain=data["legal_domain"])
    if data.get("on"):
        on = data["on"]
        rows = rows.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return rows.order_by(*ORDER)


def service_layer_errors():
    # The services report overlaps under "__all__"; the API names them as everywhere else.
    return service_errors(**{NON_FIELD_ERRORS: api_settings.NON_FIELD_ERRORS_KEY})


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Zuständigkeiten auflisten"),
        description=gettext_lazy(
            "Die Zuständigkeiten der Kommune, geordnet wie die Seite „Zuständigkeiten "
            "pflegen“. Jeder Filter schränkt weiter ein; `field`, `legal_domain`, `town` und "
            "`organisation` nehmen nur Zeilen mit genau dieser Angabe (nicht die Zeilen für "
            "„jedes“ oder „alle“). Wer für eine Frage zuständig ist, beantwortet "
            "`/api/v1/responsibilities/find/`."
        ),
        parameters=[ResponsibilityFilterSerializer],
        responses={200: ResponsibilitySerializer(many=True), 400: VALIDATION_ERROR},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Zuständigkeit abrufen"),
        parameters=[ROW_ID],
        responses={200: ResponsibilitySerializer, **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Zuständigkeit eintragen"),
        description=gettext_lazy(
            "Nur mit dem Recht, die Angebotslandkarte zu pflegen. Zwei Zeilen mit demselben "
            "Handlungsfeld, Rechtskreis und Ort dürfen sich zeitlich nicht überschneiden (400)."
        ),
        request=ResponsibilityWriteSerializer,
        responses={
            201: ResponsibilitySerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
        },
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Zuständigkeit ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder, z. B. `valid_until`, wenn eine Zuständigkeit "
            "endet. `version` ist die zuletzt gelesene Version; hat inzwischen jemand "
            "anderes gespeichert, antwortet die API mit 409 und dem aktuellen Stand."
        ),
        parameters=[ROW_ID],
        request=ResponsibilityUpdateSerializer,
        responses={200: ResponsibilitySerializer, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary=gettext_lazy("Zuständigkeit löschen"),
        description=gettext_lazy(
            "Für Fehleinträge; das Zugriffsprotokoll behält, was die Zeile sagte. Endet eine "
            "Zuständigkeit, besser `valid_until` setzen. `version` als Parameter der "
            "Adresse (409, wenn veraltet)."
        ),
        parameters=[ROW_ID, ResponsibilityDeleteSerializer],
        responses={204: None, **WRITE_ERRORS, **STALE},
        tags=TAGS,
    ),
)
class ResponsibilityViewSet(KimApiMixin, viewsets.GenericViewSet):
    queryset = Responsibility.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = ResponsibilitySerializer
    # Digits only: /responsibilities/find/ is the finder, not a row.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return responsibility_rows(self.actor)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}

    def represent(self, row: Responsibility) -> dict:
        row = self.get_queryset().get(pk=row.pk)
        return ResponsibilitySerializer(row, context=self.get_serializer_context()).data

    def stale_representation(self, current: Responsibility) -> dict:
        return self.represent(current)

    def list(self, request, *args, **kwargs):
        wanted = ResponsibilityFilterSerializer(
            data=request.query_params.dict(), context=self.get_serializer_context()
        )
        wanted.is_valid(raise_exception=True)
        page = self.paginate_queryset(responsibility_search(self.actor, wanted.validated_data))
        return self.get_paginated_response(
            ResponsibilitySerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self.represent(self.fetch(self.get_queryset())))

    def create(self, request, *args, **kwargs):
        self.require(may_manage_directory(self.actor))
        serializer = ResponsibilityWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        with service_layer_errors():
            row = responsibility_create(actor=self.actor, **serializer.validated_data)
        return Response(self.represent(row), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        row = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = ResponsibilityUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with service_layer_errors():
            row = responsibility_update(
                actor=self.actor, responsibility=row, version=data.pop("version"), **data
            )
        return Response(self.represent(row))

    def destroy(self, request, *args, **kwargs):
        row = self.fetch(self.get_queryset())
        self.require(may_manage_directory(self.actor))
        serializer = ResponsibilityDeleteSerializer(data=request.query_params.dict())
        serializer.is_valid(raise_exception=True)
        responsibility_delete(
            actor=self.actor, responsibility=row, version=serializer.validated_data["version"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

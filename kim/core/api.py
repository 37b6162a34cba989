"""Shared pieces of the REST API: the acting user, error mapping, pagination,
the audit of list reads, file downloads, the own-account endpoint and the API
docs page."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import FileResponse, HttpResponse
from django.template import engines
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from kim.core.actor import Actor, get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes `Authorization: Bearer kim_…` in the OpenAPI schema."""

    target_class = "kim.accounts.api_auth.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": gettext_lazy(
                "API-Token (beginnt mit kim_), erzeugt mit "
                "`manage.py create_api_token <benutzername> <bezeichnung>`."
            ),
        }


class ApiPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 200); page size defaults to PAGE_SIZE."""

    page_size_query_param = "page_size"
    max_page_size = 200


class KimAutoSchema(AutoSchema):
    """Keeps `version` required in PATCH bodies, where every other field is optional."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and "version" in serializer.fields:
            schema["required"] = sorted({*schema.get("required", []), "version"})
        return schema


# Base behaviour of every KIM API view (a comment, not a docstring, so that it
# does not become the description of every operation in the schema):
# - `self.actor`: the acting user with their units, computed once.
# - A service's `NotAllowed` on an object the actor can see becomes 403
#   (objects they cannot see never get that far: the selectors give 404).
# - Django's `ValidationError` from a service's `full_clean` becomes 400.
# - `StaleEdit` becomes 409 with the current representation of the record
#   (`stale_representation`, supplied by the view).
# - `fetch` gets the object named in the URL from a permission-scoped
#   queryset (404 when it is not in there); `require` turns an ability that
#   is false into 403.
class KimApiMixin:
    pagination_class = ApiPagination
    parser_classes = [JSONParser]
    schema = KimAutoSchema()

    @property
    def actor(self) -> Actor:
        return get_actor(self.request.user)

    def fetch(self, queryset, kwarg: str = "pk"):
        """The object the URL names (`kwarg`), only from `queryset`; else 404. Cached per view."""
        cache = self.__dict__.setdefault("_fetched", {})
        if kwarg not in cache:
            cache[kwarg] = get_object_or_404(queryset, pk=self.kwargs[kwarg])
        return cache[kwarg]

    def require(self, allowed: bool) -> None:
        """403 when the actor sees the object but may not do this with it."""
        if not allowed:
            raise exceptions.PermissionDenied(_("Dazu fehlt Ihnen die Berechtigung."))

    def handle_exception(self, exc):
        if isinstance(exc, StaleEdit):
            return self.stale_response(exc.current)
        if isinstance(exc, NotAllowed):
            exc = exceptions.PermissionDenied(_("Dazu fehlt Ihnen die Berechtigung."))
        elif isinstance(exc, DjangoValidationError):
            exc = exceptions.ValidationError(as_serializer_error(exc))
        return super().handle_exception(exc)

    def stale_response(self, current) -> Response:
        return Response(
            {"detail": self.stale_detail(current), "current": self.stale_representation(current)},
            status=status.HTTP_409_CONFLICT,
        )

    def stale_detail(self, current) -> str:
        return _(
            "Der Datensatz wurde inzwischen von jemand anderem geändert "
            "(aktuelle Version %(version)s). Ihre Änderung wurde nicht "
            "gespeichert. Bitte prüfen Sie den aktuellen Stand und senden "
            "Sie die Änderung mit der aktuellen Version erneut."
        ) % {"version": current.version}

    def stale_representation(self, current) -> dict:
        raise NotImplementedError

    def audit_page(self, action: str, objects, *, obj=None, person_id=None, **extra) -> None:
        """One audit event per page of a list read, naming the ids shown."""
        audit(
            actor=self.actor,
            action=action,
            obj=obj,
            person_id=person_id,
            changes={"ids": [o.pk for o in objects], **extra},
        )


class FileContentNegotiation(DefaultContentNegotiation):
    """For endpoints that answer with a file: the file, whatever `Accept` says
    (`application/pdf`, `image/*`); an error is JSON. Request bodies are parsed
    by their content type as everywhere else."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def file_response(handle, *, filename: str, content_type: str) -> FileResponse:
    """A file as a private attachment: not kept in caches, not reinterpreted by the browser."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@contextmanager
def service_errors(**renamed: str):
    """A service's ValidationError as 400, its fields under the names the API uses:
    `with service_errors(kind="type"):` reports the service's `kind` as `type`."""
    try:
        yield
    except DjangoValidationError as error:
        detail = as_serializer_error(error)
        for service_name, api_name in renamed.items():
            if service_name in detail:
                detail[api_name] = detail.pop(service_name)
        raise exceptions.ValidationError(detail) from error


class ConflictSerializer(serializers.Serializer):
    # The answer to a stale edit: `current` is the record as it is now.
    detail = serializers.CharField()
    current = serializers.DictField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description=gettext_lazy(
        "Eingabefehler: je Feld eine Liste von Meldungen, z. B. "
        '`{"birth_date": ["Das Geburtsdatum liegt in der Zukunft."]}`; Fehler, die '
        "kein einzelnes Feld betreffen, unter `non_field_errors`."
    ),
)
# The error answers most endpoints below a person or a case document.
NOT_FOUND = {404: ErrorSerializer}
WRITE_ERRORS = {400: VALIDATION_ERROR, 403: ErrorSerializer, **NOT_FOUND}


class DateField(serializers.DateField):
    """An ISO date with a German message that says what is expected."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Kein gültiges Datum. Bitte im Format JJJJ-MM-TT angeben, z. B. 1990-05-17."
        ),
        "datetime": gettext_lazy("Erwartet wird ein Datum ohne Uhrzeit (JJJJ-MM-TT)."),
    }


class KimModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: DateField,
    }


class EnumField(serializers.ChoiceField):
    """A choice field whose choices are one named component of the schema (`enum_name`).

    drf-spectacular otherwise names a choice set after the field, and several
    sets after the same field name (`status` of cases, goals and actions)
    get numbered names (Status233Enum).
    """

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices, **kwargs)


class EnumFieldSchema(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        name = f"{field.enum_name}OrBlank" if field.allow_blank else field.enum_name
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema={
                "type": "string",
                "enum": ([""] if field.allow_blank else []) + list(field.choices),
                "description": "\n".join(
                    f"* `{value}` – {label}" for value, label in field.choices.items()
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.SlugRelatedField):
    """A catalogue entry by its code. Text with a NUL character cannot be a code and
    PostgreSQL refuses it in any query: a 400, not a 500."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class ScopedSlugField(CodeField):
    """A slug field whose choices come from `scope(context)` when the input is checked.

    Nested serializers have no context in `__init__`; this reads it from the
    root serializer at validation time, so the choices can depend on the actor
    or the case.
    """

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key field whose choices come from `scope(context)` (see ScopedSlugField)."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context)


def field_codes(**kwargs):
    """Fields of action (Handlungsfelder) by their code, e.g. "sprache"; `many=False` for one.

    Without a `queryset`, the choices are the active fields of the actor's
    tenant (`context["actor"]`).
    """
    many = kwargs.pop("many", True)
    options = {
        "many": many,
        "slug_field": "code",
        "error_messages": {
            "does_not_exist": gettext_lazy("Unbekanntes Handlungsfeld „{value}“."),
            "invalid": gettext_lazy("Handlungsfelder werden als Kürzel angegeben."),
        },
        "help_text": gettext_lazy("Handlungsfelder als Kürzel, z. B. „sprache“.")
        if many
        else gettext_lazy("Handlungsfeld als Kürzel, z. B. „sprache“."),
        **kwargs,
    }
    if kwargs.get("read_only"):
        return serializers.SlugRelatedField(**options)
    if "queryset" in kwargs:
        return CodeField(**options)
    return ScopedSlugField(lambda context: tenant_fields(context.get("actor")), **options)


def tenant_fields(actor):
    """The active fields of action of the actor's tenant (the catalogue)."""
    from kim.core.models import FieldOfAction

    return FieldOfAction.objects.filter(tenant_id=actor.tenant_id if actor else None, active=True)


def required_version_field():
    return serializers.IntegerField(
        min_value=1,
        help_text=gettext_lazy(
            "Version des Datensatzes, auf der die Änderung beruht (aus der letzten "
            "Antwort). Ist sie veraltet, antwortet die API mit 409."
        ),
        error_messages={
            "required": gettext_lazy(
                "Die Version fehlt. Senden Sie die Version mit, die Sie zuletzt gelesen haben."
            )
        },
    )


# For PATCH bodies (partial=True skips the required check): `version` must be there. (A
# comment, not a docstring: the schema would take it as the description of every body.)
class VersionRequiredMixin:
    def validate(self, attrs):
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": self.fields["version"].error_messages["required"]}
            )
        return super().validate(attrs)


def user_name(user) -> str:
    return str(user) if user is not None else ""


class MeUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    permissions = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    tenant = serializers.IntegerField(allow_null=True)
    units = MeUnitSerializer(many=True)


class MeView(KimApiMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Eigenes Konto"),
        description=gettext_lazy(
            "Die Einheiten des anfragenden Kontos und die Berechtigungen in jeder; "
            "daraus wählen Sie z. B. die `unit` für eine neue Person oder einen neuen Fall."
        ),
        responses=MeSerializer,
        tags=[gettext_lazy("Konto")],
    )
    def get(self, request):
        actor = self.actor
        units = [
            {
                "id": unit_id,
                "name": name,
                "permissions": sorted(
                    code for code, ids in actor.units_by_permission.items() if unit_id in ids
                ),
            }
            for unit_id, name in sorted(actor.unit_names.items(), key=lambda item: item[1])
        ]
        return Response(
            MeSerializer(
                {"username": request.user.username, "tenant": actor.tenant_id, "units": units}
            ).data
        )


# drf-spectacular's Swagger page carries an inline <style>, which our CSP
# (style-src 'self') blocks; this page has none. The initializer comes as a
# separate script (SpectacularSwaggerSplitView), so no inline script either.
_SWAGGER_PAGE = engines["django"].from_string(
    """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="icon" href="{{ favicon_href }}">
<link rel="stylesheet" href="{{ swagger_ui_css }}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{{ swagger_ui_bundle }}"></script>
<script src="{{ swagger_ui_standalone }}"></script>
<script src="{{ script_url }}"></script>
</body>
</html>
"""
)


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """Self-hosted Swagger UI: every file comes from /static/, nothing inline."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is not None:
            return response
        html = _SWAGGER_PAGE.render(response.data, request)
        return HttpResponse(html, content_type="text/html; charset=utf-8")

"""Pieces shared by the case API modules: fields of action by code, path parameters."""

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from kim.cases.phases import Phase
from kim.core.api import (
    ErrorSerializer,
)
from kim.core.models import FieldOfAction

MAX_CONTACT_MINUTES = 24 * 60
MAX_ID = 2**63 - 1  # larger numbers overflow the database's integer
NOT_FOUND = {404: ErrorSerializer}


def field_codes(**kwargs):
    """Fields of action (Handlungsfelder) by their code, e.g. "sprache"."""
    return serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        error_messages={
            "does_not_exist": gettext_lazy("Unbekanntes Handlungsfeld „{value}“."),
            "invalid": gettext_lazy("Handlungsfelder werden als Kürzel angegeben."),
        },
        help_text=gettext_lazy("Handlungsfelder als Kürzel, z. B. „sprache“."),
        **kwargs,
    )


def tenant_fields(actor):
    return FieldOfAction.objects.filter(tenant_id=actor.tenant_id if actor else None, active=True)


CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


# Every phase field refers to one schema component, `Phase` (or `PhaseOrBlank`):
# drf-spectacular would otherwise name the same choices once per field name
# (PhaseEnum, ToPhaseEnum, FromPhaseEnum …).
class PhaseField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Phase.choices, **kwargs)


class OptionalPhaseField(PhaseField):
    # A phase or "" (none: the opening of a case, a case that is not paused).
    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)


class PhaseFieldSchema(OpenApiSerializerFieldExtension):
    target_class = PhaseField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        blank = isinstance(self.target, OptionalPhaseField)
        component = ResolvedComponent(
            name="PhaseOrBlank" if blank else "Phase",
            type=ResolvedComponent.SCHEMA,
            object="PhaseOrBlank" if blank else "Phase",
            schema={
                "type": "string",
                "enum": ["", *Phase.values] if blank else list(Phase.values),
                "description": "\n".join(
                    f"* `{value}` – {label}" for value, label in Phase.choices
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref

"""Pieces shared by the case API modules: fields of action by code, path parameters."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
)
from rest_framework import serializers

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

"""Pieces shared by the case API modules: fields of action by code, path parameters."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from kim.cases.phases import Phase
from kim.core.api import EnumField, ErrorSerializer, field_codes, tenant_fields

__all__ = [
    "CASE_PK",
    "MAX_CONTACT_MINUTES",
    "MAX_ID",
    "NOT_FOUND",
    "OptionalPhaseField",
    "PhaseField",
    "field_codes",  # from kim.core.api, shared with the other apps' APIs
    "tenant_fields",
]

MAX_CONTACT_MINUTES = 24 * 60
MAX_ID = 2**63 - 1  # larger numbers overflow the database's integer
NOT_FOUND = {404: ErrorSerializer}


CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


class PhaseField(EnumField):
    # Every phase field refers to one schema component, `Phase` (or `PhaseOrBlank`).
    def __init__(self, **kwargs):
        super().__init__(Phase.choices, enum_name="Phase", **kwargs)


class OptionalPhaseField(PhaseField):
    # A phase or "" (none: the opening of a case, a case that is not paused).
    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)

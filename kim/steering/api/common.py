"""Pieces shared by the steering API: who may use which part, the path ids, small
serializers for names and statuses."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from kim.core.api import EnumField, ErrorSerializer, KimApiMixin
from kim.planning.models import LegalDomain
from kim.steering.issue_states import Status

TAGS = [gettext_lazy("Steuerung")]
# 403: the part of the steering level is not the actor's at all (as the page's 404 for
# everyone without the role); 404: the record is not there for them (another tenant).
CLOSED = {403: ErrorSerializer}
NOT_THERE = {403: ErrorSerializer, 404: ErrorSerializer}


def path_id(description) -> OpenApiParameter:
    return OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


# Every endpoint of /api/v1/steering/: first the part (`may_use`, else 403 with a
# German message), then the rows through the permission-scoped selector of the pages
# (another tenant's rows: 404). Reads are not audited, as on the pages: the steering
# level holds counts and texts without persons or cases. (A comment, not a docstring:
# the schema would take it as the description of every operation without one.)
class SteeringApiMixin(KimApiMixin):
    # Digits only, as on the pages: /steering/issues/x/ is not an issue.
    lookup_value_regex = r"[0-9]+"

    def may_use(self) -> bool:
        raise NotImplementedError

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "swagger_fake_view", False):
            return
        self.require(self.may_use())

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": self.actor}


def person_name(user) -> str:
    """A staff member as the pages name them: full name, else the user name."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


class OfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CatalogueEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


def status_field(**kwargs):
    """The status of a structural issue."""
    return EnumField(Status.choices, enum_name="StructuralIssueStatus", **kwargs)


def legal_domain_field(**kwargs):
    """A legal domain as barriers and issues name it (the planning app's codes)."""
    return EnumField(LegalDomain.choices, enum_name="BarrierLegalDomain", **kwargs)

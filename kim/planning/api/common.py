"""Pieces shared by the planning API modules: the case from the URL and its abilities."""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from kim.cases.models import Case
from kim.cases.selectors import visible_cases
from kim.core.api import ErrorSerializer, KimApiMixin, ScopedSlugField, user_name
from kim.planning.abilities import plan_abilities
from kim.planning.selectors import barrier_categories

NOT_FOUND = {404: ErrorSerializer}
CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


class PlanningCaseMixin(KimApiMixin):
    """Everything below /api/v1/cases/{case_pk}/: the case through `visible_cases` (404),
    the planning abilities of the actor on it (403 when one is missing)."""

    @property
    def case(self) -> Case:
        return self.fetch(
            visible_cases(self.actor).select_related("person", "unit", "case_manager"), "case_pk"
        )

    def require_plan(self, ability: str) -> None:
        self.require(plan_abilities(self.actor, self.case)[ability])

    def get_serializer_context(self):
        context = {"actor": self.actor, "request": self.request}
        if "case_pk" in self.kwargs:  # absent while the schema is generated
            context["case"] = self.case
        return context

    def audit_list(self, action: str, page) -> None:
        """A page of a case's records, in the trail of the case's person."""
        self.audit_page(action, page, obj=self.case, person_id=self.case.person_id)


class StatusChangeSerializer(serializers.Serializer):
    # One row of the status history of a goal or an action.
    status = serializers.CharField()
    changed_at = serializers.DateTimeField()
    changed_by = serializers.IntegerField(source="changed_by_id", allow_null=True)
    changed_by_name = serializers.SerializerMethodField()

    def get_changed_by_name(self, change) -> str:
        return user_name(change.changed_by)


def category_codes(**kwargs):
    """Barrier categories by their code, from the catalogue of the actor's tenant."""
    options = {
        "slug_field": "code",
        "error_messages": {
            "does_not_exist": gettext_lazy("Unbekannte Art der Hürde „{value}“."),
            "invalid": gettext_lazy("Die Art der Hürde wird als Kürzel angegeben."),
        },
        "help_text": gettext_lazy("Art der Hürde als Kürzel aus dem Katalog der Kommune."),
        **kwargs,
    }
    if kwargs.get("read_only"):
        return serializers.SlugRelatedField(**options)
    return ScopedSlugField(lambda context: barrier_categories(_tenant(context)), **options)


def _tenant(context) -> int | None:
    actor = context.get("actor")
    return actor.tenant_id if actor else None

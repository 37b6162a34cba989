"""What the API accepts to write a structural issue: the fields of the page's form, by
code (categories, fields of action, legal domains) or ID (offices, owner), each from
the actor's tenant only – anything else is 400 before it reaches a service."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kim.core.api import (
    DateField,
    ScopedPrimaryKeyField,
    ScopedSlugField,
    VersionRequiredMixin,
    field_codes,
    required_version_field,
)
from kim.core.models import Organisation
from kim.core.permissions import STEERING_MANAGE
from kim.planning.models import BarrierCategory
from kim.steering.api.common import legal_domain_field, status_field
from kim.steering.selectors import barrier_years


def _tenant(context) -> int | None:
    return context["actor"].tenant_id


def coordinators(context):
    """Who may own an issue: active accounts of the tenant with `steering.manage`, as in
    the page's form."""
    from kim.accounts.models import User

    return User.objects.filter(
        tenant_id=_tenant(context),
        is_active=True,
        memberships__role__permissions__icontains=f'"{STEERING_MANAGE}"',
    ).distinct()


class IssueWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=5000,
        help_text=gettext_lazy(
            "Was läuft strukturell schief, und für wen? Ohne Namen und Fallbezug."
        ),
    )
    owner = ScopedPrimaryKeyField(
        coordinators,
        required=False,
        help_text=gettext_lazy(
            "ID eines Kontos der KIM-Koordination; ohne Angabe beim Anlegen: Sie selbst."
        ),
        error_messages={
            "does_not_exist": gettext_lazy(
                "Bitte eine verantwortliche Person der Koordination wählen."
            )
        },
    )
    categories = ScopedSlugField(
        lambda context: BarrierCategory.objects.filter(tenant_id=_tenant(context), active=True),
        many=True,
        required=False,
        slug_field="code",
        help_text=gettext_lazy("Arten von Hürden als Kürzel, aus denen das Thema stammt."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannte Art der Hürde „{value}“.")},
    )
    fields = field_codes(required=False)
    legal_domains = serializers.ListField(child=legal_domain_field(), required=False)
    offices = ScopedPrimaryKeyField(
        lambda context: Organisation.objects.filter(tenant_id=_tenant(context)),
        many=True,
        required=False,
        help_text=gettext_lazy("IDs der beteiligten Stellen (GET /api/v1/organisations/)."),
        error_messages={"does_not_exist": gettext_lazy("Unbekannte Organisation.")},
    )


class IssueCreateSerializer(IssueWriteSerializer):
    evidence_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Die Zahlen dieses Jahres zu den Arten von Hürden als Beleg übernehmen – so "
            "verdeckt, wie die Hürdenseite sie zeigt."
        ),
    )

    def validate_evidence_year(self, year):
        if year is not None and year not in barrier_years(self.context["actor"]):
            raise serializers.ValidationError(
                _("Für %(year)s gibt es keine Auswertung.") % {"year": year}
            )
        return year


class IssueUpdateSerializer(VersionRequiredMixin, IssueWriteSerializer):
    version = required_version_field()


class IssueMoveSerializer(serializers.Serializer):
    version = required_version_field()
    to = status_field(help_text=gettext_lazy("Der neue Stand: der nächste Schritt oder abgelehnt."))
    on = DateField(required=False, help_text=gettext_lazy("Datum des Schritts; ohne Angabe heute."))
    work = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=gettext_lazy("Pflicht für „in Bearbeitung“: Projekt oder Arbeitsgruppe."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=gettext_lazy(
            "Anmerkung; Pflicht für „entschieden“ (was entschieden wurde) und „abgelehnt“ "
            "(der Grund)."
        ),
    )


class IssueNoteWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text=gettext_lazy("Ohne Namen."))

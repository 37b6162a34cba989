"""Barriers: /api/v1/cases/{case_pk}/barriers/ (flagged in a case) and
/api/v1/barriers/counts/ (counted per tenant, small numbers suppressed).

The counts are what the page /planung/huerden/ shows, for the same people
(coordination and team leads): counts only, no case, no person.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import (
    VALIDATION_ERROR,
    DateField,
    ErrorSerializer,
    KimApiMixin,
    field_codes,
    user_name,
)
from kim.core.models import Tenant
from kim.planning.api.common import CASE_PK, NOT_FOUND, PlanningCaseMixin, category_codes
from kim.planning.models import Barrier, LegalDomain
from kim.planning.sections import may_see_barrier_counts
from kim.planning.selectors import (
    barrier_counts,
    barriers_of_case,
)
from kim.planning.services import barrier_flag
from kim.planning.statistics import suppressed_table

TAGS = [gettext_lazy("Hürden")]


class BarrierSerializer(serializers.ModelSerializer):
    field = field_codes(many=False, read_only=True)
    category = category_codes(read_only=True)
    created_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Barrier
        fields = [
            "id",
            "case",
            "field",
            "category",
            "legal_domain",
            "description",
            "flagged_on",
            "source",
            "source_id",
            "created_by",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_created_by_name(self, barrier) -> str:
        return user_name(barrier.created_by)


class BarrierCreateSerializer(serializers.Serializer):
    field = field_codes(many=False)
    category = category_codes()
    legal_domain = serializers.ChoiceField(
        choices=LegalDomain.choices, label=gettext_lazy("Betroffener Rechtskreis")
    )
    description = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=gettext_lazy("Ohne Namen: die Beschreibung dient der Strukturarbeit."),
    )
    flagged_on = DateField(required=False, help_text=gettext_lazy("Ohne Angabe: heute."))


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Hürden eines Falls auflisten"),
        description=gettext_lazy("Die im Fall gemeldeten Hürden, neueste zuerst."),
        parameters=[CASE_PK],
        responses={200: BarrierSerializer(many=True), **NOT_FOUND},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Hürde melden"),
        description=gettext_lazy(
            "Meldet eine Hürde im Fall. Hürden werden nicht geändert: Sie sind Belege für "
            "die Strukturarbeit."
        ),
        parameters=[CASE_PK],
        request=BarrierCreateSerializer,
        responses={
            201: BarrierSerializer,
            400: VALIDATION_ERROR,
            403: ErrorSerializer,
            **NOT_FOUND,
        },
        tags=TAGS,
    ),
)
class BarrierViewSet(PlanningCaseMixin, viewsets.GenericViewSet):
    queryset = Barrier.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = BarrierSerializer

    def get_queryset(self):
        return barriers_of_case(self.case)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # As on the case page, where the barriers are part of viewing the case.
        self.audit_page(
            "case.view",
            [],
            obj=self.case,
            person_id=self.case.person_id,
            barriers=[b.pk for b in page],
        )
        return self.get_paginated_response(BarrierSerializer(page, many=True).data)

    def create(self, request, *args, **kwargs):
        self.require_plan("flag_barrier")
        serializer = BarrierCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        barrier = barrier_flag(
            actor=self.actor,
            case=self.case,
            source=Barrier.Source.OTHER,
            **serializer.validated_data,
        )
        return Response(
            BarrierSerializer(self.get_queryset().get(pk=barrier.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# --- counts -----------------------------------------------------------------------


class PeriodSerializer(serializers.Serializer):
    since = DateField(required=False, help_text=gettext_lazy("gemeldet ab (JJJJ-MM-TT)"))
    until = DateField(required=False, help_text=gettext_lazy("gemeldet bis (JJJJ-MM-TT)"))

    def validate(self, attrs):
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and since > until:
            raise serializers.ValidationError(
                {"until": _("Das Ende des Zeitraums liegt vor seinem Anfang.")}
            )
        return attrs


class CountRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.CharField(
        help_text=gettext_lazy(
            "Die Zahl als Text; unter der Schwelle „< n“, zum Schutz vor Rückrechnung „gesperrt“."
        )
    )


class CountTableSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["category", "field", "legal_domain"])
    title = serializers.CharField()
    rows = CountRowSerializer(many=True)
    total = serializers.CharField()


class BarrierCountsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(
        help_text=gettext_lazy("Geheimhaltungsschwelle der Kommune.")
    )
    withheld = serializers.BooleanField(
        help_text=gettext_lazy("Ob eine Zahl zusätzlich gesperrt wurde.")
    )
    tables = CountTableSerializer(many=True)


class BarrierCountsView(KimApiMixin, APIView):
    @extend_schema(
        summary=gettext_lazy("Hürden in der Kommune zählen"),
        description=gettext_lazy(
            "Hürden nach Art, Handlungsfeld und Rechtskreis, ohne Fall und Person. Zahlen "
            "unter der Geheimhaltungsschwelle erscheinen als „< n“; ist in einer Tabelle "
            "genau eine Zahl so verdeckt, wird die nächstkleinere „gesperrt“. Nur für "
            "KIM-Koordination und Teamleitungen (sonst 403)."
        ),
        parameters=[PeriodSerializer],
        responses={200: BarrierCountsSerializer, 400: VALIDATION_ERROR, 403: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request):
        self.require(may_see_barrier_counts(self.actor))
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        threshold = (
            Tenant.objects.only("disclosure_threshold")
            .get(pk=self.actor.tenant_id)
            .disclosure_threshold
        )
        counts = barrier_counts(self.actor, **period.validated_data)
        titles = {
            "category": _("Hürden nach Art"),
            "field": _("Hürden nach Handlungsfeld"),
            "legal_domain": _("Hürden nach Rechtskreis"),
        }
        tables = []
        for key, title in titles.items():
            table = suppressed_table(counts[key], threshold)
            tables.append(
                {
                    "key": key,
                    "title": title,
                    "rows": [{"label": label, "count": n} for label, n in table["rows"]],
                    "total": table["total"],
                    "withheld": table["withheld"],
                }
            )
        return Response(
            BarrierCountsSerializer(
                {
                    "threshold": threshold,
                    "withheld": any(t["withheld"] for t in tables),
                    "tables": tables,
                }
            ).data
        )

"""Barriers: /api/v1/cases/{case_pk}/barriers/ (flagged in a case).

/api/v1/barriers/counts/ is gone (410): the tenant's counts are the steering
level's table of a year, /api/v1/steering/barriers/.
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
from kim.planning.api.common import CASE_PK, NOT_FOUND, PlanningCaseMixin, category_codes
from kim.planning.models import Barrier, LegalDomain
from kim.planning.selectors import barriers_of_case
from kim.planning.services import barrier_flag

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


# --- the old counts ----------------------------------------------------------------

SUCCESSOR = "/api/v1/steering/barriers/"


class BarrierCountsView(KimApiMixin, APIView):
    """Gone: it counted free date ranges, and two overlapping ranges subtracted from
    each other gave back the small numbers its suppression hid. The steering level's
    table of a whole year (`kim.steering.api.barriers`) replaces it; the path stays
    to tell existing clients where to go."""

    @extend_schema(
        summary=gettext_lazy("Hürden zählen (entfallen)"),
        description=gettext_lazy(
            "Entfallen: Die Auswertung zählte Hürden in frei gewählten Zeiträumen; zwei "
            "überlappende Zeiträume voneinander abgezogen ergaben die kleinen Zahlen, die "
            "verdeckt sein sollten. Antwortet immer mit 410 und verweist auf "
            "`GET /api/v1/steering/barriers/` (ganze Jahre, gemeinsame Sperrung)."
        ),
        deprecated=True,
        responses={410: ErrorSerializer},
        tags=TAGS,
    )
    def get(self, request):
        return Response(
            {
                "detail": _(
                    "Diese Auswertung gibt es nicht mehr: Sie zählte Hürden in frei gewählten "
                    "Zeiträumen, aus denen sich kleine Zahlen zurückrechnen ließen. Die Hürden "
                    "der Kommune stehen je Kalenderjahr unter %(url)s."
                )
                % {"url": SUCCESSOR}
            },
            status=status.HTTP_410_GONE,
            headers={"Link": f'<{SUCCESSOR}>; rel="successor-version"'},
        )

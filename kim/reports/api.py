"""REST API of the case summary: GET /api/v1/cases/{case_pk}/summary/, the PDF.

The same as the page's download (`/faelle/<pk>/zusammenfassung.pdf`): the case
only for those who see the case page (`summary_case`, else 404), the same
options (with or without contacts, which days of them), the same document and
one audit event `case.summary_pdf` per download. Where WeasyPrint's system
libraries are missing the answer is 503 with a German message; the case is
looked up first, so outsiders still get 404.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import (
    NOT_FOUND,
    VALIDATION_ERROR,
    DateField,
    ErrorSerializer,
    FileContentNegotiation,
    KimApiMixin,
    file_response,
)
from kim.reports import pdf
from kim.reports.render import case_summary_pdf
from kim.reports.summary import SummaryOptions, summary_case

CASE_PK = OpenApiParameter(
    "case_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("ID des Falls")
)


class SummaryOptionsSerializer(serializers.Serializer):
    contacts = serializers.BooleanField(
        required=False,
        default=True,
        help_text=gettext_lazy("Mit den Beratungskontakten (Standard) oder ohne (`false`)."),
    )
    contacts_from = DateField(
        required=False,
        help_text=gettext_lazy("Kontakte ab diesem Tag; ohne Angabe seit Eröffnung des Falls."),
    )
    contacts_until = DateField(
        required=False,
        help_text=gettext_lazy("Kontakte bis zu diesem Tag; ohne Angabe bis heute."),
    )

    def validate(self, attrs):
        since, until = attrs.get("contacts_from"), attrs.get("contacts_until")
        if since and until and since > until:
            raise serializers.ValidationError(
                {"contacts_until": _("Das Ende des Zeitraums liegt vor seinem Anfang.")}
            )
        return attrs

    def options(self) -> SummaryOptions:
        data = self.validated_data
        return SummaryOptions(
            include_contacts=data["contacts"],
            contacts_from=data.get("contacts_from"),
            contacts_until=data.get("contacts_until"),
        )


class CaseSummaryView(KimApiMixin, APIView):
    content_negotiation_class = FileContentNegotiation

    @extend_schema(
        summary=gettext_lazy("Fallzusammenfassung als PDF"),
        description=gettext_lazy(
            "Die Zusammenfassung des Falls für die Akte, wie „PDF herunterladen“ auf der "
            "Fallseite: Person, Fall, Phasen, Beteiligte, Aufenthalt und Rechtskreise, "
            "Assessment, Hilfeplan, Hürden, offene Wiedervorlagen, Abschluss und – wenn "
            "gewünscht und im gewählten Zeitraum – die Beratungskontakte. Als "
            "„Vertraulich – enthält Sozialdaten (§ 35 SGB I)“ gekennzeichnet; jeder Abruf "
            "wird protokolliert. 503, wenn der Server gerade keine PDFs erstellen kann."
        ),
        parameters=[CASE_PK, SummaryOptionsSerializer],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=gettext_lazy("das PDF")
            ),
            400: VALIDATION_ERROR,
            **NOT_FOUND,
            503: ErrorSerializer,
        },
        tags=[gettext_lazy("Fallzusammenfassung")],
    )
    def get(self, request, case_pk):
        case = summary_case(self.actor, case_pk)
        chosen = SummaryOptionsSerializer(data=request.query_params)
        chosen.is_valid(raise_exception=True)
        if pdf.unavailable_reason():
            return Response(
                {
                    "detail": _(
                        "Die Fallzusammenfassung kann auf diesem Server gerade nicht als PDF "
                        "erstellt werden: Es fehlen Programmbibliotheken für die "
                        "PDF-Erzeugung (Pango und HarfBuzz). Bitte informieren Sie die "
                        "Administration."
                    )
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        content, filename = case_summary_pdf(self.actor, case, options=chosen.options())
        return file_response(BytesIO(content), filename=filename, content_type="application/pdf")

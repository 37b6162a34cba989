"""/api/v1/steering/reports/: the half-year report to politics (Vorlage for the
Integrationsausschuss) – what the report pages show and do, for the same people: the
coordination and team leads read and download (`may_read_bodies`), only the
coordination creates, changes and has it written again (`may_manage_reports`);
everyone else 403, another tenant's report 404.

The draft is written in the background (django-tasks): creating and writing again
answer 202 with the report as it stands (`state`, `progress`, `progress_step`),
which the client polls. While it is being written, changes and downloads are 409.
The cause of a failure stays in the log; the API says only "fehlgeschlagen".

Audited as on the pages: reading a written report (`steering_report.view`), each
download (`steering_report.export` with the format); the services audit the writes.
"""

from io import BytesIO

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kim.core.api import (
    VALIDATION_ERROR,
    WRITE_ERRORS,
    ConflictSerializer,
    DateField,
    EnumField,
    ErrorSerializer,
    FileContentNegotiation,
    file_response,
)
from kim.core.audit import audit
from kim.reports import pdf as pdf_files
from kim.steering.api.common import (
    CLOSED,
    NOT_THERE,
    TAGS,
    SteeringApiMixin,
    path_id,
    person_name,
)
from kim.steering.api.report_writes import (
    SteeringReportCreateSerializer,
    SteeringReportRegenerateSerializer,
    SteeringReportUpdateSerializer,
    climate_field,
)
from kim.steering.bodies import may_read_bodies
from kim.steering.models import SteeringReport
from kim.steering.report import (
    may_manage_reports,
    proposed,
    report_create,
    report_regenerate,
    report_update,
    visible_reports,
)
from kim.steering.report_draft import period_label
from kim.steering.report_export import file_name, report_docx, report_pdf

State = SteeringReport.State
WORKING = (State.QUEUED, State.RUNNING)
REPORT_ID = path_id(gettext_lazy("ID des Berichts"))
# 409: a stale version, or the report is being written (with the report as it stands).
CONFLICT = {409: ConflictSerializer}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.URI,
    OpenApiParameter.HEADER,
    description=gettext_lazy("Adresse des neuen Berichts, zum Abfragen des Fortschritts."),
    response=[202],
)


class NotWritten(exceptions.APIException):
    # A file of a report that is not (or not yet) written.
    status_code = status.HTTP_409_CONFLICT


# --- how a report reads -----------------------------------------------------------------


class SteeringReportFigureRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy(
            "Je Spalte wie in `cols`, die letzte ist die Summe der Zeile: „12“, „< 3“ oder "
            "„gesperrt“ (verdeckt, damit sich keine kleine Zahl zurückrechnen lässt)."
        ),
    )


class SteeringReportFigureTableSerializer(serializers.Serializer):
    key = EnumField(
        [
            ("cases", gettext_lazy("Begleitete Fälle im Halbjahr")),
            ("fields", gettext_lazy("Handlungsfelder der begleiteten Fälle")),
            ("target_groups", gettext_lazy("Zielgruppen der begleiteten Fälle")),
            ("referrals", gettext_lazy("Vermittlungen an Partnerstellen")),
        ],
        enum_name="SteeringReportTableKey",
    )
    title = serializers.CharField()
    note = serializers.CharField(help_text=gettext_lazy("Was gezählt wird."))
    row_head = serializers.CharField(help_text=gettext_lazy("Überschrift der Zeilen."))
    cols = serializers.ListField(
        child=serializers.CharField(),
        help_text=gettext_lazy("Überschriften der Spalten; die letzte ist „Summe“."),
    )
    rows = SteeringReportFigureRowSerializer(
        many=True,
        help_text=gettext_lazy("Nur Zeilen mit Fällen: eine leere Zeile verriete Nullen."),
    )
    total = serializers.ListField(
        child=serializers.CharField(), help_text=gettext_lazy("Die Summenzeile, wie `cells`.")
    )
    small = serializers.BooleanField(help_text=gettext_lazy("Enthält kleine Zahlen („< n“)."))
    complement = serializers.BooleanField(
        help_text=gettext_lazy("Enthält weitere verdeckte Einträge („gesperrt“).")
    )


class SteeringReportFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    half = serializers.IntegerField()
    start = DateField()
    end = DateField()
    threshold = serializers.IntegerField(
        help_text=gettext_lazy("Zahlen unter dieser Grenze erscheinen als „< n“.")
    )
    tables = SteeringReportFigureTableSerializer(many=True)


class SteeringReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    half = serializers.IntegerField(help_text=gettext_lazy("1 oder 2"))
    period = serializers.SerializerMethodField()
    title = serializers.CharField()
    document_number = serializers.CharField()
    dated_on = DateField()
    committee = serializers.CharField()
    meeting_on = DateField(allow_null=True)
    state = EnumField(State.choices, enum_name="SteeringReportState")
    state_label = serializers.CharField(source="get_state_display")
    progress = serializers.IntegerField(help_text=gettext_lazy("Prozent, während er entsteht."))
    progress_step = serializers.CharField(
        help_text=gettext_lazy("Woran gerade geschrieben wird, z. B. „Fallrekonstruktionen“.")
    )
    figures_at = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("Wann die Kennzahlen berechnet wurden.")
    )
    version = serializers.IntegerField()

    def get_period(self, report) -> str:
        return period_label(report.year, report.half)


class SteeringReportDetailSerializer(SteeringReportSerializer):
    report_type = serializers.CharField()
    department = serializers.CharField()
    office = serializers.CharField()
    clerk = serializers.CharField()
    clerk_phone = serializers.CharField()
    clerk_email = serializers.CharField()
    public = serializers.BooleanField()
    resolution_quality = serializers.CharField()
    reason = serializers.CharField()
    proposal = serializers.CharField()
    approvals = serializers.CharField()
    explanation = serializers.CharField(
        help_text=gettext_lazy(
            "Begründung als Text: Leerzeile = neuer Absatz, „## “ = Zwischenüberschrift, "
            "„- “ = Aufzählung, „1. “ = nummerierter Punkt."
        )
    )
    climate = climate_field()
    climate_label = serializers.CharField(source="get_climate_display")
    climate_reason = serializers.CharField()
    figures = serializers.SerializerMethodField()
    created_by_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(SteeringReportFiguresSerializer(allow_null=True))
    def get_figures(self, report) -> dict | None:
        """The key figures as stored: already protected, as the page and the files show
        them; none before they were first written."""
        return report.figures or None

    def get_created_by_name(self, report) -> str:
        return person_name(report.created_by)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Berichte an die Politik auflisten"),
        description=gettext_lazy(
            "Die Halbjahresberichte der Kommune, neuestes Halbjahr zuerst, mit dem Stand "
            "der Erstellung. Für KIM-Koordination und Teamleitungen (sonst 403)."
        ),
        responses={200: SteeringReportSerializer(many=True), **CLOSED},
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Bericht an die Politik abrufen"),
        description=gettext_lazy(
            "Kopf, Texte und Kennzahlen der Vorlage und der Stand der Erstellung: "
            "`queued` und `running` mit `progress` (Prozent) und `progress_step`, dann "
            "`ready` oder `failed` (fehlgeschlagen: neu schreiben lassen mit "
            "`…/regenerate/`). Der Abruf eines fertigen Berichts wird wie auf der Seite "
            "protokolliert."
        ),
        parameters=[REPORT_ID],
        responses={200: SteeringReportDetailSerializer, **NOT_THERE},
        tags=TAGS,
    ),
    create=extend_schema(
        summary=gettext_lazy("Bericht an die Politik erstellen"),
        description=gettext_lazy(
            "Nur für die KIM-Koordination (sonst 403). Halbjahr und Kopfangaben; was fehlt, "
            "kommt wie auf der Seite aus dem letzten Bericht der Kommune (sonst aus dem "
            "eigenen Konto), ohne `year` und `half` das Halbjahr vor einem Monat. Der "
            "Entwurf (Titel, Begründung, Kennzahlen) wird im Hintergrund geschrieben: Die "
            "Antwort ist 202 mit dem Bericht (`state`: `queued`) und seiner Adresse unter "
            "`Location`; dort den Fortschritt abfragen, bis `state` `ready` ist."
        ),
        request=SteeringReportCreateSerializer,
        responses={
            202: OpenApiResponse(
                SteeringReportDetailSerializer, description=gettext_lazy("Der Bericht entsteht.")
            ),
            400: VALIDATION_ERROR,
            **CLOSED,
        },
        parameters=[LOCATION],
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary=gettext_lazy("Bericht an die Politik ändern"),
        description=gettext_lazy(
            "Ändert die gesendeten Felder; nur die KIM-Koordination. `version` ist die "
            "zuletzt gelesene Version; hat inzwischen jemand anderes gespeichert, "
            "antwortet die API mit 409 und dem aktuellen Stand unter `current`. Während "
            "der Bericht geschrieben wird (`queued`, `running`), ebenfalls 409 mit dem "
            "Stand: danach erneut senden."
        ),
        parameters=[REPORT_ID],
        request=SteeringReportUpdateSerializer,
        responses={200: SteeringReportDetailSerializer, **WRITE_ERRORS, **CONFLICT},
        tags=TAGS,
    ),
    regenerate=extend_schema(
        summary=gettext_lazy("Bericht aus den aktuellen Daten neu schreiben"),
        description=gettext_lazy(
            "`what`: `figures` berechnet nur die Kennzahlen neu (der Text bleibt), `all` "
            "auch die Begründung; Kopf und übrige Texte bleiben. Mit `version`; veraltet "
            "oder während der Bericht schon geschrieben wird: 409. Die Antwort ist 202 mit "
            "dem Bericht (`state`: `queued`); nur die KIM-Koordination."
        ),
        parameters=[REPORT_ID],
        request=SteeringReportRegenerateSerializer,
        responses={
            202: OpenApiResponse(
                SteeringReportDetailSerializer,
                description=gettext_lazy("Der Bericht entsteht neu."),
            ),
            **WRITE_ERRORS,
            **CONFLICT,
        },
        tags=TAGS,
    ),
    docx=extend_schema(
        summary=gettext_lazy("Bericht als DOCX"),
        description=gettext_lazy(
            "Die Vorlage als bearbeitbare Word-Datei für das Ratsinformationssystem, mit "
            "demselben Inhalt wie die Seite. Nur fertige Berichte (sonst 409). Jeder "
            "Abruf wird protokolliert."
        ),
        parameters=[REPORT_ID],
        responses={
            (200, DOCX): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=gettext_lazy("die DOCX-Datei")
            ),
            **NOT_THERE,
            409: ErrorSerializer,
        },
        tags=TAGS,
    ),
    pdf=extend_schema(
        summary=gettext_lazy("Bericht als PDF"),
        description=gettext_lazy(
            "Die Vorlage als PDF, mit demselben Inhalt wie die Seite. Nur fertige Berichte "
            "(sonst 409); 503, wenn der Server gerade keine PDFs erstellen kann (dann "
            "bleibt die DOCX-Datei). Jeder Abruf wird protokolliert."
        ),
        parameters=[REPORT_ID],
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description=gettext_lazy("das PDF")
            ),
            **NOT_THERE,
            409: ErrorSerializer,
            503: ErrorSerializer,
        },
        tags=TAGS,
    ),
)
class ReportViewSet(SteeringApiMixin, viewsets.GenericViewSet):
    queryset = SteeringReport.objects.none()  # for the schema; rows come from get_queryset
    serializer_class = SteeringReportDetailSerializer

    def may_use(self) -> bool:
        return may_read_bodies(self.actor)

    def get_queryset(self):
        return visible_reports(self.actor).select_related("created_by")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SteeringReportSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        report = self.fetch(self.get_queryset())
        if report.state == State.READY:
            audit(actor=self.actor, action="steering_report.view", obj=report)
        return Response(SteeringReportDetailSerializer(report).data)

    def represent(self, report: SteeringReport) -> dict:
        # From the database: the worker may have moved on since the service returned.
        return SteeringReportDetailSerializer(self.get_queryset().get(pk=report.pk)).data

    def stale_representation(self, current: SteeringReport) -> dict:
        return self.represent(current)

    # --- writes: the coordination, through the services (which check and audit) ---------

    def _valid(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        self.require(may_manage_reports(self.actor))
        values = proposed(self.actor) | self._valid(SteeringReportCreateSerializer)
        report = report_create(
            actor=self.actor, year=values.pop("year"), half=values.pop("half"), **values
        )
        location = request.build_absolute_uri(
            reverse("api:steering-report-detail", args=[report.pk])
        )
        return Response(
            self.represent(report), status=status.HTTP_202_ACCEPTED, headers={"Location": location}
        )

    def partial_update(self, request, *args, **kwargs):
        report = self.fetch(self.get_queryset())
        self.require(may_manage_reports(self.actor))
        data = self._valid(SteeringReportUpdateSerializer, partial=True)
        version = data.pop("version")
        return self._unless_written(
            report,
            lambda: report_update(actor=self.actor, report=report, version=version, **data),
            status.HTTP_200_OK,
        )

    @action(detail=True, methods=["post"])
    def regenerate(self, request, *args, **kwargs):
        report = self.fetch(self.get_queryset())
        self.require(may_manage_reports(self.actor))
        data = self._valid(SteeringReportRegenerateSerializer)
        return self._unless_written(
            report,
            lambda: report_regenerate(actor=self.actor, report=report, **data),
            status.HTTP_202_ACCEPTED,
        )

    def _unless_written(self, report: SteeringReport, write, answer: int) -> Response:
        """409 with the report as it stands while the worker writes it; the service
        refuses that too (400), which answers a race the same way."""
        if report.state not in WORKING:
            try:
                return Response(self.represent(write()), status=answer)
            except DjangoValidationError:
                if not self.get_queryset().filter(pk=report.pk, state__in=WORKING).exists():
                    raise
        return Response(
            {
                "detail": _(
                    "Der Bericht wird gerade aus den Daten geschrieben. Bitte warten Sie, bis "
                    "er fertig ist (`state`: `ready`), und senden Sie die Anfrage dann erneut."
                ),
                "current": self.represent(report),
            },
            status=status.HTTP_409_CONFLICT,
        )

    # --- the files: only a written report, audited per download --------------------------

    def _written(self) -> SteeringReport:
        report = self.fetch(self.get_queryset())
        if report.state == State.FAILED:
            raise NotWritten(
                _(
                    "Der Bericht konnte nicht geschrieben werden. Lassen Sie ihn neu schreiben "
                    "(POST …/regenerate/); danach lässt er sich herunterladen."
                )
            )
        if report.state != State.READY:
            raise NotWritten(
                _(
                    "Der Bericht wird gerade aus den Daten geschrieben und lässt sich "
                    "herunterladen, sobald er fertig ist (`state`: `ready`)."
                )
            )
        return report

    def _file(self, report: SteeringReport, content: bytes, extension: str, content_type: str):
        audit(
            actor=self.actor,
            action="steering_report.export",
            obj=report,
            changes={"format": extension},
        )
        return file_response(
            BytesIO(content), filename=file_name(report, extension), content_type=content_type
        )

    @action(detail=True, methods=["get"], content_negotiation_class=FileContentNegotiation)
    def docx(self, request, *args, **kwargs):
        report = self._written()
        return self._file(report, report_docx(report), "docx", DOCX)

    @action(detail=True, methods=["get"], content_negotiation_class=FileContentNegotiation)
    def pdf(self, request, *args, **kwargs):
        report = self._written()
        if pdf_files.unavailable_reason():
            return Response(
                {
                    "detail": _(
                        "Der Bericht kann auf diesem Server gerade nicht als PDF erstellt "
                        "werden: Es fehlen Programmbibliotheken für die PDF-Erzeugung (Pango "
                        "und HarfBuzz). Die DOCX-Datei (…/docx/) lässt sich herunterladen; "
                        "bitte informieren Sie die Administration."
                    )
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return self._file(report, report_pdf(report), "pdf", "application/pdf")

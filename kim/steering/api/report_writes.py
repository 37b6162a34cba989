"""What the API accepts to write a half-year report: the fields of the page's forms.
The service checks what depends on the date and the report (the half-year, the
committee, the title) and answers in German; these serializers check the types and
lengths first."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from kim.core.api import DateField, EnumField, VersionRequiredMixin, required_version_field
from kim.steering.models import SteeringReport
from kim.steering.report import ALL, FIGURES


def text(max_length: int, help_text=None, *, blank: bool = True):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=blank, help_text=help_text
    )


def climate_field(**kwargs):
    return EnumField(SteeringReport.Climate.choices, enum_name="SteeringReportClimate", **kwargs)


class SteeringReportHeaderWriteSerializer(serializers.Serializer):
    # The particulars of the Vorlage, as on the page "Neuer Halbjahresbericht".
    dated_on = DateField(required=False, help_text=gettext_lazy("Datum der Vorlage."))
    document_number = text(60, gettext_lazy("Drucksachen-Nr., z. B. VO/0565/26."))
    public = serializers.BooleanField(required=False, help_text=gettext_lazy("öffentlich"))
    # Blank reaches the service, which names what is missing.
    committee = text(200, gettext_lazy("Das Gremium, dem berichtet wird."))
    meeting_on = DateField(required=False, allow_null=True, help_text=gettext_lazy("Sitzung am."))
    resolution_quality = text(
        100, gettext_lazy("Beschlussqualität, z. B. „Entgegennahme o. B.“."), blank=False
    )
    report_type = text(60, gettext_lazy("Art der Vorlage, z. B. „Bericht“."), blank=False)
    department = text(200, gettext_lazy("Geschäftsbereich."))
    office = text(200, gettext_lazy("Ressort / Amt."))
    clerk = text(200, gettext_lazy("Bearbeiter/in."))
    clerk_phone = text(60, gettext_lazy("Telefon der Bearbeiterin oder des Bearbeiters."))
    clerk_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("E-Mail der Bearbeiterin oder des Bearbeiters."),
    )
    reason = text(5000, gettext_lazy("Grund der Vorlage."))
    proposal = text(3000, gettext_lazy("Beschlussvorschlag."), blank=False)
    approvals = text(1000, gettext_lazy("Einverständnisse."))


class SteeringReportCreateSerializer(SteeringReportHeaderWriteSerializer):
    year = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy(
            "Jahr des Berichts; ohne Angabe (wie `half`) das Halbjahr vor einem Monat."
        ),
    )
    half = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy("1 (Januar bis Juni) oder 2 (Juli bis Dezember)."),
    )


class SteeringReportUpdateSerializer(VersionRequiredMixin, SteeringReportHeaderWriteSerializer):
    version = required_version_field()
    title = text(300, gettext_lazy("Titel der Vorlage."))
    explanation = text(
        60000,
        gettext_lazy(
            "Begründung: eine Leerzeile beginnt einen neuen Absatz, eine Zeile mit „## “ "
            "eine Zwischenüberschrift, mit „- “ einen Aufzählungspunkt, mit „1. “ einen "
            "nummerierten Punkt."
        ),
    )
    climate = climate_field(
        required=False, help_text=gettext_lazy("Klimacheck: Auswirkung auf Klimaschutz.")
    )
    climate_reason = text(2000, gettext_lazy("Begründung zum Klimacheck."))


class SteeringReportRegenerateSerializer(serializers.Serializer):
    version = required_version_field()
    what = EnumField(
        [
            (FIGURES, gettext_lazy("nur die Kennzahlen; der Text bleibt")),
            (ALL, gettext_lazy("Kennzahlen und Begründung; Kopf und übrige Texte bleiben")),
        ],
        enum_name="SteeringReportRegeneration",
        help_text=gettext_lazy("Was aus den heutigen Daten neu geschrieben wird."),
    )

"""/api/v1/steering/barriers/: the barrier overview of one year as the page
/steuerung/huerden/ shows it – one table of two dimensions with its margins, every
entry taken from `Overview.entry`, so the numbers, the "< 5" and the complementary
suppression are the page's, protected together with every other table of the year.

Whole years only: free date ranges could be subtracted from each other (January to
July minus January to June) and give back the small numbers suppression hides.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kim.core.api import VALIDATION_ERROR, EnumField
from kim.core.models import FieldOfAction
from kim.planning.models import BarrierCategory
from kim.steering.api.common import CLOSED, TAGS, SteeringApiMixin
from kim.steering.selectors import (
    DIMENSIONS,
    ROW_DIMENSIONS,
    barrier_overview,
    barrier_years,
    may_see_barrier_overview,
)
from kim.steering.suppression import COMPLEMENT, SMALL, TOTAL

# Query parameters that would make a period of free dates; refused with a reason.
FREE_PERIOD = ("since", "until", "from", "to", "start", "end")


class BarrierTableQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        help_text=gettext_lazy(
            "Kalenderjahr (JJJJ); ohne Angabe das neueste. Wählbar sind die Jahre mit Hürden "
            "und das laufende Jahr."
        ),
        error_messages={"invalid": gettext_lazy("Bitte ein Jahr als Zahl angeben, z. B. 2026.")},
    )
    rows = EnumField(
        [(key, DIMENSIONS[key]) for key in ROW_DIMENSIONS],
        enum_name="BarrierRowDimension",
        required=False,
        default="category",
        help_text=gettext_lazy("Merkmal der Zeilen."),
    )
    cols = EnumField(
        list(DIMENSIONS.items()),
        enum_name="BarrierColumnDimension",
        required=False,
        default="quarter",
        help_text=gettext_lazy("Merkmal der Spalten."),
    )

    def validate_year(self, year):
        years = self.context["years"]
        if year not in years:
            raise serializers.ValidationError(
                _("Für %(year)s gibt es keine Auswertung. Wählbar: %(years)s.")
                % {"year": year, "years": ", ".join(str(y) for y in years)}
            )
        return year

    def validate(self, attrs):
        free = [name for name in FREE_PERIOD if name in self.initial_data]
        if free:
            raise serializers.ValidationError(
                {
                    name: [
                        _(
                            "Nur ganze Jahre (year): frei gewählte Zeiträume ließen sich "
                            "voneinander abziehen und verdeckte kleine Zahlen zurückrechnen."
                        )
                    ]
                    for name in free
                }
            )
        if attrs["rows"] == attrs["cols"]:
            raise serializers.ValidationError(
                {"cols": [_("Zeilen und Spalten brauchen zwei verschiedene Merkmale.")]}
            )
        return attrs


class BarrierEntrySerializer(serializers.Serializer):
    value = serializers.IntegerField(
        allow_null=True, help_text=gettext_lazy("Die Zahl; null, wenn sie verdeckt ist.")
    )
    text = serializers.CharField(
        help_text=gettext_lazy(
            "Wie die Seite sie zeigt: „12“, unter der Schwelle „< 5“, leer bei einer "
            "ergänzend gesperrten Zahl."
        )
    )
    hidden = EnumField(
        [
            (SMALL, gettext_lazy("unter der Schwelle")),
            (COMPLEMENT, gettext_lazy("gesperrt, damit nichts zurückgerechnet werden kann")),
        ],
        enum_name="BarrierEntryHidden",
        allow_blank=True,
        help_text=gettext_lazy("Warum die Zahl fehlt; leer, wenn sie gezeigt wird."),
    )


class BarrierColumnSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text=gettext_lazy(
            "Art der Hürde und Handlungsfeld: Kürzel; Rechtskreis: Code; Quartal: 1–4; "
            "Ort und Einheit: ID (Ort „none“: ohne Ort)."
        )
    )
    label = serializers.CharField()


class BarrierRowSerializer(BarrierColumnSerializer):
    cells = BarrierEntrySerializer(many=True, help_text=gettext_lazy("Je Spalte ein Wert."))
    total = BarrierEntrySerializer(help_text=gettext_lazy("Summe der Zeile."))


class BarrierTableSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text=gettext_lazy("Wählbare Jahre, neueste zuerst.")
    )
    threshold = serializers.IntegerField(
        help_text=gettext_lazy("Veröffentlichungsschwelle der Kommune: kleinere Zahlen „< n“.")
    )
    row_dimension = serializers.CharField()
    row_label = serializers.CharField()
    column_dimension = serializers.CharField()
    column_label = serializers.CharField()
    columns = BarrierColumnSerializer(many=True)
    rows = BarrierRowSerializer(many=True)
    totals = BarrierEntrySerializer(many=True, help_text=gettext_lazy("Summe je Spalte."))
    total = BarrierEntrySerializer(help_text=gettext_lazy("Gesamtzahl."))
    complement = serializers.BooleanField(
        help_text=gettext_lazy("Ob eine Zahl ergänzend gesperrt ist (die Seite erklärt es).")
    )


def _entry(shown) -> dict:
    return {"value": shown.value, "text": shown.text, "hidden": shown.hidden}


def _keys(actor, dims: set[str]) -> dict[str, dict]:
    """The API's key of each value: codes for the catalogues (one query each used)."""
    keys = {}
    if "category" in dims:
        keys["category"] = dict(
            BarrierCategory.objects.filter(tenant_id=actor.tenant_id).values_list("pk", "code")
        )
    if "field" in dims:
        keys["field"] = dict(
            FieldOfAction.objects.filter(tenant_id=actor.tenant_id).values_list("pk", "code")
        )
    return keys


def barrier_table(actor, *, year: int, rows: str, cols: str, years: list[int]) -> dict:
    overview = barrier_overview(actor, year=year)
    keys = _keys(actor, {rows, cols})

    def key(dim, value) -> str:
        return str(keys[dim].get(value, value) if dim in keys else value)

    def entry(row, col) -> dict:
        return _entry(overview.entry(rows, row, cols, col))

    columns = overview.labels[cols]
    body = [
        {
            "key": key(rows, row),
            "label": label,
            "cells": [entry(row, col) for col, _l in columns],
            "total": entry(row, TOTAL),
        }
        for row, label in overview.labels[rows]
    ]
    totals = [entry(TOTAL, col) for col, _l in columns]
    total = entry(TOTAL, TOTAL)
    every = [e for row in body for e in (*row["cells"], row["total"])] + [*totals, total]
    return {
        "year": overview.year,
        "years": years,
        "threshold": overview.protected.threshold,
        "row_dimension": rows,
        "row_label": str(DIMENSIONS[rows]),
        "column_dimension": cols,
        "column_label": str(DIMENSIONS[cols]),
        "columns": [{"key": key(cols, col), "label": label} for col, label in columns],
        "rows": body,
        "totals": totals,
        "total": total,
        "complement": any(e["hidden"] == COMPLEMENT for e in every),
    }


class BarrierTableView(SteeringApiMixin, APIView):
    def may_use(self) -> bool:
        return may_see_barrier_overview(self.actor)

    @extend_schema(
        summary=gettext_lazy("Hürden in der Kommune: Kreuztabelle eines Jahres"),
        description=gettext_lazy(
            "Die Hürden eines Kalenderjahres der ganzen Kommune, gezählt nach zwei Merkmalen, "
            "mit Summen je Zeile und Spalte und Gesamtzahl – dieselben Zahlen wie auf der "
            "Seite „Hürden in der Kommune“. Zahlen unter der Veröffentlichungsschwelle "
            "erscheinen als „< n“; ließe sich eine verdeckte Zahl aus dem Gezeigten "
            "zurückrechnen (auch über andere Tabellen desselben Jahres), ist eine weitere "
            "„gesperrt“. Nur ganze Jahre, keine freien Zeiträume. Ohne Fall und Person; für "
            "KIM-Koordination und Teamleitungen (sonst 403)."
        ),
        parameters=[BarrierTableQuerySerializer],
        responses={200: BarrierTableSerializer, 400: VALIDATION_ERROR, **CLOSED},
        tags=TAGS,
    )
    def get(self, request):
        years = barrier_years(self.actor)
        query = BarrierTableQuerySerializer(
            data=request.query_params.dict(), context={"years": years}
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        table = barrier_table(
            self.actor,
            year=data.get("year", years[0]),
            rows=data["rows"],
            cols=data["cols"],
            years=years,
        )
        return Response(BarrierTableSerializer(table).data)

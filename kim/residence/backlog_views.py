"""The backlog page of the authority: processing times as charts and as the same numbers
in tables, and the tables as CSV or XLSX. Counts only, never a person; the export is
audited."""

import csv
import io
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.actor import Actor, get_actor
from kim.core.audit import audit
from kim.core.forms import KernFormMixin
from kim.core.permissions import PROCEDURE_MANAGE
from kim.core.views import crumbs
from kim.residence.backlog import AGE_LABELS, OPEN_STAGES, Backlog, backlog
from kim.residence.models import Procedure
from kim.residence.procedures import may_run_procedures

NAV = "backlog"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALL = "alle"
# A spreadsheet would take these for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class BacklogFilterForm(KernFormMixin, forms.Form):
    """Which procedures to count; "alle" is a choice like the others, not an empty field."""

    art = forms.ChoiceField(
        label=gettext_lazy("Verfahren"),
        choices=[(ALL, gettext_lazy("alle Verfahren")), *Procedure.Kind.choices],
    )
    einheit = forms.ChoiceField(label=gettext_lazy("Einheit"))

    def __init__(self, data, *, units: dict[int, str]):
        data = data.copy()
        for name in ("art", "einheit"):
            if not data.get(name):
                data[name] = ALL
        super().__init__(data)
        if len(units) > 1:
            self.fields["einheit"].choices = [
                (ALL, _("alle Einheiten")),
                *((str(pk), name) for pk, name in sorted(units.items(), key=lambda u: u[1])),
            ]
        else:  # one unit: nothing to choose
            del self.fields["einheit"]

    def choice(self) -> tuple[str | None, int | None]:
        if not self.is_valid():
            return None, None
        kind, unit = self.cleaned_data["art"], self.cleaned_data.get("einheit", ALL)
        return (None if kind == ALL else kind), (None if unit == ALL else int(unit))


@dataclass(frozen=True)
class FigureTable:
    """One table of the page and of the export: the first cell of a row names it."""

    key: str
    title: str
    sheet: str  # the XLSX sheet's name (at most 31 characters)
    headers: list[str]
    rows: list[list]
    footer: list | None = None


def _month_label(month) -> str:
    label = formats.date_format(month.month, "F Y")
    if month.current:
        return _("%(month)s (bis %(day)s)") % {
            "month": label,
            "day": formats.date_format(month.until, "d.m."),
        }
    return label


def figure_tables(figures: Backlog) -> list[FigureTable]:
    stage_labels = [str(Procedure.Stage(stage).label) for stage in OPEN_STAGES]
    ages = [str(label) for label in AGE_LABELS]

    def by_age(title, key, sheet, attribute):
        rows = [[s.label, *getattr(s, attribute), s.open] for s in figures.stages]
        footer = [_("insgesamt"), *(sum(r[i] for r in rows) for i in range(1, len(ages) + 2))]
        return FigureTable(key, title, sheet, [_("Stand"), *ages, _("insgesamt")], rows, footer)

    open_rows = [[k.label, *k.open_by_stage, k.open] for k in figures.kinds]
    return [
        FigureTable(
            "offen",
            _("Offene Verfahren je Art und Stand"),
            _("Offene Verfahren"),
            [_("Verfahren"), *stage_labels, _("insgesamt")],
            open_rows,
        ),
        by_age(
            _("Offene Verfahren nach Zeit seit Beginn"),
            "alter",
            _("Zeit seit Beginn"),
            "since_opened",
        ),
        by_age(
            _("Offene Verfahren nach Zeit im aktuellen Stand"),
            "im_stand",
            _("Zeit im Stand"),
            "in_stage",
        ),
        FigureTable(
            "dauer",
            _("Dauer je Stand: Median der abgeschlossenen Aufenthalte"),
            _("Dauer je Stand"),
            [_("Stand"), _("Median in Tagen"), _("Anzahl abgeschlossener Aufenthalte")],
            [[s.label, s.median_days, s.stays] for s in figures.stages],
        ),
        FigureTable(
            "gesamtdauer",
            _("Gesamtdauer ab Antragseingang: Median"),
            _("Gesamtdauer"),
            [
                _("Verfahren"),
                _("bis zur Entscheidung: Median in Tagen"),
                _("Anzahl entschieden"),
                _("bis zum Abschluss: Median in Tagen"),
                _("Anzahl abgeschlossen"),
            ],
            [
                [k.label, k.to_decision_days, k.decided, k.to_conclusion_days, k.concluded]
                for k in figures.kinds
            ],
        ),
        FigureTable(
            "monate",
            _("Verlauf je Monat"),
            _("Verlauf je Monat"),
            [
                _("Monat"),
                _("Anträge eingegangen"),
                _("stattgegeben"),
                _("abgelehnt"),
                _("abgeschlossen (Urkunde/Titel)"),
                _("zurückgenommen"),
                _("offen am Monatsende"),
            ],
            [
                [
                    _month_label(m),
                    m.received,
                    m.granted,
                    m.rejected,
                    m.concluded,
                    m.withdrawn,
                    m.open_at_end,
                ]
                for m in figures.months
            ],
        ),
    ]


def chart_data(figures: Backlog) -> dict:
    """The charts' data: the numbers the tables show."""
    stage_labels = [s.label for s in figures.stages]
    return {
        "alter": {
            "labels": stage_labels,
            "stacked": True,
            "datasets": [
                {"label": str(label), "data": [s.since_opened[i] for s in figures.stages]}
                for i, label in enumerate(AGE_LABELS)
            ],
        },
        "dauer": {
            "labels": stage_labels,
            "datasets": [
                {"label": _("Median in Tagen"), "data": [s.median_days for s in figures.stages]}
            ],
        },
        "monate": {
            "labels": [_month_label(m) for m in figures.months],
            "datasets": [
                {"label": _("Anträge eingegangen"), "data": [m.received for m in figures.months]},
                {"label": _("stattgegeben"), "data": [m.granted for m in figures.months]},
                {"label": _("abgelehnt"), "data": [m.rejected for m in figures.months]},
                {"label": _("zurückgenommen"), "data": [m.withdrawn for m in figures.months]},
                {
                    "label": _("offen am Monatsende"),
                    "type": "line",
                    "data": [m.open_at_end for m in figures.months],
                },
            ],
        },
    }


def _selection(actor: Actor, figures: Backlog) -> list[list[str]]:
    kind = Procedure.Kind(figures.kind).label if figures.kind else _("alle Verfahren")
    unit = actor.unit_names.get(figures.unit_id) if figures.unit_id else _("alle Einheiten")
    return [
        [_("Bearbeitungszeiten und Rückstände")],
        [_("Stand"), formats.date_format(figures.today, "d.m.Y")],
        [_("Verfahren"), str(kind)],
        [_("Einheit"), str(unit)],
    ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return formats.number_format(value, use_l10n=True, decimal_pos=1)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def write_csv(selection: list[list], tables: list[FigureTable]) -> bytes:
    """UTF-8 with BOM and semicolons, as Excel opens it in Germany; one block per table."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([_text(cell) for cell in row] for row in selection)
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            writer.writerow([_text(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(selection: list[list], tables: list[FigureTable]) -> bytes:
    """One sheet for the selection, one per table; numbers as numbers, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Auswahl")
    for row in selection:
        sheet.append([str(cell) for cell in row])
    sheet.column_dimensions["A"].width = 36
    for table in tables:
        sheet = workbook.create_sheet(table.sheet[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(table.headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in [*table.rows, *([table.footer] if table.footer else [])]:
            sheet.append([cell if isinstance(cell, int | float) else str(cell) for cell in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
        for column, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = max(len(header) + 2, 14)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _figures(request) -> tuple[Actor, BacklogFilterForm, Backlog]:
    actor = get_actor(request.user)
    if not may_run_procedures(actor):
        raise Http404
    units = {pk: actor.unit_names.get(pk, str(pk)) for pk in actor.units(PROCEDURE_MANAGE)}
    params = request.GET.copy()
    params.pop("format", None)
    form = BacklogFilterForm(params, units=units)
    kind, unit_id = form.choice()
    return actor, form, backlog(actor, kind=kind, unit_id=unit_id)


@login_required
def backlog_page(request):
    _actor, form, figures = _figures(request)
    title = _("Bearbeitungszeiten und Rückstände")
    tables = {table.key: table for table in figure_tables(figures)}
    return render(
        request,
        "residence/backlog.html",
        {
            "title": title,
            "form": form,
            "figures": figures,
            "tables": tables,
            "charts": chart_data(figures),
            "query": request.GET.urlencode(),
            "nav_active": NAV,
            "breadcrumbs": crumbs((title, None)),
        },
    )


@login_required
def backlog_export(request):
    """The page's tables as one file, in German whatever the page's language."""
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    actor, _form, figures = _figures(request)
    with translation.override("de"):
        selection = _selection(actor, figures)
        tables = figure_tables(figures)
        content = (write_xlsx if file_format == "xlsx" else write_csv)(selection, tables)
    audit(
        actor=actor,
        action="procedure.backlog_export",
        unit_id=figures.unit_id,
        changes={"format": file_format, "kind": figures.kind, "unit": figures.unit_id},
    )
    response = HttpResponse(content, content_type=FORMATS[file_format])
    filename = f"Bearbeitungszeiten-{figures.today:%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

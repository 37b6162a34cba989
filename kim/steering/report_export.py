"""The half-year report as a municipal Vorlage: the same content as the page, as a PDF
(WeasyPrint, the reports' helpers) and as an editable DOCX (python-docx) that the
council's document system takes in.

Layout after the usual Vorlage: a head block (report type; department; office;
clerk with phone and e-mail; date; document number and whether it is public), the
table "Sitzung am | Gremium | Beschlussqualität", the title, then "Grund der
Vorlage", "Beschlussvorschlag", "Einverständnisse", "Begründung", the key figures
as an annex and the "Klimacheck".
"""

import re
from io import BytesIO

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _

from kim.core.models import Tenant
from kim.reports import pdf
from kim.steering.models import SteeringReport
from kim.steering.report_draft import period_label
from kim.steering.report_text import blocks

STYLESHEET = "steering/report.css"
PAGE_TAGS = {"title": "h2", "section": "h3", "sub": "h4"}
PDF_TAGS = {"title": "h1", "section": "h2", "sub": "h3"}


def document_context(report: SteeringReport, tags: dict) -> dict:
    """What the document template needs; the page includes it too."""
    figures = report.figures or {}
    return {
        "report": report,
        "tags": tags,
        "parts": {
            name: blocks(getattr(report, name))
            for name in ("reason", "proposal", "approvals", "explanation")
        },
        "figures": figures,
        "figures_period": period_label(figures["year"], figures["half"])
        if figures.get("year")
        else "",
        "climate_choices": SteeringReport.Climate.choices,
    }


def file_name(report: SteeringReport, extension: str) -> str:
    number = re.sub(r"[^A-Za-z0-9]+", "-", report.document_number).strip("-")
    parts = ["Bericht", f"{report.year}-H{report.half}", number]
    return "-".join(part for part in parts if part) + f".{extension}"


def report_pdf(report: SteeringReport) -> bytes:
    """Ask `pdf.unavailable_reason()` first."""
    with translation.override("de"):
        tenant = Tenant.objects.only("name").get(pk=report.tenant_id).name
        html = render_to_string(
            "steering/report_pdf.html", document_context(report, PDF_TAGS) | {"tenant": tenant}
        )
        with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
            own = stylesheet.read()
        number = report.document_number or _("ohne Drucksachen-Nr.")
        boxes = pdf.margin_boxes(
            top_left=[tenant, _("Kommunales Integrationsmanagement")],
            top_right=[_("Drucks.-Nr. %(number)s") % {"number": number}],
            bottom_left=report.title[:90],
        )
        return pdf.render_pdf(html, page_css=own + "\n" + boxes)


def report_docx(report: SteeringReport) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    with translation.override("de"):
        document = Document()
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.0)
        normal = document.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
            style = document.styles[name]
            style.font.name = "Arial"
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = RGBColor(0, 0, 0)
        properties = document.core_properties
        properties.title = report.title
        properties.author = report.clerk
        properties.subject = _("Kommunales Integrationsmanagement")

        # The head block: report type on the left, the particulars on the right.
        head = document.add_table(rows=5, cols=3)
        head.style = "Table Grid"
        head.alignment = WD_TABLE_ALIGNMENT.CENTER
        kind = head.cell(0, 0).merge(head.cell(4, 0))
        kind.text = ""
        run = kind.paragraphs[0].add_run(report.report_type)
        run.bold = True
        run.font.size = Pt(16)
        clerk = "\n".join(
            value for value in (report.clerk, report.clerk_phone, report.clerk_email) if value
        )
        public = _("öffentlich") if report.public else _("nicht öffentlich")
        particulars = [
            (_("Geschäftsbereich"), report.department),
            (_("Ressort / Amt"), report.office),
            (_("Bearbeiter/in, Telefon, E-Mail"), clerk),
            (_("Datum"), formats.date_format(report.dated_on, "d.m.Y")),
            (_("Drucks.-Nr."), f"{report.document_number or '–'} {public}"),
        ]
        for row, (label, value) in enumerate(particulars):
            head.cell(row, 1).text = label
            head.cell(row, 2).text = value
        for row in head.rows:
            row.cells[0].width, row.cells[1].width, row.cells[2].width = Cm(3), Cm(5), Cm(8)
        document.add_paragraph()

        session = document.add_table(rows=2, cols=3)
        session.style = "Table Grid"
        for col, label in enumerate([_("Sitzung am"), _("Gremium"), _("Beschlussqualität")]):
            cell = session.cell(0, col)
            cell.text = ""
            cell.paragraphs[0].add_run(label).bold = True
        session.cell(1, 0).text = (
            formats.date_format(report.meeting_on, "d.m.Y") if report.meeting_on else "–"
        )
        session.cell(1, 1).text = report.committee
        session.cell(1, 2).text = report.resolution_quality

        document.add_heading(report.title, level=1)
        for heading, name in [
            (_("Grund der Vorlage"), "reason"),
            (_("Beschlussvorschlag"), "proposal"),
            (_("Einverständnisse"), "approvals"),
            (_("Begründung"), "explanation"),
        ]:
            document.add_heading(heading, level=2)
            _docx_blocks(document, blocks(getattr(report, name)), Cm)

        figures = report.figures or {}
        if figures.get("tables"):
            document.add_heading(
                _("Anlage: Kennzahlen aus dem Case Management, %(period)s")
                % {"period": period_label(figures["year"], figures["half"])},
                level=2,
            )
            for table in figures["tables"]:
                caption = document.add_paragraph()
                caption.add_run(table["title"]).bold = True
                grid = document.add_table(rows=len(table["rows"]) + 2, cols=len(table["cols"]) + 1)
                grid.style = "Table Grid"
                header = [table["row_head"], *table["cols"]]
                lines = [(row["label"], row["cells"]) for row in table["rows"]]
                lines.append((_("Summe"), table["total"]))
                for col, label in enumerate(header):
                    cell = grid.cell(0, col)
                    cell.text = ""
                    cell.paragraphs[0].add_run(label).bold = True
                for index, (label, cells) in enumerate(lines, start=1):
                    grid.cell(index, 0).text = label
                    for col, value in enumerate(cells, start=1):
                        cell = grid.cell(index, col)
                        cell.text = value
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                note = document.add_paragraph(table["note"])
                note.runs[0].font.size = Pt(9)
            threshold = figures.get("threshold", 5)
            note = document.add_paragraph(
                _(
                    "Werte unter %(t)s erscheinen als „< %(t)s“. „gesperrt“: Der Wert wird nicht "
                    "gezeigt, weil sich sonst ein kleiner Wert aus den Summen errechnen ließe."
                )
                % {"t": threshold}
            )
            note.runs[0].font.size = Pt(9)

        document.add_heading(_("Klimacheck"), level=2)
        document.add_paragraph(
            _(
                "Hat das Vorhaben eine langfristige Auswirkung auf den Klimaschutz und/oder die "
                "Klimafolgenanpassung?"
            )
        )
        for value, label in SteeringReport.Climate.choices:
            mark = "☒" if value == report.climate else "☐"
            document.add_paragraph(f"{mark} {label}")
        document.add_paragraph(
            _("Begründung:") + (f" {report.climate_reason}" if report.climate_reason else "")
        )

        footer = section.footer.paragraphs[0]
        footer.text = f"{report.title} – " + _("Drucks.-Nr. %(number)s") % {
            "number": report.document_number or "–"
        }
        footer.runs[0].font.size = Pt(8)

        out = BytesIO()
        document.save(out)
        return out.getvalue()


def _docx_blocks(document, parsed, cm) -> None:
    for block in parsed:
        if block.kind == "heading":
            document.add_heading(block.text, level=3)
        elif block.kind == "bullets":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "numbers":
            # Written as text: Word's automatic numbering would run on across lists.
            for number, item in enumerate(block.items, start=1):
                paragraph = document.add_paragraph(f"{number}.\t{item}")
                paragraph.paragraph_format.left_indent = cm(0.75)
                paragraph.paragraph_format.first_line_indent = cm(-0.75)
        else:
            document.add_paragraph(block.text)

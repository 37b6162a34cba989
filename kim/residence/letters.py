"""Letters of the authority to the person, in German, as PDF (WeasyPrint, the reports'
helpers) and as editable DOCX (python-docx): the request for missing documents and the
invitation to an appointment.

Layout after the usual Behördenbrief (DIN 5008): the sender line above the address
field, the particulars beside it (reference, contact, date), the subject, a neutral
salutation, the text, "Mit freundlichen Grüßen", "Im Auftrag", the clerk and the unit.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kim.core.actor import Actor
from kim.core.models import Tenant
from kim.reports import pdf
from kim.residence.models import Procedure, ProcedureAppointment

STYLESHEET = "residence/letter.css"


@dataclass
class Block:
    kind: str  # "text", "items" (a bulleted list) or "facts" (label: value lines)
    text: str = ""
    items: list = field(default_factory=list)


@dataclass
class Letter:
    letterhead: list[str]
    sender_line: str
    recipient: list[str]
    particulars: list[tuple[str, str]]
    subject: str
    salutation: str
    body: list[Block]
    signer: str
    unit: str
    file_stem: str


def _applied_for(kind: str) -> str:
    """What the person applied for, to follow "Ihr Antrag auf"."""
    return {
        Procedure.Kind.NATURALISATION: _("Einbürgerung nach § 10 StAG"),
        Procedure.Kind.YOUNG: _("eine Aufenthaltserlaubnis nach § 25a AufenthG"),
        Procedure.Kind.SUSTAINED: _("eine Aufenthaltserlaubnis nach § 25b AufenthG"),
    }[kind]


def reference(procedure: Procedure) -> str:
    """The sign the person quotes in their answer."""
    return f"{procedure.unit.code}-{procedure.pk}"


def _day(value: date) -> str:
    return formats.date_format(value, "d.m.Y")


def _frame(actor: Actor, procedure: Procedure, *, subject: str, body: list[Block], stem: str):
    person = procedure.person
    unit = procedure.unit
    tenant = Tenant.objects.only("name").get(pk=procedure.tenant_id).name
    town = unit.town.name if unit.town_id else ""
    user = actor.user
    clerk = user.get_full_name() or user.username
    recipient = [person.full_name]
    if person.street:
        recipient.append(person.street)
    place = " ".join(part for part in (person.postcode, person.town.name if person.town else ""))
    if place.strip():
        recipient.append(place.strip())
    particulars = [
        (_("Unser Zeichen"), reference(procedure)),
        (_("Ansprechperson"), clerk),
    ]
    if user.email:
        particulars.append((_("E-Mail"), user.email))
    particulars.append((_("Datum"), _day(timezone.localdate())))
    return Letter(
        letterhead=[tenant, unit.organisation.name, unit.name],
        sender_line=" · ".join(part for part in (tenant, unit.name, town) if part),
        recipient=recipient,
        particulars=particulars,
        subject=subject,
        salutation=_("Guten Tag %(name)s,") % {"name": person.full_name},
        body=body,
        signer=clerk,
        unit=unit.name,
        file_stem=f"{stem}-{reference(procedure)}-{timezone.localdate():%Y-%m-%d}",
    )


def missing_documents_letter(
    actor: Actor, procedure: Procedure, *, missing: list[str], deadline: date
) -> Letter:
    """The request for the documents still missing from the checklist."""
    with translation.override("de"):
        applied_for = _applied_for(procedure.kind)
        body = [
            Block(
                "text",
                _(
                    "für die Bearbeitung Ihres Antrags auf %(what)s brauchen wir noch die "
                    "folgenden Unterlagen:"
                )
                % {"what": applied_for},
            ),
            Block("items", items=list(missing)),
            Block(
                "text",
                _(
                    "Bitte reichen Sie die Unterlagen bis zum %(deadline)s bei uns ein – "
                    "persönlich oder per Post. Bitte geben Sie dabei unser Zeichen "
                    "%(reference)s an. Von Urkunden in einer anderen Sprache als Deutsch "
                    "brauchen wir auch eine Übersetzung."
                )
                % {"deadline": _day(deadline), "reference": reference(procedure)},
            ),
            Block(
                "text",
                _(
                    "Wenn Sie eine Unterlage bis dahin nicht beschaffen können, melden Sie "
                    "sich bitte bei uns. Wir besprechen dann gemeinsam, wie es weitergeht."
                ),
            ),
        ]
        return _frame(
            actor,
            procedure,
            subject=_("Ihr Antrag auf %(what)s – fehlende Unterlagen") % {"what": applied_for},
            body=body,
            stem="Anforderung-Unterlagen",
        )


def invitation_letter(actor: Actor, appointment: ProcedureAppointment) -> Letter:
    """The invitation to an appointment, with what to bring."""
    procedure = appointment.procedure
    with translation.override("de"):
        starts = timezone.localtime(appointment.starts_at)
        ends = timezone.localtime(appointment.ends_at)
        when = _("%(day)s, %(start)s bis %(end)s Uhr") % {
            "day": formats.date_format(starts, "l, d.m.Y"),
            "start": f"{starts:%H:%M}",
            "end": f"{ends:%H:%M}",
        }
        purpose = appointment.get_purpose_display()
        body = [
            Block(
                "text",
                _("wir laden Sie zu einem Termin zu Ihrem Antrag auf %(what)s ein:")
                % {"what": _applied_for(procedure.kind)},
            ),
            Block(
                "facts",
                items=[
                    (_("Termin"), when),
                    (_("Ort"), appointment.place),
                    (_("Anlass"), purpose),
                ],
            ),
        ]
        bring = [line.strip() for line in appointment.bring.splitlines() if line.strip()]
        if bring:
            body += [Block("text", _("Bitte bringen Sie mit:")), Block("items", items=bring)]
        body.append(
            Block(
                "text",
                _(
                    "Wenn Sie den Termin nicht wahrnehmen können, sagen Sie ihn bitte vorher "
                    "ab; wir vereinbaren dann einen neuen. Wenn Sie zum Termin eine "
                    "Sprachmittlung brauchen, sagen Sie uns bitte vorher Bescheid."
                ),
            )
        )
        return _frame(
            actor,
            procedure,
            subject=_("Einladung: %(purpose)s am %(day)s um %(time)s Uhr")
            % {"purpose": purpose, "day": _day(starts.date()), "time": f"{starts:%H:%M}"},
            body=body,
            stem=f"Einladung-{starts:%Y-%m-%d}",
        )


def file_name(letter: Letter, extension: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", letter.file_stem) + f".{extension}"


def letter_pdf(letter: Letter) -> bytes:
    """Ask `pdf.unavailable_reason()` first."""
    with translation.override("de"):
        html = render_to_string("residence/letter_pdf.html", {"letter": letter})
        with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
            own = stylesheet.read()
        boxes = pdf.margin_boxes(
            top_left=letter.letterhead[:2],
            top_right=letter.letterhead[2:],
            bottom_left=letter.subject[:90],
        )
        return pdf.render_pdf(html, page_css=own + "\n" + boxes)


def letter_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    with translation.override("de"):
        document = Document()
        section = document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        normal = document.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(11)
        document.core_properties.title = letter.subject
        document.core_properties.author = letter.signer

        head = section.header.paragraphs[0]
        head.text = "\n".join(letter.letterhead)
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in head.runs:
            run.font.size = Pt(9)

        # Address field on the left, the particulars on the right (no borders).
        block = document.add_table(rows=1, cols=2)
        address, info = block.rows[0].cells
        address.width, info.width = Cm(9.5), Cm(7.0)
        sender = address.paragraphs[0].add_run(letter.sender_line)
        sender.font.size = Pt(7)
        sender.underline = True
        for line in letter.recipient:
            address.add_paragraph(line)
        info.paragraphs[0].text = ""
        for index, (label, value) in enumerate(letter.particulars):
            paragraph = info.paragraphs[0] if index == 0 else info.add_paragraph()
            paragraph.add_run(f"{label}: ").font.size = Pt(9)
            paragraph.add_run(value).font.size = Pt(9)
        document.add_paragraph()

        subject = document.add_paragraph()
        subject.add_run(letter.subject).bold = True
        document.add_paragraph(letter.salutation)
        for part in letter.body:
            if part.kind == "items":
                for item in part.items:
                    document.add_paragraph(item, style="List Bullet")
            elif part.kind == "facts":
                for label, value in part.items:
                    paragraph = document.add_paragraph()
                    paragraph.add_run(f"{label}: ").bold = True
                    paragraph.add_run(value)
            else:
                document.add_paragraph(part.text)
        document.add_paragraph(_("Mit freundlichen Grüßen"))
        document.add_paragraph(_("Im Auftrag"))
        document.add_paragraph(f"{letter.signer}\n{letter.unit}")

        out = BytesIO()
        document.save(out)
        return out.getvalue()

"""The case summary as a document: the HTML (print view and PDF source), the PDF
with its page header and footer, its file name, and the audit of each read.

Shared by the pages (`kim.reports.views`) and the API (`kim.reports.api`), so
both produce the same document and write the same audit event.
"""

import re

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.actor import Actor
from kim.core.audit import audit
from kim.reports import pdf
from kim.reports.summary import CaseSummary, SummaryOptions, case_summary

DOCUMENT_TEMPLATE = "reports/case_summary.html"
CONFIDENTIAL = gettext_lazy("Vertraulich – enthält Sozialdaten (§ 35 SGB I)")


def audit_read(actor: Actor, summary: CaseSummary, action: str) -> None:
    case = summary.case
    audit(
        actor=actor,
        action=action,
        obj=case,
        person_id=case.person_id,
        changes={
            "options": summary.options.as_dict(),
            "contacts": len(summary.contacts),
            # Their names are in the document too.
            **({"members": [m.person_id for m in summary.members]} if summary.members else {}),
        },
    )


def summary_html(summary: CaseSummary, *, for_pdf: bool) -> str:
    return render_to_string(
        DOCUMENT_TEMPLATE, {"s": summary, "for_pdf": for_pdf, "confidential": CONFIDENTIAL}
    )


def page_css(summary: CaseSummary) -> str:
    """Header and footer of every PDF page: who issued it, which case, confidential."""
    case = summary.case
    return pdf.margin_boxes(
        top_left=[case.tenant.name, f"{_('Kommunales Integrationsmanagement')} · {case.unit.name}"],
        top_right=[
            _("Fallzusammenfassung"),
            _("Fall %(number)s · erstellt am %(date)s")
            % {"number": case.number, "date": f"{summary.printed_at:%d.%m.%Y}"},
        ],
        bottom_left=str(CONFIDENTIAL),
    )


def pdf_filename(summary: CaseSummary) -> str:
    """Fall-<number>-<date>.pdf with only characters every system accepts."""
    number = re.sub(r"[^A-Za-z0-9-]+", "-", summary.case.number).strip("-") or "ohne-Nummer"
    return f"Fall-{number}-{summary.printed_at:%Y-%m-%d}.pdf"


def case_summary_pdf(actor: Actor, case, *, options: SummaryOptions) -> tuple[bytes, str]:
    """The PDF of the summary of a case the actor sees, and its file name; the read is
    audited as `case.summary_pdf`. Ask `pdf.unavailable_reason()` first."""
    summary = case_summary(actor, case, options=options)
    content = pdf.render_pdf(summary_html(summary, for_pdf=True), page_css=page_css(summary))
    audit_read(actor, summary, "case.summary_pdf")
    return content, pdf_filename(summary)

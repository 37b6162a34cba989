"""The case summary: options page, PDF download and print view."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.views import crumbs
from kim.reports import pdf
from kim.reports.forms import SummaryOptionsForm
from kim.reports.summary import CaseSummary, case_summary, summary_case

DOCUMENT_TEMPLATE = "reports/case_summary.html"
CONFIDENTIAL = gettext_lazy("Vertraulich – enthält Sozialdaten (§ 35 SGB I)")


def _private(response: HttpResponse) -> HttpResponse:
    """Social data must not stay in caches or be reinterpreted by the browser."""
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _options_url(case, query: str = "") -> str:
    url = reverse("reports:case_summary", args=[case.pk])
    return f"{url}?{query}" if query else url


def _crumbs(case) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")),
        (case.number, reverse("cases:detail", args=[case.pk])),
        (_("Fallzusammenfassung"), None),
    )


def _audit_read(actor, summary: CaseSummary, action: str) -> None:
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


@login_required
def summary_options(request, pk):
    """Choose what goes into the summary; links to the PDF and the print view."""
    actor = get_actor(request.user)
    case = summary_case(actor, pk)
    form = SummaryOptionsForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # show what was wrong when the download sent the reader back
    return _private(
        render(
            request,
            "reports/summary_options.html",
            {
                "case": case,
                "form": form,
                "pdf_available": not pdf.unavailable_reason(),
                "nav_active": "cases",
                "breadcrumbs": _crumbs(case),
            },
        )
    )


def _chosen(request, case):
    """The valid options, or a redirect to the options page that shows the errors."""
    form = SummaryOptionsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return None, redirect(_options_url(case, request.GET.urlencode()))
    return form.options(), None


def _document(summary: CaseSummary, *, for_pdf: bool) -> str:
    return render_to_string(
        DOCUMENT_TEMPLATE, {"s": summary, "for_pdf": for_pdf, "confidential": CONFIDENTIAL}
    )


def _page_css(summary: CaseSummary) -> str:
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


def _filename(summary: CaseSummary) -> str:
    """Fall-<number>-<date>.pdf with only characters every system accepts."""
    number = re.sub(r"[^A-Za-z0-9-]+", "-", summary.case.number).strip("-") or "ohne-Nummer"
    return f"Fall-{number}-{summary.printed_at:%Y-%m-%d}.pdf"


@login_required
def summary_pdf(request, pk):
    actor = get_actor(request.user)
    case = summary_case(actor, pk)
    options, back = _chosen(request, case)
    if back is not None:
        return back
    if pdf.unavailable_reason():
        return _private(
            render(
                request,
                "reports/pdf_unavailable.html",
                {
                    "case": case,
                    "print_url": reverse("reports:case_summary_print", args=[case.pk])
                    + (f"?{request.GET.urlencode()}" if request.GET else ""),
                    "nav_active": "cases",
                    "breadcrumbs": _crumbs(case),
                },
                status=503,
            )
        )
    summary = case_summary(actor, case, options=options)
    content = pdf.render_pdf(_document(summary, for_pdf=True), page_css=_page_css(summary))
    _audit_read(actor, summary, "case.summary_pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(summary)}"'
    return _private(response)


@login_required
def summary_print(request, pk):
    """The same document as HTML, for the browser's print dialogue."""
    actor = get_actor(request.user)
    case = summary_case(actor, pk)
    options, back = _chosen(request, case)
    if back is not None:
        return back
    summary = case_summary(actor, case, options=options)
    _audit_read(actor, summary, "case.summary_print")
    return _private(HttpResponse(_document(summary, for_pdf=False)))

"""The case summary: options page, PDF download and print view."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core.actor import get_actor
from kim.core.views import crumbs
from kim.reports import pdf
from kim.reports.forms import SummaryOptionsForm
from kim.reports.render import audit_read, case_summary_pdf, summary_html
from kim.reports.summary import case_summary, summary_case


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
    content, filename = case_summary_pdf(actor, case, options=options)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
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
    audit_read(actor, summary, "case.summary_print")
    return _private(HttpResponse(summary_html(summary, for_pdf=False)))

"""Pages of the half-year report: list, create (written in the background, with
progress), read as the Vorlage, edit, write again, download as DOCX and PDF."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs, paginate
from kim.steering import report as svc
from kim.steering.body_views import reader_actor, save_versioned
from kim.steering.forms import ReportEditForm, ReportNewForm, ReportRegenerateForm
from kim.steering.models import SteeringReport
from kim.steering.report_export import PAGE_TAGS, document_context, file_name

NAV = "reports"
State = SteeringReport.State


def _crumbs(*items):
    return crumbs((_("Berichte"), reverse("steering:reports")), *items)


def _manager(request):
    actor = reader_actor(request)
    if not svc.may_manage_reports(actor):
        raise Http404
    return actor


def _report(actor, pk) -> SteeringReport:
    return get_object_or_404(svc.visible_reports(actor), pk=pk)


@login_required
def report_list(request):
    actor = reader_actor(request)
    rows = svc.visible_reports(actor).select_related("created_by")
    return render(
        request,
        "steering/report_list.html",
        {
            "page": paginate(request, rows),
            "manage": svc.may_manage_reports(actor),
            "nav_active": NAV,
            "breadcrumbs": crumbs((_("Berichte"), None)),
        },
    )


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, 2019, -1))


@login_required
def report_new(request):
    actor = _manager(request)
    if request.method == "POST":
        form = ReportNewForm(request.POST, years=_years())
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                report = svc.report_create(
                    actor=actor, year=data.pop("year"), half=data.pop("half"), **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Der Bericht wird jetzt aus den Daten geschrieben."))
                return redirect("steering:report", pk=report.pk)
    else:
        form = ReportNewForm(initial=svc.proposed(actor), years=_years())
    title = _("Neuer Halbjahresbericht")
    return render(
        request,
        "steering/report_new.html",
        {
            "form": form,
            "title": title,
            "cancel": reverse("steering:reports"),
            "nav_active": NAV,
            "breadcrumbs": _crumbs((title, None)),
        },
    )


def _progress_context(report: SteeringReport) -> dict:
    waiting_long = (
        report.state == State.QUEUED
        and report.queued_at is not None
        and timezone.now() - report.queued_at > timedelta(seconds=svc.WORKER_PATIENCE_SECONDS)
    )
    return {"report": report, "waiting_long": waiting_long}


@login_required
def report_detail(request, pk):
    actor = reader_actor(request)
    report = _report(actor, pk)
    manage = svc.may_manage_reports(actor)
    context = {
        "report": report,
        "manage": manage,
        "working": report.state in (State.QUEUED, State.RUNNING),
        "nav_active": NAV,
        "breadcrumbs": _crumbs((report.title, None)),
    }
    if report.state == State.READY:
        context |= document_context(report, PAGE_TAGS)
        audit(actor=actor, action="steering_report.view", obj=report)
    context |= _progress_context(report)
    return render(request, "steering/report_detail.html", context)


@login_required
def report_progress(request, pk):
    """The progress box alone, polled by the page while the report is written. When it
    is done, the page loads again (htmx follows HX-Refresh)."""
    actor = reader_actor(request)
    report = _report(actor, pk)
    response = render(request, "steering/_report_progress.html", _progress_context(report))
    if report.state not in (State.QUEUED, State.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_edit(request, pk):
    actor = _manager(request)
    report = _report(actor, pk)
    if report.state in (State.QUEUED, State.RUNNING):
        messages.info(request, _("Der Bericht wird gerade erstellt. Bitte warten Sie."))
        return redirect("steering:report", pk=report.pk)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            ReportEditForm,
            lambda version, data: svc.report_update(
                actor=actor, report=report, version=version, **data
            ),
        )
        if saved:
            messages.success(request, _("Der Bericht wurde gespeichert."))
            return redirect("steering:report", pk=report.pk)
    else:
        form = ReportEditForm(
            initial={name: getattr(report, name) for name in svc.EDITABLE}
            | {"version": report.version}
        )
    title = _("Bericht bearbeiten")
    return render(
        request,
        "steering/report_edit.html",
        {
            "form": form,
            "title": title,
            "report": report,
            "conflict": conflict,
            "cancel": reverse("steering:report", args=[report.pk]),
            "nav_active": NAV,
            "breadcrumbs": _crumbs(
                (report.title, reverse("steering:report", args=[report.pk])), (title, None)
            ),
        },
    )


@require_POST
@login_required
def report_regenerate_view(request, pk):
    actor = _manager(request)
    report = _report(actor, pk)
    form = ReportRegenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie, was neu berechnet werden soll."))
        return redirect("steering:report", pk=report.pk)
    try:
        svc.report_regenerate(
            actor=actor,
            report=report,
            version=form.cleaned_data["version"],
            what=form.cleaned_data["what"],
        )
    except StaleEdit:
        messages.info(
            request, _("Der Bericht wurde inzwischen geändert. Bitte prüfen Sie den neuen Stand.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Der Bericht wird neu aus den Daten geschrieben."))
    return redirect("steering:report", pk=report.pk)


def _ready(actor, pk) -> SteeringReport:
    report = _report(actor, pk)
    if report.state != State.READY:
        raise Http404
    return report


@login_required
def report_docx_view(request, pk):
    from kim.steering.report_export import report_docx

    actor = reader_actor(request)
    report = _ready(actor, pk)
    content = report_docx(report)
    audit(actor=actor, action="steering_report.export", obj=report, changes={"format": "docx"})
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, "docx")}"'
    return response


@login_required
def report_pdf_view(request, pk):
    from kim.reports import pdf
    from kim.steering.report_export import report_pdf

    actor = reader_actor(request)
    report = _ready(actor, pk)
    if pdf.unavailable_reason():
        return render(
            request,
            "steering/report_pdf_unavailable.html",
            {"report": report, "nav_active": NAV},
            status=503,
        )
    content = report_pdf(report)
    audit(actor=actor, action="steering_report.export", obj=report, changes={"format": "pdf"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, "pdf")}"'
    return response

"""Appointments and letters of a procedure: invite the person (calendar file, letter),
cancel, and request the missing documents – as PDF and DOCX, every download audited.
The forms stand on the procedure page (kim.residence.procedure_views)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.templatetags.kim import query_replace
from kim.residence import appointments as appointment_svc
from kim.residence import letters
from kim.residence.models import ProcedureAppointment
from kim.residence.procedure_forms import AppointmentForm, CancelForm, LetterForm
from kim.residence.procedure_views import (
    NAV,
    authority_actor,
    back_to,
    detail_page,
    procedure_or_404,
)
from kim.residence.procedures import missing_documents, visible_procedures

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _appointment(actor, pk) -> ProcedureAppointment:
    return get_object_or_404(
        ProcedureAppointment.objects.filter(
            tenant_id=actor.tenant_id, procedure__in=visible_procedures(actor)
        ).select_related(
            "procedure",
            "procedure__person",
            "procedure__person__town",
            "procedure__unit__organisation",
        ),
        pk=pk,
    )


# --- appointments -----------------------------------------------------------------------


@require_POST
@login_required
def appointment_new(request, pk):
    actor = authority_actor(request)
    procedure = procedure_or_404(actor, pk)
    form = AppointmentForm(request.POST)
    if form.is_valid():
        starts_at, ends_at = form.moments()
        try:
            appointment_svc.appointment_create(
                actor=actor,
                procedure=procedure,
                purpose=form.cleaned_data["purpose"],
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                bring=form.cleaned_data["bring"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                error = ValidationError(
                    {
                        form.SERVICE_FIELDS.get(name, name): texts
                        for name, texts in error.error_dict.items()
                    }
                )
            add_service_errors(form, error)
        except NotAllowed as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Der Termin am %(day)s um %(time)s Uhr ist eingetragen.")
                % {
                    "day": f"{timezone.localtime(starts_at):%d.%m.%Y}",
                    "time": f"{timezone.localtime(starts_at):%H:%M}",
                },
            )
            return back_to(procedure, "#termine")
    return detail_page(request, actor, procedure, status=422, appointment_form=form)


@require_POST
@login_required
def appointment_cancel(request, pk):
    actor = authority_actor(request)
    appointment = _appointment(actor, pk)
    form = CancelForm(request.POST, appointment_id=appointment.pk)
    form.is_valid()
    try:
        appointment_svc.appointment_cancel(
            actor=actor, appointment=appointment, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except NotAllowed as exc:
        raise Http404 from exc
    else:
        messages.success(request, _("Der Termin ist abgesagt."))
    return back_to(appointment.procedure, "#termine")


def _letter_audit(actor, procedure, **changes):
    audit(
        actor=actor,
        action="procedure.letter",
        obj=procedure,
        person_id=procedure.person_id,
        unit_id=procedure.unit_id,
        changes=changes,
    )


@login_required
def appointment_ics(request, pk):
    actor = authority_actor(request)
    appointment = _appointment(actor, pk)
    procedure = appointment.procedure
    content = appointment_svc.appointment_ics(appointment, procedure.unit.name)
    _letter_audit(actor, procedure, letter="invitation", format="ics", appointment=appointment.pk)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    day = timezone.localtime(appointment.starts_at)
    response["Content-Disposition"] = f'attachment; filename="Termin-{day:%Y-%m-%d}.ics"'
    return response


@login_required
def appointment_letter(request, pk, fmt):
    actor = authority_actor(request)
    appointment = _appointment(actor, pk)
    if appointment.cancelled_at is not None:
        raise Http404
    procedure = appointment.procedure
    letter = letters.invitation_letter(actor, appointment)
    return _letter_response(
        request,
        actor,
        procedure,
        letter,
        fmt,
        docx_url=reverse("residence:appointment_letter", args=[appointment.pk, "docx"]),
        letter="invitation",
        appointment=appointment.pk,
    )


@login_required
def missing_documents_letter(request, pk):
    actor = authority_actor(request)
    procedure = procedure_or_404(actor, pk)
    form = LetterForm(request.GET)
    fmt = request.GET.get("format", "pdf")
    if fmt not in ("pdf", "docx"):
        raise Http404
    missing = missing_documents(procedure)
    if not missing:
        # An old page: the last documents were ticked meanwhile.
        messages.info(request, _("Es fehlen keine Unterlagen; eine Anforderung ist nicht nötig."))
        return back_to(procedure, "#schreiben")
    if not form.is_valid():
        return detail_page(request, actor, procedure, status=422, letter_form=form)
    letter = letters.missing_documents_letter(
        actor, procedure, missing=missing, deadline=form.cleaned_data["frist"]
    )
    return _letter_response(
        request,
        actor,
        procedure,
        letter,
        fmt,
        docx_url="?".join(
            [
                reverse("residence:missing_letter", args=[procedure.pk]),
                query_replace(request, format="docx"),
            ]
        ),
        letter="missing_documents",
        deadline=form.cleaned_data["frist"].isoformat(),
    )


def _letter_response(request, actor, procedure, document, fmt, *, docx_url, **changes):
    from kim.reports import pdf

    if fmt == "pdf":
        if pdf.unavailable_reason():
            return render(
                request,
                "residence/procedure_pdf_unavailable.html",
                {"procedure": procedure, "docx_url": docx_url, "nav_active": NAV},
                status=503,
            )
        content, content_type = letters.letter_pdf(document), "application/pdf"
    elif fmt == "docx":
        content, content_type = letters.letter_docx(document), DOCX
    else:
        raise Http404
    _letter_audit(actor, procedure, format=fmt, **changes)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{letters.file_name(document, fmt)}"'
    return response

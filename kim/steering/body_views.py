"""Pages of bodies (Gremien) and their meetings: members, agenda with structural issues,
results and decisions, tasks, minutes, the calendar file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import crumbs, safe_next
from kim.steering import bodies as svc
from kim.steering.forms import (
    AgendaItemForm,
    AgendaRecordForm,
    BodyEditForm,
    BodyForm,
    MeetingEditForm,
    MeetingForm,
    MemberForm,
    TaskForm,
)
from kim.steering.models import AgendaItem, Body, BodyMember, Meeting, MeetingTask

NAV = "bodies"


def reader_actor(request):
    actor = get_actor(request.user)
    if not svc.may_read_bodies(actor):
        raise Http404
    return actor


def manager_actor(request):
    actor = get_actor(request.user)
    if not svc.may_manage_bodies(actor):
        raise Http404
    return actor


def save_versioned(request, form_class, save, **form_kwargs):
    """The POST half of an edit page with a version: bind the form, call
    `save(version, data)`; a stale version keeps what the user typed, with the current
    version so that saving again overrides, and marks the conflict. Returns
    (form, conflict, saved)."""
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        return form, None, False
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        save(version, data)
    except StaleEdit as stale:
        typed = request.POST.copy()
        typed["version"] = stale.current.version
        form = form_class(typed, **form_kwargs)
        form.is_valid()
        return form, [], False
    except ValidationError as error:
        add_service_errors(form, error)
        return form, None, False
    except NotAllowed as exc:
        raise Http404 from exc
    return form, None, True


def _crumbs(*items):
    return crumbs((_("Gremien"), reverse("steering:bodies")), *items)


def _body(actor, pk) -> Body:
    return get_object_or_404(svc.visible_bodies(actor), pk=pk)


def _meeting(actor, pk) -> Meeting:
    return get_object_or_404(svc.visible_meetings(actor).select_related("body"), pk=pk)


# --- bodies ----------------------------------------------------------------------------------


@login_required
def body_list(request):
    actor = reader_actor(request)
    bodies = list(svc.visible_bodies(actor).order_by("state", "name"))
    upcoming = {}
    for meeting in (
        svc.visible_meetings(actor)
        .filter(starts_at__gte=timezone.now(), state=Meeting.State.PLANNED)
        .order_by("starts_at")
    ):
        upcoming.setdefault(meeting.body_id, meeting)
    for body in bodies:
        body.next_meeting = upcoming.get(body.pk)
    return render(
        request,
        "steering/body_list.html",
        {
            "bodies": bodies,
            "can_manage": svc.may_manage_bodies(actor),
            "nav_active": NAV,
            "breadcrumbs": crumbs((_("Gremien"), None)),
        },
    )


@login_required
def body_new(request):
    actor = manager_actor(request)
    if request.method == "POST":
        form = BodyForm(request.POST)
        if form.is_valid():
            try:
                body = svc.body_create(actor=actor, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Das Gremium wurde angelegt."))
                return redirect("steering:body", pk=body.pk)
    else:
        form = BodyForm(initial={"started_on": timezone.localdate(), "state": Body.State.ACTIVE})
    title = _("Neues Gremium")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "cancel": reverse("steering:bodies"),
            "nav_active": NAV,
            "breadcrumbs": _crumbs((title, None)),
        },
    )


@login_required
def body_edit(request, pk):
    actor = manager_actor(request)
    body = _body(actor, pk)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            BodyEditForm,
            lambda version, data: svc.body_update(actor=actor, body=body, version=version, **data),
        )
        if saved:
            messages.success(request, _("Das Gremium wurde gespeichert."))
            return redirect("steering:body", pk=body.pk)
    else:
        form = BodyEditForm(
            initial={
                "name": body.name,
                "kind": body.kind,
                "purpose": body.purpose,
                "started_on": body.started_on,
                "state": body.state,
                "version": body.version,
            }
        )
    title = _("Gremium bearbeiten")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "conflict": conflict,
            "cancel": reverse("steering:body", args=[body.pk]),
            "nav_active": NAV,
            "breadcrumbs": _crumbs(
                (body.name, reverse("steering:body", args=[body.pk])), (title, None)
            ),
        },
    )


@login_required
def body_detail(request, pk, member_form=None):
    actor = reader_actor(request)
    body = _body(actor, pk)
    manage = svc.may_manage_bodies(actor)
    return render(
        request,
        "steering/body_detail.html",
        {
            "body": body,
            "members": list(body.members.all()),
            "meetings": list(body.meetings.all()),
            "recommendations": list(body.recommendations.all()),
            "can_manage": manage,
            "member_form": member_form or MemberForm(initial={"joined_on": timezone.localdate()}),
            "today": timezone.localdate(),
            "nav_active": NAV,
            "breadcrumbs": _crumbs((body.name, None)),
        },
        status=422 if member_form is not None else 200,
    )


@require_POST
@login_required
def member_add_view(request, pk):
    actor = manager_actor(request)
    body = _body(actor, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            svc.member_add(actor=actor, body=body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Das Mitglied wurde eingetragen."))
            return redirect(reverse("steering:body", args=[body.pk]) + "#mitglieder")
    return body_detail(request, body.pk, member_form=form)


@require_POST
@login_required
def member_leave_view(request, member_pk):
    actor = manager_actor(request)
    member = get_object_or_404(
        BodyMember.objects.filter(tenant_id=actor.tenant_id).select_related("body"), pk=member_pk
    )
    try:
        svc.member_leave(actor=actor, member=member, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s ist als ausgeschieden vermerkt.") % {"name": member.name}
        )
    return redirect(reverse("steering:body", args=[member.body_id]) + "#mitglieder")


# --- meetings --------------------------------------------------------------------------------


@login_required
def meeting_new(request, pk):
    actor = manager_actor(request)
    body = _body(actor, pk)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = svc.meeting_create(actor=actor, body=body, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Die Sitzung wurde angelegt."))
                return redirect("steering:meeting", pk=meeting.pk)
    else:
        form = MeetingForm()
    title = _("Neue Sitzung")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "intro": body.name,
            "cancel": reverse("steering:body", args=[body.pk]),
            "nav_active": NAV,
            "breadcrumbs": _crumbs(
                (body.name, reverse("steering:body", args=[body.pk])), (title, None)
            ),
        },
    )


@login_required
def meeting_detail(request, pk, *, agenda_form=None, task_form=None, record=None):
    actor = reader_actor(request)
    meeting = _meeting(actor, pk)
    manage = svc.may_manage_bodies(actor)
    items = list(meeting.items.select_related("issue"))
    for item in items:
        bound = record if record is not None and record[0] == item.pk else None
        item.form = (
            bound[1]
            if bound
            else AgendaRecordForm(
                initial={"result": item.result, "decision": item.decision},
                auto_id=f"top{item.pk}-%s",
            )
        )
    return render(
        request,
        "steering/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "items": items,
            "tasks": list(meeting.tasks.select_related("owner", "item")),
            "can_manage": manage,
            "agenda_form": agenda_form or AgendaItemForm(tenant_id=meeting.tenant_id),
            "task_form": task_form or TaskForm(meeting=meeting),
            "nav_active": NAV,
            "breadcrumbs": _crumbs(
                (meeting.body.name, reverse("steering:body", args=[meeting.body_id])),
                (
                    _("Sitzung am %(day)s")
                    % {"day": f"{timezone.localtime(meeting.starts_at):%d.%m.%Y}"},
                    None,
                ),
            ),
        },
        status=422 if (agenda_form or task_form or record) else 200,
    )


@login_required
def meeting_edit(request, pk):
    actor = manager_actor(request)
    meeting = _meeting(actor, pk)
    conflict = None
    if request.method == "POST":
        form, conflict, saved = save_versioned(
            request,
            MeetingEditForm,
            lambda version, data: svc.meeting_update(
                actor=actor, meeting=meeting, version=version, **data
            ),
        )
        if saved:
            messages.success(request, _("Die Sitzung wurde gespeichert."))
            return redirect("steering:meeting", pk=meeting.pk)
    else:
        form = MeetingEditForm(
            initial={
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting.ends_at),
                "place": meeting.place,
                "state": meeting.state,
                "minutes": meeting.minutes,
                "version": meeting.version,
            }
        )
    title = _("Sitzung bearbeiten")
    return render(
        request,
        "steering/simple_form.html",
        {
            "form": form,
            "title": title,
            "intro": meeting.body.name,
            "conflict": conflict,
            "cancel": reverse("steering:meeting", args=[meeting.pk]),
            "nav_active": NAV,
            "breadcrumbs": _crumbs(
                (meeting.body.name, reverse("steering:body", args=[meeting.body_id])), (title, None)
            ),
        },
    )


@require_POST
@login_required
def agenda_add_view(request, pk):
    actor = manager_actor(request)
    meeting = _meeting(actor, pk)
    form = AgendaItemForm(request.POST, tenant_id=meeting.tenant_id)
    if form.is_valid():
        try:
            svc.agenda_item_add(
                actor=actor,
                meeting=meeting,
                title=form.cleaned_data["title"],
                issue=form.cleaned_data["issue"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Der Tagesordnungspunkt wurde ergänzt."))
            return redirect(reverse("steering:meeting", args=[meeting.pk]) + "#tagesordnung")
    return meeting_detail(request, meeting.pk, agenda_form=form)


@require_POST
@login_required
def agenda_record_view(request, item_pk):
    actor = manager_actor(request)
    item = get_object_or_404(
        AgendaItem.objects.filter(tenant_id=actor.tenant_id).select_related("meeting"), pk=item_pk
    )
    form = AgendaRecordForm(request.POST, auto_id=f"top{item.pk}-%s")
    if form.is_valid():
        svc.agenda_item_record(actor=actor, item=item, **form.cleaned_data)
        messages.success(request, _("Ergebnis und Beschluss wurden gespeichert."))
        return redirect(reverse("steering:meeting", args=[item.meeting_id]) + f"#top{item.pk}")
    return meeting_detail(request, item.meeting_id, record=(item.pk, form))


@require_POST
@login_required
def task_add_view(request, pk):
    actor = manager_actor(request)
    meeting = _meeting(actor, pk)
    form = TaskForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            svc.task_add(actor=actor, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Die Aufgabe wurde eingetragen."))
            return redirect(reverse("steering:meeting", args=[meeting.pk]) + "#aufgaben")
    return meeting_detail(request, meeting.pk, task_form=form)


@require_POST
@login_required
def task_done_view(request, task_pk):
    actor = get_actor(request.user)
    task = get_object_or_404(
        MeetingTask.objects.filter(tenant_id=actor.tenant_id).select_related("meeting"), pk=task_pk
    )
    try:
        svc.task_done(actor=actor, task=task)
    except NotAllowed as exc:
        raise Http404 from exc
    messages.success(request, _("Die Aufgabe „%(what)s“ ist erledigt.") % {"what": task.what})
    return redirect(safe_next(request, reverse("core:start")))


@login_required
def meeting_ics_view(request, pk):
    actor = reader_actor(request)
    meeting = _meeting(actor, pk)
    content = svc.meeting_ics(meeting, list(meeting.items.all()))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    day = timezone.localtime(meeting.starts_at)
    response["Content-Disposition"] = f'attachment; filename="Sitzung-{day:%Y-%m-%d}.ics"'
    return response


@login_required
def meeting_invitation_view(request, pk):
    from kim.reports import pdf
    from kim.steering.invitation import invitation_pdf

    actor = reader_actor(request)
    meeting = _meeting(actor, pk)
    if pdf.unavailable_reason():
        return render(
            request,
            "steering/invitation_unavailable.html",
            {"meeting": meeting, "nav_active": NAV},
            status=503,
        )
    content, filename = invitation_pdf(meeting)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

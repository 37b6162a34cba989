"""Pages for consents and the download of a scanned consent form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kim.core.abilities import abilities
from kim.core.audit import audit
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.forms import add_service_errors
from kim.core.views import safe_next
from kim.people.forms import ConsentEditForm, ConsentForm, ConsentWithdrawForm
from kim.people.models import Consent
from kim.people.selectors import consents_of
from kim.people.selectors.common import scoped
from kim.people.services import consent_record, consent_update, consent_withdraw
from kim.people.views.common import conflict_rows, form_page, load_person, person_crumbs, rebound

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def _list_url(person) -> str:
    return reverse("people:consents", args=[person.pk])


def _crumb(person):
    return (_("Einwilligungen"), _list_url(person))


@login_required
def consent_list(request, pk):
    actor, person, can = load_person(request, pk)
    consents = consents_of(actor, person)
    today = timezone.localdate()
    for consent in consents:
        consent.can = abilities(actor, consent)
        consent.current_state = consent.state(today)
    audit(
        actor=actor,
        action="consent.view",
        obj=person,
        person_id=person.pk,
        changes={"ids": [c.pk for c in consents]},
    )
    return render(
        request,
        "people/consents.html",
        {
            "person": person,
            "can": can,
            "consents": consents,
            "nav_active": "people",
            "breadcrumbs": person_crumbs(person, (_("Einwilligungen"), None)),
        },
    )


def _consent(actor, person, consent_pk) -> Consent:
    consent = get_object_or_404(
        scoped(Consent, actor).filter(person=person).prefetch_related("recipient_organisations"),
        pk=consent_pk,
    )
    consent.person = person
    return consent


@login_required
def consent_add(request, pk):
    """Record a consent. Another page (a referral that needs one) may fill it in through
    the address and send the user back with `next` once it is saved."""
    actor, person, _can = load_person(request, pk, "change")
    back = safe_next(request, "")
    if request.method == "POST":
        form = ConsentForm(request.POST, request.FILES, tenant_id=actor.tenant_id)
        if form.is_valid():
            try:
                consent_record(actor=actor, person=person, **form.consent_data())
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Einwilligung wurde gespeichert."))
                return redirect(back or _list_url(person))
    else:
        form = ConsentForm(
            initial=ConsentForm.initial_from_query(request.GET, actor.tenant_id),
            tenant_id=actor.tenant_id,
        )
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Einwilligung erfassen"),
        submit=_("Einwilligung speichern"),
        cancel=back or _list_url(person),
        crumb_parent=_crumb(person),
        template="people/consent_form.html",
        intro=_(
            "Eine Einwilligung nennt die Daten, die Empfänger und den Zweck. "
            "Eine pauschale Einwilligung ist unwirksam."
        ),
        next=back,
    )


@login_required
def consent_edit(request, pk, consent_pk):
    actor, person, _can = load_person(request, pk, "change")
    consent = _consent(actor, person, consent_pk)
    if request.method == "GET" and consent.withdrawn_on is not None:
        messages.info(request, _("Eine widerrufene Einwilligung kann nicht geändert werden."))
        return redirect(_list_url(person))
    conflict = None
    kwargs = {"tenant_id": actor.tenant_id}
    if request.method == "POST":
        form = ConsentEditForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            try:
                consent_update(
                    actor=actor,
                    consent=consent,
                    version=form.cleaned_data["version"],
                    **form.consent_data(),
                )
            except StaleEdit as stale:
                current = stale.current
                saved = ConsentForm.initial_from(current)
                saved.pop("version")
                conflict = conflict_rows(form, saved)
                if current.withdrawn_on:
                    conflict.append(
                        {
                            "label": _("widerrufen am"),
                            "mine": "–",
                            "theirs": f"{current.withdrawn_on:%d.%m.%Y}",
                        }
                    )
                form = rebound(ConsentEditForm, request, current.version, **kwargs)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Die Einwilligung wurde gespeichert."))
                return redirect(_list_url(person))
    else:
        audit(actor=actor, action="consent.view", obj=consent, person_id=person.pk)
        form = ConsentEditForm(initial=ConsentForm.initial_from(consent), **kwargs)
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Einwilligung bearbeiten"),
        submit=_("Speichern"),
        cancel=_list_url(person),
        crumb_parent=_crumb(person),
        template="people/consent_form.html",
        conflict=conflict,
        consent=consent,
    )


@login_required
def consent_withdraw_view(request, pk, consent_pk):
    actor, person, _can = load_person(request, pk, "change")
    consent = _consent(actor, person, consent_pk)
    if request.method == "GET" and consent.withdrawn_on is not None:
        messages.info(request, _("Diese Einwilligung ist bereits widerrufen."))
        return redirect(_list_url(person))
    if request.method == "POST":
        form = ConsentWithdrawForm(request.POST)
        if form.is_valid():
            try:
                consent_withdraw(actor=actor, consent=consent, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _(
                        "Der Widerruf wurde gespeichert. Die Einwilligung gilt ab sofort nicht mehr."
                    ),
                )
                return redirect(_list_url(person))
    else:
        audit(actor=actor, action="consent.view", obj=consent, person_id=person.pk)
        form = ConsentWithdrawForm()
    return form_page(
        request,
        person=person,
        form=form,
        title=_("Einwilligung widerrufen"),
        submit=_("Widerruf speichern"),
        cancel=_list_url(person),
        crumb_parent=_crumb(person),
        intro=_("Einwilligung vom %(day)s: %(purpose)s")
        % {"day": f"{consent.given_on:%d.%m.%Y}", "purpose": consent.purpose},
    )


@login_required
@require_GET
def consent_document(request, pk, consent_pk):
    """The scanned form, only for those who may see the person; every download is audited."""
    actor, person, _can = load_person(request, pk)
    consent = _consent(actor, person, consent_pk)
    if not abilities(actor, consent)["download"]:
        raise Http404
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit(actor=actor, action="consent.download", obj=consent, person_id=person.pk)
    filename = (
        f"einwilligung-{consent.given_on:%Y-%m-%d}-{consent.pk}.{EXTENSIONS[consent.document_type]}"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[consent.document_type],
    )
    response["Cache-Control"] = "private, no-store"
    return response

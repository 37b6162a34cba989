"""The disclosure log of a person (Offenlegungsprotokoll): its page, its print view and
PDF for a data-subject access request (Art. 15 DSGVO), and the data-protection role's
search for the person of such a request.

Who reads it: whoever may see the person; and data protection (AUDIT_VIEW), which
sees no persons otherwise, for a person it found through the access-request search
with a stated reason. The search keeps the reason and the persons found in the
session, so the reason never travels in a URL and every read names it.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core.abilities import abilities
from kim.core.actor import Actor, get_actor
from kim.core.audit import audit
from kim.core.permissions import AUDIT_VIEW
from kim.core.views import crumbs, require
from kim.people.models import Person
from kim.people.selectors import access_request_search, disclosures_of
from kim.reports import pdf
from kim.reports.forms import AccessRequestForm

SESSION_KEY = "kim_access_request"
DOCUMENT_TEMPLATE = "reports/disclosure_document.html"
CONFIDENTIAL = gettext_lazy("Vertraulich – Auskunft nach Art. 15 DSGVO")


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _access_reason(request, actor: Actor, person: Person) -> str | None:
    """Why the actor reads this person's log: "" for those who see the person, the
    access request's reason for data protection; None (404) for everyone else."""
    if actor.tenant_id is None or person.tenant_id != actor.tenant_id:
        return None
    if abilities(actor, person)["view"]:
        return ""
    if actor.has(AUDIT_VIEW):
        found = request.session.get(SESSION_KEY) or {}
        if person.pk in found.get("person_ids", []) and found.get("reason"):
            return found["reason"]
    return None


def _person(request, actor: Actor, pk: int) -> tuple[Person, str]:
    person = get_object_or_404(
        Person.objects.select_related("tenant"), pk=pk, tenant_id=actor.tenant_id
    )
    reason = _access_reason(request, actor, person)
    if reason is None:
        raise Http404
    return person, reason


def _audit(actor: Actor, person: Person, rows, action: str, reason: str) -> None:
    audit(
        actor=actor,
        action=action,
        obj=person,
        person_id=person.pk,
        changes={"ids": [r.pk for r in rows]},
        reason=reason,
    )


def _document(actor: Actor, person: Person, rows, *, reason: str, for_pdf: bool) -> str:
    user = actor.user
    return render_to_string(
        DOCUMENT_TEMPLATE,
        {
            "person": person,
            "rows": rows,
            "reason": reason,
            "for_pdf": for_pdf,
            "confidential": CONFIDENTIAL,
            "printed_at": timezone.localtime(),
            "printed_by": (user.get_full_name() or user.username) if user else "",
        },
    )


def pdf_filename(person: Person) -> str:
    return f"Offenlegungen-Person-{person.pk}-{timezone.localdate():%Y-%m-%d}.pdf"


def _page_css(person: Person) -> str:
    return pdf.margin_boxes(
        top_left=[person.tenant.name, _("Kommunales Integrationsmanagement")],
        top_right=[
            _("Offenlegungsprotokoll"),
            _("Person %(id)s · erstellt am %(date)s")
            % {"id": person.pk, "date": f"{timezone.localdate():%d.%m.%Y}"},
        ],
        bottom_left=str(CONFIDENTIAL),
    )


def disclosure_pdf_bytes(actor: Actor, person: Person, *, reason: str) -> tuple[bytes, str]:
    """The PDF of the person's log and its file name; the read is audited as
    `disclosure.pdf`. Ask `pdf.unavailable_reason()` first."""
    rows = disclosures_of(actor, person)
    html = _document(actor, person, rows, reason=reason, for_pdf=True)
    content = pdf.render_pdf(html, page_css=_page_css(person))
    _audit(actor, person, rows, "disclosure.pdf", reason)
    return content, pdf_filename(person)


def _back(person: Person, reason: str) -> tuple[str, str]:
    if reason:
        return _("Auskunftsersuchen"), reverse("disclosures:access_request")
    return person.full_name, reverse("people:detail", args=[person.pk])


@login_required
def disclosure_log(request, pk):
    actor = get_actor(request.user)
    person, reason = _person(request, actor, pk)
    rows = disclosures_of(actor, person)
    _audit(actor, person, rows, "disclosure.view", reason)
    return _private(
        render(
            request,
            "reports/disclosure_log.html",
            {
                "person": person,
                "rows": rows,
                "reason": reason,
                "today": timezone.localdate(),
                "nav_active": "audit" if reason else "people",
                "breadcrumbs": crumbs(_back(person, reason), (_("Offenlegungen"), None)),
            },
        )
    )


@login_required
def disclosure_print(request, pk):
    actor = get_actor(request.user)
    person, reason = _person(request, actor, pk)
    rows = disclosures_of(actor, person)
    _audit(actor, person, rows, "disclosure.print", reason)
    return _private(HttpResponse(_document(actor, person, rows, reason=reason, for_pdf=False)))


@login_required
def disclosure_pdf(request, pk):
    actor = get_actor(request.user)
    person, reason = _person(request, actor, pk)
    if pdf.unavailable_reason():
        return _private(
            render(
                request,
                "reports/disclosure_pdf_unavailable.html",
                {
                    "person": person,
                    "reason": reason,
                    "nav_active": "audit" if reason else "people",
                    "breadcrumbs": crumbs(_back(person, reason), (_("Offenlegungen"), None)),
                },
                status=503,
            )
        )
    content, filename = disclosure_pdf_bytes(actor, person, reason=reason)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@login_required
def access_request(request):
    """Data protection finds the person of an access request tenant-wide: by name and
    date of birth, with the request's reason; the search is audited."""
    actor = get_actor(request.user)
    require(actor, AUDIT_VIEW)
    found = None
    if request.method == "POST":
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            found = access_request_search(actor, name=data["name"], birth_date=data["birth_date"])
            request.session[SESSION_KEY] = {
                "reason": data["reason"],
                "person_ids": [p.pk for p in found],
            }
            audit(
                actor=actor,
                action="person.lookup",
                changes={
                    "name": data["name"],
                    "birth_date": data["birth_date"].isoformat() if data["birth_date"] else None,
                    "found": [p.pk for p in found],
                },
                reason=data["reason"],
            )
    else:
        form = AccessRequestForm(
            initial={"reason": (request.session.get(SESSION_KEY) or {}).get("reason", "")}
        )
    return render(
        request,
        "reports/access_request.html",
        {
            "form": form,
            "found": found,
            "nav_active": "audit",
            "breadcrumbs": crumbs(
                (_("Zugriffsprotokoll"), reverse("core:audit")), (_("Auskunftsersuchen"), None)
            ),
        },
    )

"""Upload, download and delete documents. Outsiders get 404; every download is audited."""

import re
import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kim.cases.abilities import case_access
from kim.cases.links import case_page_url
from kim.cases.selectors import visible_cases
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.audit import audit
from kim.core.errors import NotAllowed
from kim.core.forms import add_service_errors
from kim.core.slots import CASE_TAB_FILE
from kim.core.views import crumbs
from kim.documents.abilities import may_upload_to_case, may_upload_to_person
from kim.documents.forms import DocumentDeleteForm, DocumentUploadForm
from kim.documents.models import Document
from kim.documents.selectors import visible_documents
from kim.documents.services import document_delete, document_upload
from kim.people.selectors import visible_persons

ANCHOR = "dokumente"


def _case_url(case) -> str:
    return case_page_url(case, CASE_TAB_FILE, ANCHOR)


def _person_url(person) -> str:
    return reverse("people:detail", args=[person.pk]) + f"#{ANCHOR}"


def _case_crumbs(case, title: str) -> list[dict]:
    return crumbs(
        (_("Fälle"), reverse("cases:list")),
        (case.number, reverse("cases:detail", args=[case.pk])),
        (title, None),
    )


def _person_crumbs(person, title: str) -> list[dict]:
    return crumbs(
        (_("Personen"), reverse("people:search")),
        (person.full_name, reverse("people:detail", args=[person.pk])),
        (title, None),
    )


def _upload(request, actor, *, target: dict, back: str, context: dict):
    """The upload form for a person or a case (`target` names which)."""
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = document_upload(
                    actor=actor,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    upload=form.cleaned_data["file"],
                    **target,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Das Dokument „%(description)s“ wurde gespeichert.")
                    % {"description": document.description},
                )
                return redirect(back)
    else:
        form = DocumentUploadForm()
    title = _("Dokument hochladen")
    return render(
        request,
        "documents/upload_form.html",
        {"form": form, "title": title, "cancel": back} | context,
    )


@login_required
def case_upload(request, case_pk):
    actor = get_actor(request.user)
    case = get_object_or_404(visible_cases(actor).select_related("person"), pk=case_pk)
    if not may_upload_to_case(actor, case):
        if case.is_closed:
            messages.info(
                request, _("Der Fall ist abgeschlossen. Dokumente können nur noch gelesen werden.")
            )
            return redirect(_case_url(case))
        raise Http404
    title = _("Dokument hochladen")
    return _upload(
        request,
        actor,
        target={"case": case},
        back=_case_url(case),
        context={
            "preline": _("Fall %(number)s · %(name)s")
            % {"number": case.number, "name": case.person.full_name},
            "intro": _(
                "Das Dokument gehört zu diesem Fall. Sehen können es alle, die den Fall sehen."
            ),
            "nav_active": "cases",
            "breadcrumbs": _case_crumbs(case, title),
        },
    )


@login_required
def person_upload(request, person_pk):
    actor = get_actor(request.user)
    person = get_object_or_404(visible_persons(actor), pk=person_pk)
    if not may_upload_to_person(actor, person):
        raise Http404
    title = _("Dokument hochladen")
    return _upload(
        request,
        actor,
        target={"person": person},
        back=_person_url(person),
        context={
            "preline": person.full_name,
            "intro": _(
                "Das Dokument gehört zur Person, nicht zu einem Fall. Für Unterlagen zu "
                "einem Fall laden Sie es bitte auf der Fallseite hoch."
            ),
            "nav_active": "people",
            "breadcrumbs": _person_crumbs(person, title),
        },
    )


def _visible_document(actor, pk: int, *, shared: bool = False) -> Document:
    return get_object_or_404(
        visible_documents(actor, shared=shared).select_related("person", "case", "uploaded_by"),
        pk=pk,
    )


_UNSAFE = re.compile(r"[^\w .()+-]+")


def download_name(document: Document) -> str:
    """The original name without path, control or shell characters, with the extension
    of the detected format (a PNG uploaded as "scan.pdf" downloads as .png)."""
    stem = unicodedata.normalize("NFC", document.original_name).rsplit(".", 1)[0]
    stem = " ".join(_UNSAFE.sub("_", stem).split()).strip("._ ")[:80]
    return f"{stem or f'dokument-{document.pk}'}.{document.extension}"


@login_required
@require_GET
def download(request, pk):
    """The file, only for those who may see the document; every download is audited."""
    actor = get_actor(request.user)
    # Shared cases too: the abilities allow it only where the documents part is shared.
    document = _visible_document(actor, pk, shared=True)
    if not abilities(actor, document)["download"]:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    access = case_access(actor, document.case).audit_changes() if document.case_id else {}
    audit(
        actor=actor,
        action="document.download",
        obj=document,
        person_id=document.person_id,
        changes=access or None,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete(request, pk):
    actor = get_actor(request.user)
    document = _visible_document(actor, pk)
    from_person = request.GET.get("von") == "person"
    back = _person_url(document.person) if from_person or not document.case else None
    back = back or _case_url(document.case)
    if not abilities(actor, document)["delete"]:
        if document.is_deleted:
            messages.info(request, _("Dieses Dokument ist bereits gelöscht."))
            return redirect(back)
        raise Http404
    if request.method == "POST":
        form = DocumentDeleteForm(request.POST)
        if form.is_valid():
            try:
                document_delete(actor=actor, document=document, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(
                    request,
                    _("Das Dokument „%(description)s“ wurde gelöscht.")
                    % {"description": document.description},
                )
                return redirect(back)
    else:
        # The page shows the document's description: a read like the list.
        audit(
            actor=actor,
            action="document.list",
            obj=document,
            person_id=document.person_id,
            changes={"ids": [document.pk]},
        )
        form = DocumentDeleteForm()
    title = _("Dokument löschen")
    on_case_page = document.case is not None and not from_person
    if on_case_page:
        breadcrumbs = _case_crumbs(document.case, title)
    else:
        breadcrumbs = _person_crumbs(document.person, title)
    return render(
        request,
        "documents/delete_form.html",
        {
            "form": form,
            "document": document,
            "title": title,
            "cancel": back,
            "nav_active": "cases" if on_case_page else "people",
            "breadcrumbs": breadcrumbs,
        },
    )

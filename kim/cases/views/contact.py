from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from kim.cases.contact_extensions import contact_extensions
from kim.cases.forms import ContactForm
from kim.cases.models import Contact
from kim.cases.selectors import contact_defaults
from kim.cases.services import contact_record, contact_update
from kim.cases.views.common import contact_timeline, get_case
from kim.core.abilities import abilities
from kim.core.actor import get_actor
from kim.core.errors import NotAllowed, StaleEdit
from kim.core.views import crumbs


@login_required
def contact_new(request, pk):
    """Record a contact: as a page of its own, or inline on the case page (htmx).

    Inline, the form is loaded into the case page, posted without leaving it and,
    once saved, the contact history is swapped in its place (out of band) and the
    panel shows a confirmation; with errors the panel shows the form again with
    everything typed. The button "Textbaustein einfügen" posts the form without
    saving when JavaScript does not insert the text itself.
    """
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    if not abilities(actor, case)["document"]:
        raise Http404
    inline = bool(request.htmx)
    data = request.POST if request.method == "POST" else None
    defaults = contact_defaults(actor, case) if data is None else None
    form = ContactForm(data, tenant_id=actor.tenant_id, defaults=defaults)
    extensions = [(ext, ext.form(data, tenant_id=actor.tenant_id)) for ext in contact_extensions()]
    if data is not None and "insert_template" in data:
        form = form.with_template_inserted()
    elif data is not None:
        valid = form.is_valid()
        # Validate every extension (not just up to the first failure) so all show their errors.
        results = [ext_form.is_valid() for _ext, ext_form in extensions]
        extras_valid = all(results)
        if valid and not extras_valid:
            form.add_error(None, _("Bitte prüfen Sie die weiteren Angaben unten im Formular."))
        if valid and extras_valid:
            try:
                with transaction.atomic():
                    contact = contact_record(
                        actor=actor,
                        case=case,
                        fields=list(form.cleaned_data["fields_of_action"]),
                        **form.contact_data(),
                    )
                    wrote_more = [
                        ext.save(actor=actor, case=case, contact=contact, form=ext_form)
                        for ext, ext_form in extensions
                    ]
            except NotAllowed as exc:
                raise Http404 from exc
            # Inline, only the history is swapped; when an extension wrote something
            # other sections show (a barrier), the whole case page loads again.
            if inline and not any(wrote_more):
                return _inline_saved(request, actor, case, contact)
            messages.success(request, _("Der Kontakt wurde gespeichert."))
            target = reverse("cases:detail", args=[case.pk]) + "#verlauf"
            if not inline:
                return redirect(target)
            return HttpResponseClientRedirect(_reloading(request, target))
    context = {
        "form": form,
        "case": case,
        "conflict": None,
        "title": _("Kontakt erfassen"),
        "inline": inline,
        "text_templates": list(form.fields["text_template"].queryset),
        "extensions": [
            render_to_string(ext.template, {ext.context_name: ext_form}, request=request)
            for ext, ext_form in extensions
        ],
    }
    if inline:
        return render(request, "cases/_contact_inline.html", context)
    return render(
        request,
        "cases/contact_form.html",
        context
        | {
            "nav_active": "cases",
            "breadcrumbs": crumbs(
                (_("Fälle"), reverse("cases:list")),
                (case.number, reverse("cases:detail", args=[case.pk])),
                (_("Kontakt erfassen"), None),
            ),
        },
    )


def _reloading(request, target: str) -> str:
    """`target`, changed so that the browser loads it again: going to the page one
    is on with only another #fragment would just scroll."""
    current = urlsplit(request.htmx.current_url or "")
    path, _hash, fragment = target.partition("#")
    query = "" if current.query == "kontakte=1" else "?kontakte=1"  # the newest contacts
    return f"{path}{query}#{fragment}"


def _inline_saved(request, actor, case, contact):
    """The confirmation in the panel and, out of band, the first page of the history."""
    return render(
        request,
        "cases/_contact_saved.html",
        {"case": case, "contact": contact, **contact_timeline(actor, case, 1)},
    )


@login_required
def contact_edit(request, pk, contact_pk):
    actor = get_actor(request.user)
    case = get_case(actor, pk)
    contact = get_object_or_404(
        Contact.objects.filter(tenant_id=case.tenant_id, case=case), pk=contact_pk
    )
    contact.case = case
    if not abilities(actor, contact)["change"]:
        raise Http404
    conflict = None
    if request.method == "POST":
        form = ContactForm(
            request.POST, instance=Contact(pk=contact.pk, case=case), tenant_id=actor.tenant_id
        )
        if "insert_template" in request.POST:
            form = form.with_template_inserted()
        elif form.is_valid():
            try:
                contact_update(
                    actor=actor,
                    contact=contact,
                    version=form.cleaned_data.get("version") or 0,
                    fields=list(form.cleaned_data["fields_of_action"]),
                    **form.contact_data(),
                )
            except StaleEdit as stale:
                conflict = _contact_conflict(form, stale.current)
                data = request.POST.copy()
                data["version"] = stale.current.version
                form = ContactForm(
                    data, instance=Contact(pk=contact.pk, case=case), tenant_id=actor.tenant_id
                )
                form.is_valid()
            except NotAllowed as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Der Kontakt wurde gespeichert."))
                return redirect(reverse("cases:detail", args=[case.pk]) + "#verlauf")
    else:
        form = ContactForm(instance=contact, tenant_id=actor.tenant_id)
    return render(
        request,
        "cases/contact_form.html",
        {
            "form": form,
            "case": case,
            "conflict": conflict,
            "title": _("Kontakt bearbeiten"),
            "text_templates": list(form.fields["text_template"].queryset),
            "nav_active": "cases",
            "breadcrumbs": crumbs(
                (_("Fälle"), reverse("cases:list")),
                (case.number, reverse("cases:detail", args=[case.pk])),
                (_("Kontakt bearbeiten"), None),
            ),
        },
    )


def _contact_conflict(form, current: Contact) -> list[dict]:
    rows = []
    for name in ContactForm.Meta.fields:
        mine, theirs = form.cleaned_data.get(name), getattr(current, name)
        if mine != theirs:
            field = form.fields[name]
            choices = dict(getattr(field, "choices", []) or [])
            rows.append(
                {
                    "label": field.label,
                    "mine": choices.get(mine, mine) if mine not in (None, "") else "–",
                    "theirs": choices.get(theirs, theirs) if theirs not in (None, "") else "–",
                }
            )
    return rows

"""Start page per role, the audit view and helpers shared by the app views."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kim.core import slots
from kim.core.actor import Actor, get_actor
from kim.core.audit import audit
from kim.core.models import AuditEvent
from kim.core.permissions import AUDIT_VIEW

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """A page of the queryset; a bad or too high page number gives the last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))


def require(actor: Actor, permission: str) -> None:
    """Outsiders get 404, never 403."""
    if not actor.has(permission):
        raise Http404


def crumbs(*items: tuple[str, str | None]) -> list[dict]:
    return [{"label": _("Start"), "url": reverse("core:start")}] + [
        {"label": label, "url": url} for label, url in items
    ]


@login_required
def start(request):
    actor = get_actor(request.user)
    return render(
        request,
        "core/start.html",
        {"nav_active": "start", "sections": slots.sections(slots.START, actor)},
    )


AUDIT_ACTIONS = [
    ("person.view", _("Person angesehen")),
    ("person.search", _("Personensuche")),
    ("person.list", _("Personenliste")),
    ("person.register", _("Person registriert")),
    ("person.update", _("Person geändert")),
    ("case.view", _("Fall angesehen")),
    ("case.list", _("Fallliste")),
    ("case.open", _("Fall eröffnet")),
    ("case.update", _("Fall geändert")),
    ("contact.create", _("Kontakt erfasst")),
    ("contact.update", _("Kontakt geändert")),
    ("contact.list", _("Kontakte gelesen")),
    ("audit.view", _("Protokoll eingesehen")),
]


@login_required
def audit_log(request):
    actor = get_actor(request.user)
    require(actor, AUDIT_VIEW)
    from kim.core.filters import AuditFilterForm

    form = AuditFilterForm(request.GET or None, tenant_id=actor.tenant_id, actions=AUDIT_ACTIONS)
    events = AuditEvent.objects.filter(tenant_id=actor.tenant_id).select_related("unit")
    if form.is_valid():
        events = form.apply(events)
    page = paginate(request, events.order_by("-at", "-id"), per_page=50)
    audit(
        actor=actor,
        action="audit.view",
        changes={"filters": {k: v for k, v in request.GET.items() if v and k != "seite"}},
    )
    return render(
        request,
        "core/audit_log.html",
        {
            "form": form,
            "page": page,
            "action_labels": dict(AUDIT_ACTIONS),
            "nav_active": "audit",
            "breadcrumbs": crumbs((_("Zugriffsprotokoll"), None)),
        },
    )

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kim.core.actor import get_actor
from kim.core.permissions import (
    ADMIN_CONFIGURE,
    AUDIT_VIEW,
    CASE_MANAGE,
    CASE_VIEW,
    PERSON_MERGE,
    PERSON_VIEW,
    PROCEDURE_MANAGE,
    REFERRAL_RECEIVE,
    STATISTICS_VIEW,
)


def navigation(actor) -> list[dict]:
    """The main navigation, by the permissions the actor holds."""
    if not actor.is_authenticated:
        return []
    items = [{"url": reverse("core:start"), "label": _("Start"), "key": "start"}]
    if actor.has(CASE_VIEW):
        items.append({"url": reverse("cases:mine"), "label": _("Meine Fälle"), "key": "mine"})
        items.append({"url": reverse("cases:list"), "label": _("Fälle"), "key": "cases"})
        items.append(
            {"url": reverse("followups:mine"), "label": _("Wiedervorlagen"), "key": "followups"}
        )
    if actor.has(PERSON_VIEW):
        items.append({"url": reverse("people:search"), "label": _("Personen"), "key": "people"})
        items.append(
            {"url": reverse("residence:precheck"), "label": _("Vorprüfung"), "key": "precheck"}
        )
    if actor.has(PROCEDURE_MANAGE):
        items.append(
            {"url": reverse("residence:procedures"), "label": _("Verfahren"), "key": "procedures"}
        )
        items.append(
            {
                "url": reverse("residence:backlog"),
                "label": _("Bearbeitungszeiten"),
                "key": "backlog",
            }
        )
    if actor.tenant_id is not None:
        # The services directory: every user of a tenant reads it.
        items.append(
            {"url": reverse("network:directory"), "label": _("Angebote"), "key": "network"}
        )
    if actor.has(REFERRAL_RECEIVE):
        # Partners: the referrals sent to their organisation.
        items.append(
            {
                "url": reverse("referrals:inbox"),
                "label": _("Vermittlungen an uns"),
                "key": "referral_inbox",
            }
        )
    if actor.has(PERSON_MERGE):
        items.append(
            {"url": reverse("people:duplicates"), "label": _("Dubletten"), "key": "duplicates"}
        )
    if actor.has(STATISTICS_VIEW) or actor.has(CASE_MANAGE):
        items.append(
            {"url": reverse("steering:overview"), "label": _("Steuerung"), "key": "overview"}
        )
        items.append({"url": reverse("steering:barriers"), "label": _("Hürden"), "key": "barriers"})
        items.append(
            {"url": reverse("steering:issues"), "label": _("Strukturthemen"), "key": "issues"}
        )
        items.append({"url": reverse("steering:bodies"), "label": _("Gremien"), "key": "bodies"})
        items.append({"url": reverse("steering:reports"), "label": _("Berichte"), "key": "reports"})
    if actor.has(AUDIT_VIEW):
        items.append(
            {"url": reverse("core:audit"), "label": _("Zugriffsprotokoll"), "key": "audit"}
        )
    if actor.has(ADMIN_CONFIGURE):
        items.append(
            {"url": reverse("accounts:admin_users"), "label": _("Verwaltung"), "key": "admin"}
        )
    return items


def shell(request):
    actor = get_actor(getattr(request, "user", None))
    return {"actor": actor, "nav_items": navigation(actor)}

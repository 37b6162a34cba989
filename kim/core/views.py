"""Start page per role, the audit view and helpers shared by the app views."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kim.core import slots
from kim.core.actor import Actor, get_actor
from kim.core.audit import audit
from kim.core.models import AuditEvent
from kim.core.permissions import AUDIT_VIEW

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """A page of the queryset; a bad or too high page number gives the last page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("seite"))


def safe_next(request, default: str) -> str:
    """Where to go back to: a local address from the form (`next`), else the default.
    Addresses on other hosts, and http on an https site, fall back to the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


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
    ("person.view", gettext_lazy("Person angesehen")),
    ("person.search", gettext_lazy("Personensuche")),
    ("person.list", gettext_lazy("Personenliste")),
    ("person.register", gettext_lazy("Person registriert")),
    ("person.update", gettext_lazy("Person geändert")),
    ("person.merge", gettext_lazy("Personen zusammengeführt")),
    ("duplicate.list", gettext_lazy("Dublettenliste gelesen")),
    ("duplicate.dismiss", gettext_lazy("Als verschiedene Personen vermerkt")),
    ("duplicate.restore", gettext_lazy("Vermerk „kein Duplikat“ zurückgenommen")),
    ("case.view", gettext_lazy("Fall angesehen")),
    ("case.list", gettext_lazy("Fallliste")),
    ("case.open", gettext_lazy("Fall eröffnet")),
    ("case.update", gettext_lazy("Fall geändert")),
    ("case.phase", gettext_lazy("Phase gewechselt")),
    ("case.intake", gettext_lazy("Intake erfasst")),
    ("case.close", gettext_lazy("Fall abgeschlossen")),
    ("case.reopen", gettext_lazy("Fall wieder eröffnet")),
    ("case.member_add", gettext_lazy("Person zum Fall hinzugefügt")),
    ("case.member_remove", gettext_lazy("Person aus dem Fall entfernt")),
    ("handover.request", gettext_lazy("Übergabe angefragt")),
    ("handover.accept", gettext_lazy("Übergabe angenommen")),
    ("handover.decline", gettext_lazy("Übergabe abgelehnt")),
    ("handover.withdraw", gettext_lazy("Übergabe zurückgezogen")),
    ("handover.view", gettext_lazy("Übergabe angesehen")),
    ("handover.list", gettext_lazy("Übergaben gelesen")),
    ("contact.create", gettext_lazy("Kontakt erfasst")),
    ("contact.update", gettext_lazy("Kontakt geändert")),
    ("contact.list", gettext_lazy("Kontakte gelesen")),
    ("audit.view", gettext_lazy("Protokoll eingesehen")),
    ("contact.view", gettext_lazy("Kontakt angesehen")),
    ("user.create", gettext_lazy("Konto angelegt")),
    ("user.update", gettext_lazy("Konto geändert")),
    ("user.password_reset", gettext_lazy("Passwort zurückgesetzt")),
    ("user.password_change", gettext_lazy("Eigenes Passwort geändert")),
    ("membership.add", gettext_lazy("Rolle vergeben")),
    ("membership.remove", gettext_lazy("Rolle entzogen")),
    ("organisation.create", gettext_lazy("Organisation angelegt")),
    ("organisation.update", gettext_lazy("Organisation geändert")),
    ("unit.create", gettext_lazy("Einheit angelegt")),
    ("unit.update", gettext_lazy("Einheit geändert")),
    ("town.create", gettext_lazy("Ort angelegt")),
    ("town.update", gettext_lazy("Ort geändert")),
    ("district.create", gettext_lazy("Stadtteil angelegt")),
    ("district.update", gettext_lazy("Stadtteil geändert")),
    ("field.create", gettext_lazy("Handlungsfeld angelegt")),
    ("field.update", gettext_lazy("Handlungsfeld geändert")),
    ("field.move", gettext_lazy("Handlungsfeld verschoben")),
    ("targetgroup.create", gettext_lazy("Zielgruppe angelegt")),
    ("targetgroup.update", gettext_lazy("Zielgruppe geändert")),
    ("targetgroup.move", gettext_lazy("Zielgruppe verschoben")),
    ("barriercategory.create", gettext_lazy("Hürdenkategorie angelegt")),
    ("barriercategory.update", gettext_lazy("Hürdenkategorie geändert")),
    ("barriercategory.move", gettext_lazy("Hürdenkategorie verschoben")),
    ("texttemplate.create", gettext_lazy("Textbaustein angelegt")),
    ("texttemplate.update", gettext_lazy("Textbaustein geändert")),
    ("texttemplate.move", gettext_lazy("Textbaustein verschoben")),
    ("api_token.create", gettext_lazy("API-Token erstellt")),
    ("api_token.revoke", gettext_lazy("API-Token widerrufen")),
    ("household.view", gettext_lazy("Haushalt angesehen")),
    ("household.create", gettext_lazy("Haushalt angelegt")),
    ("household.add_member", gettext_lazy("Haushaltsmitglied hinzugefügt")),
    ("household.leave", gettext_lazy("Auszug erfasst")),
    ("relation.view", gettext_lazy("Beziehung angesehen")),
    ("relation.create", gettext_lazy("Beziehung erfasst")),
    ("relation.update", gettext_lazy("Beziehung geändert")),
    ("relation.remove", gettext_lazy("Beziehung entfernt")),
    ("legal_domain.view", gettext_lazy("Rechtskreise angesehen")),
    ("legal_domain.start", gettext_lazy("Rechtskreis erfasst")),
    ("legal_domain.end", gettext_lazy("Rechtskreis beendet")),
    ("legal_domain.transition", gettext_lazy("Rechtskreiswechsel erfasst")),
    ("legal_domain.correct", gettext_lazy("Rechtskreis korrigiert")),
    ("residence.view", gettext_lazy("Aufenthaltsstatus angesehen")),
    ("residence.record", gettext_lazy("Aufenthaltsstatus erfasst")),
    ("residence.correct", gettext_lazy("Aufenthaltsstatus korrigiert")),
    ("consent.view", gettext_lazy("Einwilligungen angesehen")),
    ("consent.record", gettext_lazy("Einwilligung erfasst")),
    ("consent.update", gettext_lazy("Einwilligung geändert")),
    ("consent.withdraw", gettext_lazy("Einwilligung widerrufen")),
    ("consent.download", gettext_lazy("Einwilligungsformular heruntergeladen")),
    ("followup.create", gettext_lazy("Wiedervorlage angelegt")),
    ("followup.complete", gettext_lazy("Wiedervorlage erledigt")),
    ("followup.pass_on", gettext_lazy("Wiedervorlagen an neue Fallverantwortung übergeben")),
    ("followup.generate", gettext_lazy("Wiedervorlagen erzeugt")),
    ("followup.list", gettext_lazy("Wiedervorlagen gelesen")),
    ("assessment.create", gettext_lazy("Assessment erfasst")),
    ("assessment.view", gettext_lazy("Assessment angesehen")),
    ("goal.create", gettext_lazy("Ziel angelegt")),
    ("goal.update", gettext_lazy("Ziel geändert")),
    ("goal.evaluate", gettext_lazy("Ziel bewertet")),
    ("goal.view", gettext_lazy("Ziel angesehen")),
    ("action.create", gettext_lazy("Maßnahme angelegt")),
    ("action.update", gettext_lazy("Maßnahme geändert")),
    ("action.view", gettext_lazy("Maßnahme angesehen")),
    ("barrier.flag", gettext_lazy("Hürde gemeldet")),
    ("case.summary_pdf", gettext_lazy("Fallzusammenfassung als PDF heruntergeladen")),
    ("case.summary_print", gettext_lazy("Fallzusammenfassung in der Druckansicht gelesen")),
    ("document.upload", gettext_lazy("Dokument hochgeladen")),
    ("document.list", gettext_lazy("Dokumente angesehen")),
    ("document.download", gettext_lazy("Dokument heruntergeladen")),
    ("document.delete", gettext_lazy("Dokument gelöscht")),
    ("case.share", gettext_lazy("Teile eines Falls freigegeben")),
    ("case.share_end", gettext_lazy("Freigabe beendet")),
    ("case.emergency_access", gettext_lazy("Notfallzugriff auf einen Fall")),
    ("emergency_access.list", gettext_lazy("Notfallzugriffe gelesen")),
    ("disclosure.record", gettext_lazy("Offenlegung protokolliert")),
    ("disclosure.end", gettext_lazy("Offenlegung beendet")),
    ("disclosure.view", gettext_lazy("Offenlegungsprotokoll angesehen")),
    ("disclosure.print", gettext_lazy("Offenlegungsprotokoll in der Druckansicht gelesen")),
    ("disclosure.pdf", gettext_lazy("Offenlegungsprotokoll als PDF heruntergeladen")),
    ("person.lookup", gettext_lazy("Person für ein Auskunftsersuchen gesucht")),
    ("conference.create", gettext_lazy("Fallkonferenz dokumentiert")),
    ("conference.update", gettext_lazy("Fallkonferenz geändert")),
    ("conference.view", gettext_lazy("Fallkonferenz angesehen")),
    ("service.create", gettext_lazy("Angebot angelegt")),
    ("service.update", gettext_lazy("Angebot geändert")),
    ("service.review", gettext_lazy("Angebot als geprüft vermerkt")),
    ("service.archive", gettext_lazy("Angebot archiviert")),
    ("service.restore", gettext_lazy("Angebot wiederhergestellt")),
    ("organisation.archive", gettext_lazy("Organisation archiviert")),
    ("organisation.restore", gettext_lazy("Organisation wiederhergestellt")),
    ("responsibility.create", gettext_lazy("Zuständigkeit eingetragen")),
    ("responsibility.update", gettext_lazy("Zuständigkeit geändert")),
    ("responsibility.delete", gettext_lazy("Zuständigkeit gelöscht")),
    ("directory.import", gettext_lazy("Angebote importiert")),
    ("referral.create", gettext_lazy("Vermittlung angelegt")),
    ("referral.update", gettext_lazy("Vermittlung geändert")),
    ("referral.send", gettext_lazy("Vermittlung gesendet")),
    ("referral.view", gettext_lazy("Vermittlung angesehen")),
    ("referral.list", gettext_lazy("Vermittlungen eines Falls gelesen")),
    ("referral.accepted", gettext_lazy("Vermittlung angenommen")),
    ("referral.declined", gettext_lazy("Vermittlung abgelehnt")),
    ("referral.in_progress", gettext_lazy("Erster Termin einer Vermittlung erfasst")),
    ("referral.completed", gettext_lazy("Vermittlung abgeschlossen")),
    ("referral.cancelled", gettext_lazy("Vermittlung abgebrochen")),
    ("referral.link_create", gettext_lazy("Partner-Link erstellt")),
    ("referral.link_revoke", gettext_lazy("Partner-Link widerrufen")),
    ("referral.partner_view", gettext_lazy("Vermittlung von der Partnerstelle angesehen")),
    ("referral.inbox", gettext_lazy("Eingang der Vermittlungen gelesen")),
    ("referral.link_unknown", gettext_lazy("Unbekannter Partner-Link aufgerufen")),
    ("referral.link_refused", gettext_lazy("Abgelaufener/widerrufener Partner-Link aufgerufen")),
    ("structural_issue.create", gettext_lazy("Strukturthema angelegt")),
    ("structural_issue.update", gettext_lazy("Strukturthema geändert")),
    ("structural_issue.move", gettext_lazy("Strukturthema: neuer Stand")),
    ("structural_issue.note", gettext_lazy("Notiz zu einem Strukturthema")),
    ("body.create", gettext_lazy("Gremium angelegt")),
    ("body.update", gettext_lazy("Gremium geändert")),
    ("body.member_add", gettext_lazy("Mitglied eines Gremiums eingetragen")),
    ("body.member_leave", gettext_lazy("Mitglied eines Gremiums ausgeschieden")),
    ("meeting.create", gettext_lazy("Sitzung angelegt")),
    ("meeting.update", gettext_lazy("Sitzung geändert")),
    ("meeting.agenda_add", gettext_lazy("Tagesordnungspunkt ergänzt")),
    ("meeting.agenda_record", gettext_lazy("Ergebnis/Beschluss erfasst")),
    ("meeting.task_add", gettext_lazy("Aufgabe aus einer Sitzung eingetragen")),
    ("meeting.task_done", gettext_lazy("Aufgabe aus einer Sitzung erledigt")),
    ("recommendation.create", gettext_lazy("Empfehlung angelegt")),
    ("recommendation.move", gettext_lazy("Empfehlung: neuer Stand")),
    ("reconstruction.request", gettext_lazy("Fallrekonstruktionen erbeten")),
    ("reconstruction.start", gettext_lazy("Fallrekonstruktion aus einem Fall begonnen")),
    ("reconstruction.save", gettext_lazy("Fallrekonstruktion gespeichert")),
    ("reconstruction.release", gettext_lazy("Fallrekonstruktion freigegeben")),
    ("eligibility.view", gettext_lazy("Vorprüfung einer Person gelesen")),
    ("eligibility.potential_list", gettext_lazy("Potenzialliste Einbürgerung/Bleiberecht")),
    ("procedure.open", gettext_lazy("Verfahren der Behörde begonnen")),
    ("procedure.move", gettext_lazy("Verfahren der Behörde: neuer Stand")),
    ("procedure.document", gettext_lazy("Verfahren der Behörde: Unterlage vermerkt")),
    ("procedure.view", gettext_lazy("Verfahren der Behörde angesehen")),
    ("procedure.list", gettext_lazy("Liste der Verfahren der Behörde")),
    ("procedure.appointment_create", gettext_lazy("Verfahren der Behörde: Termin eingetragen")),
    ("procedure.appointment_cancel", gettext_lazy("Verfahren der Behörde: Termin abgesagt")),
    ("procedure.letter", gettext_lazy("Verfahren der Behörde: Schreiben erstellt")),
    ("procedure.backlog_export", gettext_lazy("Bearbeitungszeiten der Behörde exportiert")),
    ("eligibility.facts_update", gettext_lazy("Angaben für die Vorprüfung gespeichert")),
    ("steering_report.create", gettext_lazy("Bericht an die Politik angelegt")),
    ("steering_report.update", gettext_lazy("Bericht an die Politik bearbeitet")),
    ("steering_report.regenerate", gettext_lazy("Bericht an die Politik neu geschrieben")),
    ("steering_report.view", gettext_lazy("Bericht an die Politik gelesen")),
    ("steering_report.export", gettext_lazy("Bericht an die Politik heruntergeladen")),
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

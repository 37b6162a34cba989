"""Permission codes. Roles are data (accounts.Role) mapping to these codes;
code checks codes, never role names."""

from django.utils.translation import gettext_lazy as _

PERSON_VIEW = "person.view"
PERSON_REGISTER = "person.register"
PERSON_CHANGE = "person.change"
PERSON_MERGE = "person.merge"
CASE_VIEW = "case.view"
CASE_OPEN = "case.open"
CASE_DOCUMENT = "case.document"
CASE_MANAGE = "case.manage"
AUDIT_VIEW = "audit.view"
ADMIN_CONFIGURE = "admin.configure"
STATISTICS_VIEW = "statistics.view"
DIRECTORY_MANAGE = "directory.manage"
REFERRAL_RECEIVE = "referral.receive"
CASE_EMERGENCY_ACCESS = "case.emergency_access"
STEERING_MANAGE = "steering.manage"
PROCEDURE_MANAGE = "procedure.manage"

PERMISSIONS = {
    PERSON_VIEW: _("Personen der Einheit sehen und suchen"),
    PERSON_REGISTER: _("Personen registrieren"),
    PERSON_CHANGE: _("Personendaten ändern"),
    PERSON_MERGE: _("Dubletten prüfen und zusammenführen"),
    CASE_VIEW: _("Fälle der Einheit sehen"),
    CASE_OPEN: _("Fälle eröffnen"),
    CASE_DOCUMENT: _("In Fällen der Einheit dokumentieren (Kontakte)"),
    CASE_MANAGE: _("Fälle der Einheit zuweisen und steuern (Teamleitung)"),
    AUDIT_VIEW: _("Zugriffsprotokoll einsehen"),
    ADMIN_CONFIGURE: _("Benutzer, Einheiten und Kataloge verwalten"),
    STATISTICS_VIEW: _("Anonymisierte Auswertungen sehen"),
    DIRECTORY_MANAGE: _("Angebotslandkarte und Zuständigkeiten pflegen"),
    REFERRAL_RECEIVE: _("Vermittlungen an die eigene Organisation empfangen und beantworten"),
    CASE_EMERGENCY_ACCESS: _("Im Notfall Fälle außerhalb der eigenen Einheiten öffnen (mit Grund)"),
    STEERING_MANAGE: _("Strukturthemen, Gremien und Berichte der Steuerung pflegen"),
    PROCEDURE_MANAGE: _("Einbürgerungs- und Bleiberechtsverfahren der Behörde führen"),
}

# The default roles of DOMAIN.md; seeded by migration, editable as data.
DEFAULT_ROLES = {
    "case_manager": (
        _("Case Manager*in"),
        [PERSON_VIEW, PERSON_REGISTER, PERSON_CHANGE, CASE_VIEW, CASE_OPEN, CASE_DOCUMENT],
    ),
    "team_lead": (
        _("Teamleitung / Fachaufsicht"),
        [
            PERSON_VIEW,
            PERSON_REGISTER,
            PERSON_CHANGE,
            PERSON_MERGE,
            CASE_VIEW,
            CASE_OPEN,
            CASE_DOCUMENT,
            CASE_MANAGE,
            CASE_EMERGENCY_ACCESS,
        ],
    ),
    "coordination": (
        _("KIM-Koordination"),
        [STATISTICS_VIEW, DIRECTORY_MANAGE, STEERING_MANAGE],
    ),
    # The authority works with the persons of its own unit and runs its procedures;
    # case data reaches it only through referrals (it receives those to its services)
    # and shares with consent.
    "authority": (
        _("Ausländer-/Einbürgerungsbehörde"),
        [PERSON_VIEW, PERSON_REGISTER, PERSON_CHANGE, PROCEDURE_MANAGE, REFERRAL_RECEIVE],
    ),
    "partner": (_("Netzwerkpartner"), [REFERRAL_RECEIVE]),
    "body_member": (_("Gremienmitglied"), []),
    "data_protection": (_("Datenschutz"), [AUDIT_VIEW]),
    "administration": (_("Administration"), [ADMIN_CONFIGURE]),
}

"""Default catalogues of case management a tenant starts with."""

# Target groups (Zielgruppen) named across NRW municipalities (DOMAIN.md):
# (code, name), in display order. Migration 0004 seeds a frozen copy.
DEFAULT_TARGET_GROUPS: list[tuple[str, str]] = [
    ("neuzugewanderte", "Neuzugewanderte"),
    ("eu", "EU-Zugewanderte"),
    ("gefluechtete", "Geflüchtete"),
    ("geduldete", "Geduldete"),
    ("fachkraefte", "Fachkräfte"),
    ("alleinerziehende", "Alleinerziehende"),
    ("umf", "unbegleitete Minderjährige"),
    ("literalitaet", "Analphabetismus / geringe Literalität"),
    ("ohne_ausbildung", "ohne Berufsausbildung"),
    ("geringe_deutschkenntnisse", "geringe Deutschkenntnisse"),
]


def seed_target_groups(tenant) -> list:
    """Create the default target groups for a tenant; existing codes are kept."""
    from kim.cases.models import TargetGroup

    groups = []
    for position, (code, name) in enumerate(DEFAULT_TARGET_GROUPS, start=1):
        group, _ = TargetGroup.objects.get_or_create(
            tenant=tenant, code=code, defaults={"name": name, "position": position}
        )
        groups.append(group)
    return groups


# Text templates (Textbausteine) for contact notes a tenant starts with; the
# administration edits them. Placeholders are plain text the case manager
# overwrites, marked with [ ].
DEFAULT_TEXT_TEMPLATES: list[tuple[str, str, str]] = [
    (
        "erstgespraech",
        "Erstgespräch",
        "Anliegen: [ ]\nAktuelle Situation: [ ]\nVereinbart: [ ]\nNächster Termin: [ ]",
    ),
    (
        "begleitung",
        "Begleitung zu einer Stelle",
        "Begleitung zu: [ ]\nErgebnis: [ ]\nOffene Punkte: [ ]",
    ),
    (
        "telefonat",
        "Telefonat",
        "Anlass des Anrufs: [ ]\nBesprochen: [ ]\nVereinbart: [ ]",
    ),
    (
        "unterlagen",
        "Unterlagen gesichtet",
        "Gesichtet: [ ]\nFehlende Unterlagen: [ ]\nFrist: [ ]",
    ),
]


def seed_text_templates(tenant) -> list:
    """Create the default text templates for a tenant; existing codes are kept."""
    from kim.cases.models import TextTemplate

    templates = []
    for position, (code, name, body) in enumerate(DEFAULT_TEXT_TEMPLATES, start=1):
        template, _ = TextTemplate.objects.get_or_create(
            tenant=tenant, code=code, defaults={"name": name, "body": body, "position": position}
        )
        templates.append(template)
    return templates


def register_catalogues() -> None:
    """Target groups and text templates in the administration (kim.core.catalogues)."""
    from django.utils.translation import gettext_lazy as _

    from kim.cases.models import TargetGroup, TextTemplate
    from kim.core.catalogues import Catalogue, register_catalogue

    register_catalogue(
        Catalogue(
            key="zielgruppen",
            model=TargetGroup,
            title=_("Zielgruppen"),
            create_label=_("Zielgruppe anlegen"),
            saved_message=_("Die Zielgruppe wurde gespeichert."),
            intro=_(
                "Zielgruppen werden bei der Aufnahme eines Falls angekreuzt und in "
                "Auswertungen gezählt. Deaktivierte Zielgruppen bleiben an bestehenden "
                "Fällen stehen, stehen aber nicht mehr zur Auswahl."
            ),
            audit_prefix="targetgroup",
            api_name="target-groups",
            code_taken=_("Dieses Kürzel hat bereits eine andere Zielgruppe."),
            order=20,
        )
    )
    register_catalogue(
        Catalogue(
            key="textbausteine",
            model=TextTemplate,
            title=_("Textbausteine"),
            create_label=_("Textbaustein anlegen"),
            saved_message=_("Der Textbaustein wurde gespeichert."),
            intro=_(
                "Textbausteine fügen Case Manager*innen beim Erfassen eines Kontakts mit "
                "einem Klick in die Notiz ein. Stellen in [ ] füllen sie aus. Keine "
                "personenbezogenen Daten in Textbausteine schreiben."
            ),
            audit_prefix="texttemplate",
            api_name="text-templates",
            code_taken=_("Dieses Kürzel hat bereits ein anderer Textbaustein."),
            order=40,
            text_field="body",
            text_label=_("Text"),
            text_help=_("Höchstens 4000 Zeichen. Platzhalter in eckigen Klammern, z. B. [ ]."),
        )
    )

"""Default catalogues a new tenant starts with.

Kept here (not in the demo generator) so that the code that creates a real
tenant can seed the same defaults.
"""

# Fields of action (Handlungsfelder) seen across NRW municipalities (DOMAIN.md):
# (code, name), in display order.
DEFAULT_FIELDS_OF_ACTION: list[tuple[str, str]] = [
    ("aufenthalt", "Aufenthalt / Aufenthaltsrecht"),
    ("sprache", "Sprache / Deutscherwerb"),
    ("bildung", "Bildung / Schule"),
    ("kita", "Kita"),
    ("arbeit", "Ausbildung / Arbeit / Anerkennung"),
    ("wohnen", "Wohnen"),
    ("gesundheit", "Gesundheit"),
    ("familie", "Familie / Kinder / Jugend"),
    ("existenz", "Existenzsicherung / Finanzen"),
    ("teilhabe", "Soziale Teilhabe / Ehrenamt"),
    ("orientierung", "Gesellschaftliche und rechtliche Erstorientierung"),
]


def seed_fields_of_action(tenant) -> list:
    """Create the default fields of action for a tenant; existing codes are kept."""
    from kim.core.models import FieldOfAction

    fields = []
    for position, (code, name) in enumerate(DEFAULT_FIELDS_OF_ACTION, start=1):
        field, _ = FieldOfAction.objects.get_or_create(
            tenant=tenant, code=code, defaults={"name": name, "position": position}
        )
        fields.append(field)
    return fields

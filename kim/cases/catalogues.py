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

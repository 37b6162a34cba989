"""Default catalogue of barrier categories a tenant starts with."""

# (code, name), in display order. Migration 0002 seeds the same list for the
# tenants that exist when it runs; keep both in step.
DEFAULT_BARRIER_CATEGORIES: list[tuple[str, str]] = [
    ("krankenversicherung", "kein Zugang zur Krankenversicherung"),
    ("wartezeit", "Wartezeit"),
    ("sprachmittlung", "keine Sprachmittlung"),
    ("nicht-zustaendig", "Stelle nicht zuständig"),
    ("unterlagen", "fehlende Unterlagen"),
    ("kita-schulplatz", "Kita-/Schulplatz fehlt"),
    ("wohnraum", "Wohnraum fehlt"),
    ("anerkennung", "Anerkennung dauert"),
    ("digital", "digitale Hürde"),
    ("diskriminierung", "Diskriminierung"),
    ("sonstiges", "sonstiges"),
]


def seed_barrier_categories(tenant) -> list:
    """Create the default barrier categories for a tenant; existing codes are kept."""
    from kim.planning.models import BarrierCategory

    categories = []
    for position, (code, name) in enumerate(DEFAULT_BARRIER_CATEGORIES, start=1):
        category, _ = BarrierCategory.objects.get_or_create(
            tenant=tenant, code=code, defaults={"name": name, "position": position}
        )
        categories.append(category)
    return categories


def register_catalogues() -> None:
    """Barrier categories in the administration (kim.core.catalogues)."""
    from django.utils.translation import gettext_lazy as _

    from kim.core.catalogues import Catalogue, register_catalogue
    from kim.planning.models import BarrierCategory

    register_catalogue(
        Catalogue(
            key="huerdenkategorien",
            model=BarrierCategory,
            title=_("Hürdenkategorien"),
            create_label=_("Hürdenkategorie anlegen"),
            saved_message=_("Die Hürdenkategorie wurde gespeichert."),
            intro=_(
                "Case Manager*innen ordnen gemeldete Hürden diesen Kategorien zu; die "
                "Koordination zählt sie je Kategorie. Deaktivierte Kategorien bleiben an "
                "gemeldeten Hürden stehen, stehen aber nicht mehr zur Auswahl."
            ),
            audit_prefix="barriercategory",
            api_name="barrier-categories",
            code_taken=_("Dieses Kürzel hat bereits eine andere Hürdenkategorie."),
            order=30,
        )
    )

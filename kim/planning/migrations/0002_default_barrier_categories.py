"""Seed the default barrier categories for every existing tenant.

The list is copied here (not imported) so that this migration keeps doing the
same thing when kim/planning/catalogues.py changes later.
"""

from django.db import migrations

CATEGORIES = [
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


def seed(apps, schema_editor):
    Tenant = apps.get_model("core", "Tenant")
    BarrierCategory = apps.get_model("planning", "BarrierCategory")
    for tenant in Tenant.objects.all():
        for position, (code, name) in enumerate(CATEGORIES, start=1):
            BarrierCategory.objects.get_or_create(
                tenant=tenant, code=code, defaults={"name": name, "position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Existing cases get their phase and a first history row; tenants get target groups."""

from django.db import migrations

# Frozen copy of kim.cases.catalogues.DEFAULT_TARGET_GROUPS at the time of this migration.
TARGET_GROUPS = [
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
BATCH = 2000


def forwards(apps, schema_editor):
    Tenant = apps.get_model("core", "Tenant")
    TargetGroup = apps.get_model("cases", "TargetGroup")
    Case = apps.get_model("cases", "Case")
    CasePhaseChange = apps.get_model("cases", "CasePhaseChange")

    for tenant in Tenant.objects.all():
        for position, (code, name) in enumerate(TARGET_GROUPS, start=1):
            TargetGroup.objects.get_or_create(
                tenant=tenant, code=code, defaults={"name": name, "position": position}
            )

    Case.objects.filter(status="closed").update(phase="closed")
    Case.objects.filter(status="open").update(phase="intake")
    rows = []
    cases = Case.objects.values_list("id", "tenant_id", "phase", "created_at").order_by("id")
    for case_id, tenant_id, phase, created_at in cases.iterator(chunk_size=BATCH):
        rows.append(
            CasePhaseChange(
                tenant_id=tenant_id,
                case_id=case_id,
                from_phase="",
                to_phase=phase,
                changed_at=created_at,
                reason="Bestand vor Einführung der Phasen",
            )
        )
        if len(rows) >= BATCH:
            CasePhaseChange.objects.bulk_create(rows)
            rows = []
    CasePhaseChange.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    apps.get_model("cases", "CasePhaseChange").objects.all().delete()
    apps.get_model("cases", "TargetGroup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_phases_intake_members_handovers_closure"),
        ("core", "0002_audit_append_only"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

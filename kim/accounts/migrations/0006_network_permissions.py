"""The network issue's permissions: the coordination maintains the directory of
services and who is responsible (`directory.manage`), partners answer referrals sent
to their organisation (`referral.receive`), team leads may open a case outside their
units in an emergency (`case.emergency_access`).

Written out rather than taken from DEFAULT_ROLES: a database whose roles were
edited keeps its edits; only the new codes are added to the roles.
"""

from django.db import migrations

GRANTS = {
    "coordination": ["directory.manage"],
    "partner": ["referral.receive"],
    "team_lead": ["case.emergency_access"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [p for p in permissions if p not in role.permissions]
            if missing:
                role.permissions = [*role.permissions, *missing]
                role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_team_lead_merges_duplicates")]
    operations = [migrations.RunPython(grant, revoke)]

"""The authority receives the referrals of the case management to its services
(`referral.receive`): the hand-over of a person who could be naturalised or get a
right to stay goes through the referral, within the person's consent.

Written out rather than taken from DEFAULT_ROLES: a database whose roles were
edited keeps its edits; only the new code is added to the role.
"""

from django.db import migrations

GRANTS = {"authority": ["referral.receive"]}


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
    dependencies = [("accounts", "0008_procedure_permission")]
    operations = [migrations.RunPython(grant, revoke)]

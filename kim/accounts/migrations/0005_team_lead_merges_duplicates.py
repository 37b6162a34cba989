"""Team leads review and merge duplicate persons (permission `person.merge`).

Written out rather than taken from DEFAULT_ROLES: a database whose roles were
edited keeps its edits; only the new code is added to the team-lead role.
"""

from django.db import migrations

CODE = "person.merge"
ROLE = "team_lead"


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code=ROLE):
        if CODE not in role.permissions:
            role.permissions = [*role.permissions, CODE]
            role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code=ROLE):
        role.permissions = [code for code in role.permissions if code != CODE]
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_followup_reminders")]
    operations = [migrations.RunPython(grant, revoke)]

from django.db import migrations

from kim.core.permissions import DEFAULT_ROLES


def seed_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, (name, permissions) in DEFAULT_ROLES.items():
        Role.objects.update_or_create(
            code=code, defaults={"name": str(name), "permissions": list(permissions)}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(seed_roles, migrations.RunPython.noop)]

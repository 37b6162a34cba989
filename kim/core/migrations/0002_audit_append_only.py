"""The database itself refuses to change audit events.

UPDATE is refused on every backend; DELETE on PostgreSQL (TRUNCATE, which test
tear-down and an operator's deliberate retention job use, is not affected).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditevent_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_auditevent_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent
FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_append_only();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

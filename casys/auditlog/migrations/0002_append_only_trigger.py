"""On PostgreSQL the database itself refuses UPDATE and DELETE on audit entries.

A role that owns the table can still disable the trigger; the hash chain is what
lets ``casys audit verify`` detect such an edit anyway.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION casys_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON auditlog_auditentry
    FOR EACH ROW EXECUTE FUNCTION casys_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON auditlog_auditentry;
DROP FUNCTION IF EXISTS casys_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

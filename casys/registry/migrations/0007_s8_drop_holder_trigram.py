"""PostgreSQL: the trigram index on ``holder_key`` goes.

Since migration 0005 every holder-name search on PostgreSQL (alone or with filters) is answered by
the word table (``services.search``), so no query uses ``registry_att_holder_trgm`` any more, while
every imported row still paid for it: a GIN entry per trigram of its key, the costliest of the
table's indexes to keep up at ingest. Going back recreates it when ``pg_trgm`` is installed.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS registry_att_holder_trgm")


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if cursor.fetchone():
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS registry_att_holder_trgm "
                    "ON registry_attestation USING gin (holder_key gin_trgm_ops)"
                )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_s8_word_table_att_word")]
    operations = [migrations.RunPython(forwards, backwards)]

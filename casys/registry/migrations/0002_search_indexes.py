"""Indexes for holder-name search, by database vendor.

- SQLite: an FTS5 table over ``holder_key`` (external content, kept in step by triggers),
  with prefix indexes, so a word-prefix query uses the full-text index.
- PostgreSQL: a ``pg_trgm`` GIN index on ``holder_key``, so ``LIKE 'word%'`` and
  ``LIKE '% word%'`` use the index. If the extension cannot be created (no privilege),
  the search still works, scanning.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE registry_attestation_fts USING fts5("
    "holder_key, content='registry_attestation', content_rowid='id', tokenize='ascii', prefix='2 3 4')",
    "CREATE TRIGGER registry_att_fts_ai AFTER INSERT ON registry_attestation BEGIN "
    "INSERT INTO registry_attestation_fts(rowid, holder_key) VALUES (new.id, new.holder_key); END",
    "CREATE TRIGGER registry_att_fts_ad AFTER DELETE ON registry_attestation BEGIN "
    "INSERT INTO registry_attestation_fts(registry_attestation_fts, rowid, holder_key) "
    "VALUES ('delete', old.id, old.holder_key); END",
    "CREATE TRIGGER registry_att_fts_au AFTER UPDATE OF holder_key ON registry_attestation BEGIN "
    "INSERT INTO registry_attestation_fts(registry_attestation_fts, rowid, holder_key) "
    "VALUES ('delete', old.id, old.holder_key); "
    "INSERT INTO registry_attestation_fts(rowid, holder_key) VALUES (new.id, new.holder_key); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS registry_att_fts_au",
    "DROP TRIGGER IF EXISTS registry_att_fts_ad",
    "DROP TRIGGER IF EXISTS registry_att_fts_ai",
    "DROP TABLE IF EXISTS registry_attestation_fts",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for sql in SQLITE_UP:
                cursor.execute(sql)
        elif conn.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            have = cursor.fetchone() is not None
            if not have:
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                row = cursor.fetchone()
                if row and row[0]:
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    have = True
            if have:
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS registry_att_holder_trgm "
                    "ON registry_attestation USING gin (holder_key gin_trgm_ops)"
                )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    conn = schema_editor.connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            for sql in SQLITE_DOWN:
                cursor.execute(sql)
        elif conn.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS registry_att_holder_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

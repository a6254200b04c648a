"""PostgreSQL: the word table's per-certificate index also carries the word.

A word-table search keeps a name once when two of its words start with the query (migration 0005's
table has a row per word): it asks, per hit, whether the same certificate has an earlier word in
the range, and whether it has a word for each other query word. With ``(attestation_id, word)``
both questions are answered from the index alone.
"""

from django.db import migrations

UP = [
    "DROP INDEX IF EXISTS registry_holder_word_att",
    "CREATE INDEX registry_holder_word_att ON registry_holder_word (attestation_id, word text_pattern_ops)",
]
DOWN = [
    "DROP INDEX IF EXISTS registry_holder_word_att",
    "CREATE INDEX registry_holder_word_att ON registry_holder_word (attestation_id)",
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for sql in UP:
                cursor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            for sql in DOWN:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_s7d_holder_words")]
    operations = [migrations.RunPython(forwards, backwards)]

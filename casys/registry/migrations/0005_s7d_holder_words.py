"""PostgreSQL: a word table of the public certificates' holder names, for prefix search.

Every word of ``holder_key`` (already transliterated and normalised by
:func:`casys.core.search_keys.name_key`, so Cyrillic, Greek and Latin spellings meet) of a public
certificate is a row ``(word, holder_key, attestation_id)``; a B-tree on
``word text_pattern_ops`` answers ``word LIKE 'gaz%'`` by an index range scan, and carrying
``holder_key`` and the id in the index lets the count and the first page be index-only scans
(no heap visit to recheck a trigram match or the ``public`` flag). Statement-level triggers with
transition tables keep it: one set-based INSERT per statement, so a bulk load pays one pass, not
one trigger call per row. SQLite keeps its FTS5 index (migration 0002).
"""

from django.db import migrations

UP = [
    "CREATE TABLE registry_holder_word ("
    " word text NOT NULL, holder_key text NOT NULL, attestation_id bigint NOT NULL)",
    "CREATE INDEX registry_holder_word_prefix"
    " ON registry_holder_word (word text_pattern_ops, holder_key, attestation_id)",
    "CREATE INDEX registry_holder_word_att ON registry_holder_word (attestation_id)",
    """CREATE FUNCTION registry_holder_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO registry_holder_word (word, holder_key, attestation_id)
  SELECT DISTINCT w, n.holder_key, n.id
  FROM new_rows n, regexp_split_to_table(n.holder_key, '[^a-z0-9]+') AS w
  WHERE n.public AND n.kind = 'certificate' AND w <> '';
  RETURN NULL;
END $$""",
    """CREATE FUNCTION registry_holder_words_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only rows whose name, publicity or kind changed (a status change leaves the words alone)
  WITH changed AS (
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.holder_key, n.public, n.kind) IS DISTINCT FROM (o.holder_key, o.public, o.kind)
  ), gone AS (
    DELETE FROM registry_holder_word w USING changed c WHERE w.attestation_id = c.id
  )
  INSERT INTO registry_holder_word (word, holder_key, attestation_id)
  SELECT DISTINCT w, n.holder_key, n.id
  FROM new_rows n JOIN changed c ON c.id = n.id,
       regexp_split_to_table(n.holder_key, '[^a-z0-9]+') AS w
  WHERE n.public AND n.kind = 'certificate' AND w <> '';
  RETURN NULL;
END $$""",
    """CREATE FUNCTION registry_holder_words_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM registry_holder_word w USING old_rows o WHERE w.attestation_id = o.id;
  RETURN NULL;
END $$""",
    """CREATE FUNCTION registry_holder_words_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE registry_holder_word;
  RETURN NULL;
END $$""",
    # TRUNCATE fires no DELETE trigger: without this, a truncated registry (a test database's flush)
    # would keep the words of rows gone, and a reused id would match the words of another holder
    "CREATE TRIGGER registry_att_words_at AFTER TRUNCATE ON registry_attestation"
    " FOR EACH STATEMENT EXECUTE FUNCTION registry_holder_words_truncate()",
    "CREATE TRIGGER registry_att_words_ai AFTER INSERT ON registry_attestation"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_holder_words_add()",
    "CREATE TRIGGER registry_att_words_au AFTER UPDATE ON registry_attestation"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
    " FOR EACH STATEMENT EXECUTE FUNCTION registry_holder_words_change()",
    "CREATE TRIGGER registry_att_words_ad AFTER DELETE ON registry_attestation"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_holder_words_drop()",
    "INSERT INTO registry_holder_word (word, holder_key, attestation_id)"
    " SELECT DISTINCT w, a.holder_key, a.id"
    " FROM registry_attestation a, regexp_split_to_table(a.holder_key, '[^a-z0-9]+') AS w"
    " WHERE a.public AND a.kind = 'certificate' AND w <> ''",
]

DOWN = [
    "DROP TRIGGER IF EXISTS registry_att_words_ai ON registry_attestation",
    "DROP TRIGGER IF EXISTS registry_att_words_au ON registry_attestation",
    "DROP TRIGGER IF EXISTS registry_att_words_ad ON registry_attestation",
    "DROP TRIGGER IF EXISTS registry_att_words_at ON registry_attestation",
    "DROP FUNCTION IF EXISTS registry_holder_words_truncate()",
    "DROP FUNCTION IF EXISTS registry_holder_words_add()",
    "DROP FUNCTION IF EXISTS registry_holder_words_change()",
    "DROP FUNCTION IF EXISTS registry_holder_words_drop()",
    "DROP TABLE IF EXISTS registry_holder_word",
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
    dependencies = [("registry", "0004_attestations_move")]
    operations = [migrations.RunPython(forwards, backwards)]

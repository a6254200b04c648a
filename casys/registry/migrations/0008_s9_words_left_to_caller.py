"""PostgreSQL: the word table's insert trigger leaves a statement's rows to the caller when asked.

The registry's streamed import (:mod:`casys.registry.services.stream`) writes the words of the rows
it copies in itself, computed beside the server, with the word table's indexes built after a large
load; it sets ``casys.holder_words`` to ``caller`` (``SET LOCAL``, for its own ``COPY`` only), and
the trigger then returns at once. Every other insert is indexed by the trigger as before.
"""

from django.db import migrations

BODY = """
  INSERT INTO registry_holder_word (word, holder_key, attestation_id)
  SELECT DISTINCT w, n.holder_key, n.id
  FROM new_rows n, regexp_split_to_table(n.holder_key, '[^a-z0-9]+') AS w
  WHERE n.public AND n.kind = 'certificate' AND w <> '';
  RETURN NULL;
END $$"""

UP = (
    "CREATE OR REPLACE FUNCTION registry_holder_words_add() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
    "  IF current_setting('casys.holder_words', true) = 'caller' THEN RETURN NULL; END IF;" + BODY
)
DOWN = (
    "CREATE OR REPLACE FUNCTION registry_holder_words_add() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN"
    + BODY
)


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_s8_drop_holder_trigram")]

    operations = [migrations.RunPython(_run(UP), _run(DOWN))]

"""Fewer indexes for a bulk import to keep up (issue 19).

- The issuer foreign key loses its own index: the unique (issuer, kind, number) and (issuer,
  status_list, status_index) indexes lead with ``issuer_id`` and answer every lookup by issuer.
- The holder foreign key's index becomes partial: only rows whose holder is a body on casys (an
  imported certificate has none, so a bulk load adds nothing to it).

Done in place, index by index: Django's ``AlterField`` of a foreign key rebuilds the whole table on
SQLite (copy, drop, rename), which would drop the FTS5 index's triggers of registry migration 0002
with the old table. The foreign keys' state changes (``db_index=False``) are state-only.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "registry_attestation"


def _fk_indexes(schema_editor, column):  # type: ignore[no-untyped-def]
    """The names of the non-unique indexes on exactly ``column`` (the foreign key's own)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return [
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]
    ]


def drop_fk_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    for column in ("issuer_id", "holder_id"):
        for name in _fk_indexes(schema_editor, column):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_fk_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    for column in ("issuer_id", "holder_id"):
        name = f"{TABLE}_{column}_s8"
        schema_editor.execute(
            f"CREATE INDEX {schema_editor.quote_name(name)} ON {TABLE} ({schema_editor.quote_name(column)})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_new_kinds_and_roles"),
        ("attestations", "0004_transparency_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="attestation",
                    name="holder",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.body",
                    ),
                ),
                migrations.AlterField(
                    model_name="attestation",
                    name="issuer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.body",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_fk_indexes, create_fk_indexes)],
        ),
        migrations.AddIndex(
            model_name="attestation",
            index=models.Index(
                condition=models.Q(("holder__isnull", False)), fields=["holder"], name="registry_att_holder"
            ),
        ),
    ]

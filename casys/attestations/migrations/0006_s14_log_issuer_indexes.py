"""The transparency log's tables lose their issuer foreign keys' own indexes (issue 19).

Each of the leaves, subtree roots and signed tree heads has a unique constraint that leads with
``issuer_id`` — (issuer, index), (issuer, level, index), (issuer, size) — and answers every lookup
by issuer, a protected body's deletion check included. The leaves' own index on ``issuer_id`` alone
cost about 14 bytes an attestation and a sort of every leaf when a bulk load builds its indexes.

Done in place, as attestations 0005: Django's ``AlterField`` of a foreign key rebuilds the whole
table on SQLite (copy, drop, rename), a long copy of a large log for no change but the index. The
foreign keys' state changes (``db_index=False``) are state-only.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLES = {
    "logleaf": "attestations_logleaf",
    "lognode": "attestations_lognode",
    "signedtreehead": "attestations_signedtreehead",
}


def _fk_indexes(schema_editor, table):  # type: ignore[no-untyped-def]
    """The names of the non-unique indexes of ``table`` on exactly ``issuer_id`` (the foreign key's own)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == ["issuer_id"]
    ]


def drop_fk_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES.values():
        for name in _fk_indexes(schema_editor, table):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create_fk_indexes(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in TABLES.values():
        name = schema_editor.quote_name(f"{table}_issuer_id_s14")
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({schema_editor.quote_name('issuer_id')})")


def _issuer() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.body"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_new_kinds_and_roles"),
        ("attestations", "0005_s8_bulk_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name=model, name="issuer", field=_issuer()) for model in TABLES
            ],
            database_operations=[migrations.RunPython(drop_fk_indexes, create_fk_indexes)],
        ),
    ]

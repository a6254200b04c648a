"""Attestation and StatusList move to the attestations layer: removed from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_number_upper_index"),
        ("attestations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="statuslist",
                    name="issuer",
                ),
                migrations.DeleteModel(
                    name="Attestation",
                ),
                migrations.DeleteModel(
                    name="StatusList",
                ),
            ],
        ),
    ]

"""The registry's Attestation and StatusList become the attestations layer's (issue 14).

State only: the tables stay as they are (``registry_attestation``, ``registry_statuslist``), with
their rows, so a database created before the move keeps every signed credential; the next
migration renames them.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.manager
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("registry", "0003_number_upper_index"),
        ("accounts", "0003_merge_0002_invitations_0002_mfa_policy"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Attestation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("issuer_slug", models.CharField(max_length=80, verbose_name="issuing body")),
                        ("issuer_name", models.CharField(max_length=300, verbose_name="issuing body name")),
                        ("number", models.CharField(max_length=120, verbose_name="certificate number")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "active"),
                                    ("suspended", "suspended"),
                                    ("withdrawn", "withdrawn"),
                                    ("expired", "expired"),
                                ],
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("holder_name", models.CharField(max_length=300, verbose_name="certified entity")),
                        (
                            "holder_name_en",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="certified entity (English)"
                            ),
                        ),
                        ("holder_key", models.CharField(max_length=700)),
                        ("holder_address", models.TextField(blank=True, verbose_name="address")),
                        ("country", models.CharField(max_length=2, verbose_name="country")),
                        ("standards", models.CharField(max_length=500, verbose_name="standards")),
                        ("iaf_codes", models.CharField(blank=True, max_length=300, verbose_name="IAF codes")),
                        ("scope", models.TextField(blank=True, verbose_name="scope")),
                        ("sites", models.JSONField(blank=True, default=list, verbose_name="sites")),
                        ("original_issue_date", models.DateField(verbose_name="original issue date")),
                        ("issue_date", models.DateField(verbose_name="issue date")),
                        ("expiry_date", models.DateField(verbose_name="expiry date")),
                        (
                            "accreditation_body",
                            models.CharField(blank=True, max_length=120, verbose_name="accreditation body"),
                        ),
                        ("public", models.BooleanField(default=True, verbose_name="public")),
                        ("status_list", models.IntegerField()),
                        ("status_index", models.IntegerField()),
                        ("credential", models.TextField()),
                        ("kid", models.CharField(max_length=64)),
                        ("history", models.JSONField(blank=True, default=list)),
                        ("source", models.CharField(default="casys", max_length=16)),
                        ("updated_at", models.DateTimeField()),
                        (
                            "issuer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.body",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "published certificate",
                        "verbose_name_plural": "published certificates",
                        "db_table": "registry_attestation",
                        "ordering": ["holder_key", "id"],
                        "base_manager_name": "all_objects",
                        "indexes": [
                            models.Index(fields=["number", "issuer_slug"], name="registry_att_number"),
                            models.Index(
                                django.db.models.functions.text.Upper("number"),
                                name="registry_att_number_upper",
                            ),
                            models.Index(fields=["-issue_date", "-id"], name="registry_att_recent"),
                            models.Index(fields=["holder_key"], name="registry_att_holder_key"),
                            models.Index(fields=["country", "status"], name="registry_att_country"),
                            models.Index(fields=["issuer_slug", "status"], name="registry_att_issuer"),
                            models.Index(fields=["accreditation_body"], name="registry_att_ab"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("issuer", "number"), name="registry_attestation_issuer_number"
                            ),
                            models.UniqueConstraint(
                                fields=("issuer", "status_list", "status_index"),
                                name="registry_attestation_status_slot",
                            ),
                        ],
                    },
                    managers=[
                        ("objects", django.db.models.manager.Manager()),
                        ("all_objects", django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name="StatusList",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("number", models.IntegerField()),
                        ("size", models.IntegerField(default=131072)),
                        ("next_index", models.IntegerField(default=0)),
                        (
                            "issuer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="accounts.body",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "registry_statuslist",
                        "base_manager_name": "all_objects",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("issuer", "number"), name="registry_status_list_unique"
                            )
                        ],
                    },
                    managers=[
                        ("objects", django.db.models.manager.Manager()),
                        ("all_objects", django.db.models.manager.Manager()),
                    ],
                ),
            ],
        ),
    ]

# The schema steps that follow the data step of 0003_master_data, in a transaction of their own:
# on PostgreSQL a table changed by a data step cannot be altered in the same transaction while its
# deferred foreign-key checks are pending ("cannot ALTER TABLE ... pending trigger events").

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0003_master_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="qualification",
            name="cert_qualification_unique",
        ),
        migrations.RemoveField(
            model_name="auditor",
            name="leader_for",
        ),
        migrations.RemoveField(
            model_name="qualification",
            name="iaf_code",
        ),
        migrations.AlterField(
            model_name="auditor",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="cert_auditors",
                to=settings.AUTH_USER_MODEL,
                verbose_name="signs in as",
            ),
        ),
        migrations.AddConstraint(
            model_name="auditor",
            constraint=models.UniqueConstraint(
                condition=models.Q(("user__isnull", False)),
                fields=("body", "user"),
                name="cert_auditor_one_per_user",
            ),
        ),
        migrations.AddField(
            model_name="address",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="addresses",
                to="certification.client",
            ),
        ),
        migrations.AddField(
            model_name="contactperson",
            name="client",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="contact_persons",
                to="certification.client",
            ),
        ),
        migrations.AddField(
            model_name="evidence",
            name="qualification",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evidence",
                to="certification.qualification",
            ),
        ),
        migrations.AddConstraint(
            model_name="contactperson",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_primary", True)), fields=("client",), name="cert_contact_one_primary"
            ),
        ),
    ]

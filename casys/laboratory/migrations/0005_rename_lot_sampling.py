"""Lot acceptance sampling (ISO 2859-1) was named "inspection"; "inspection" now means ISO/IEC 17020.

The models are renamed with their tables (RenameModel renames the table and keeps every row and
foreign key), so no data moves; the constraints get the new name too.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("laboratory", "0004_report_content"),
    ]

    operations = [
        migrations.RenameModel("InspectionScheme", "SamplingScheme"),
        migrations.RenameModel("LotInspection", "SampledLot"),
        migrations.RenameModel("InspectionResumption", "SamplingResumption"),
        migrations.RemoveConstraint(model_name="samplingscheme", name="lab_inspection_scheme_code"),
        migrations.AddConstraint(
            model_name="samplingscheme",
            constraint=models.UniqueConstraint(fields=("body", "code"), name="lab_sampling_scheme_code"),
        ),
        migrations.RemoveConstraint(model_name="samplingresumption", name="lab_inspection_resumed_once"),
        migrations.AddConstraint(
            model_name="samplingresumption",
            constraint=models.UniqueConstraint(
                fields=("scheme", "after_lots"), name="lab_sampling_resumed_once"
            ),
        ),
        migrations.AlterModelOptions(
            name="samplingscheme",
            options={
                "base_manager_name": "all_objects",
                "ordering": ["code"],
                "verbose_name": "sampling scheme",
                "verbose_name_plural": "sampling schemes",
            },
        ),
        migrations.AlterField(
            model_name="samplingscheme",
            name="body",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="sampling_schemes", to="accounts.body"
            ),
        ),
    ]

"""The mediation indicators and the monthly mediation report (Huangshi form), loaded by the
performance app's loaders (gongfa.mediation.reports.load_definitions), which check them against
the measure registry: they write through the current models, as performance's 0003 does."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.mediation.reports import load_definitions

    load_definitions()


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0002_dispute_categories"),
        ("performance", "0005_report_last_year"),  # the live loaders read the current models
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

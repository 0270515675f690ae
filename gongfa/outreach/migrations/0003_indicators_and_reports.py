"""The outreach indicators, the village advisers' evaluation scheme and the Yunnan monthly return
with its computed publicity rows (outreach.reports.load_definitions), loaded by the performance
app's loaders through the current models, as appointments' 0006 and mediation's 0003 do."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.outreach.reports import load_definitions

    load_definitions()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_seed_kinds_and_points"),
        ("performance", "0005_report_last_year"),  # the live loaders read the current models
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The hotline's indicators (热线接通率, 平均通话时长, 话务质检抽样率) over the call facts of
workorders.measures_hotline, loaded from workorders/data/hotline_indicators.json by the
performance app's loader through the current models, as outreach's 0003 does."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.workorders.measures_hotline import load_indicators

    load_indicators()


def unload(apps: Any, schema_editor: Any) -> None:
    from gongfa.workorders.measures_hotline import INDICATOR_CODES

    apps.get_model("performance", "Indicator").objects.filter(code__in=INDICATOR_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0012_quality_checklist_items"),
        ("performance", "0005_report_last_year"),  # the live loader reads the current models
    ]

    operations = [migrations.RunPython(load, unload)]

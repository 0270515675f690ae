"""平均通话时长 in minutes (it was hours with three decimals: 0.050 for a three-minute call): the
indicator is reloaded from workorders/data/hotline_indicators.json (unit, scale, decimals, its
description). Only the indicator changes; the call facts it reads are the same."""

from typing import Any

from django.db import migrations


def reload(apps: Any, schema_editor: Any) -> None:
    from gongfa.workorders.measures_hotline import load_indicators

    load_indicators()


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0015_answer_template_unique_national_title"),
        ("performance", "0006_indicator_unit_minutes"),  # the live loader reads the current models
    ]

    operations = [migrations.RunPython(reload, migrations.RunPython.noop)]

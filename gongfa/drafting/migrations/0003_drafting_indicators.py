"""Drafting's indicators (代书文书数, 代书起诉状数, 律师审核修改率) over the facts of
drafting.measures, loaded from drafting/data/indicators.json by the performance app's loader
through the current models, as the hotline's workorders 0013 does."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.drafting.measures import load_indicators

    load_indicators()


def unload(apps: Any, schema_editor: Any) -> None:
    from gongfa.drafting.measures import INDICATOR_CODES

    apps.get_model("performance", "Indicator").objects.filter(code__in=INDICATOR_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("drafting", "0002_document_drafting_service"),
        ("performance", "0006_indicator_unit_minutes"),  # the live loader reads the current models
    ]

    operations = [migrations.RunPython(load, unload)]

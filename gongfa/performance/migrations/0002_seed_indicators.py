"""Seed the first indicators (data/indicators.json); manage.py load_indicators updates them later."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
FIELDS = (
    "name",
    "category",
    "description",
    "numerator",
    "denominator",
    "scale",
    "unit",
    "decimals",
    "direction",
    "levels",
    "source_kind",
    "source_document",
    "benchmark",
    "is_public",
)


def seed(apps, schema_editor):
    Indicator = apps.get_model("performance", "Indicator")
    for order, entry in enumerate(json.loads(DATA.read_text(encoding="utf-8")), start=1):
        values = {name: entry[name] for name in FIELDS if name in entry}
        values["sort_order"] = entry.get("sort_order", order * 10)
        Indicator.objects.update_or_create(code=entry["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""The 15 dispute categories of the Huangshi monthly report (practice.md §a) as the default list."""

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "dispute_categories.json"


def load(apps: Any, schema_editor: Any) -> None:
    category = apps.get_model("mediation", "DisputeCategory")
    for order, row in enumerate(json.loads(DATA.read_text(encoding="utf-8")), start=1):
        category.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "sort_order": order * 10, "is_labour": row["is_labour"]}
        )


def unload(apps: Any, schema_editor: Any) -> None:
    codes = [row["code"] for row in json.loads(DATA.read_text(encoding="utf-8"))]
    apps.get_model("mediation", "DisputeCategory").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

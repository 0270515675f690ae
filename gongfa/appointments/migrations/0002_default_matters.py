"""The default notarial matter list (data/notarial_matters.json, marked as examples)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.appointments.matters import load_matters

    load_matters(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

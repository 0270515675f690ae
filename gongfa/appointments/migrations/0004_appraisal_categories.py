"""The default judicial-appraisal categories (appointments/appraisal_categories.py)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.appointments.appraisal_categories import load_categories

    load_categories(apps)


class Migration(migrations.Migration):
    dependencies = [("appointments", "0003_booking_notarization_appraisal")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

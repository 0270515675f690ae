"""The indicators of booking, notarization and appraisal referral (appointments.reports), and the
parts' notification rules seeded again: 0005 ran before the parts had written theirs (get_or_create,
so a rule edited in the admin since is kept)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from gongfa.appointments.reports import load_definitions

    load_definitions()


def seed(apps: Any, schema_editor: Any) -> None:
    from gongfa.appointments.subscriptions import seed as seed_rules

    seed_rules(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0005_notification_subscriptions"),
        ("performance", "0005_report_last_year"),  # the live loader reads the current models
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop), migrations.RunPython(seed, migrations.RunPython.noop)]

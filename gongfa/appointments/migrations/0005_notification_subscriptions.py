"""The default notification subscriptions of booking, notarization and appraisal referral
(appointments.subscriptions)."""

from django.db import migrations

from gongfa.appointments.subscriptions import seed, unseed


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0004_appraisal_categories"),
        ("notifications", "0007_performance_subscriptions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

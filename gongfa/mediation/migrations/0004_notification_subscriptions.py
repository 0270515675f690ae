"""Who is told of mediation events by default: escalation reports to the supervisors (第25条),
judicial-confirmation reminders to the parties and mediators (第33条), return visits due (第31条)."""

from django.db import migrations

from gongfa.mediation.subscriptions import seed, unseed


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0003_indicators_and_report"),
        ("notifications", "0007_performance_subscriptions"),
    ]

    operations = [migrations.RunPython(seed, unseed)]

"""The lists' indexes at 100,000 cases (issue #13): the open cases with what the queues filter and
sort on (partial, covering), newest first, and a mediator's current assignments."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0004_notification_subscriptions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casemediator",
            index=models.Index(
                condition=models.Q(("recused_at__isnull", True)),
                fields=["mediator", "case"],
                name="mediation_assignment_current",
            ),
        ),
        migrations.AddIndex(
            model_name="mediationcase",
            index=models.Index(
                condition=models.Q(
                    (
                        "status__in",
                        (
                            "applied",
                            "consent_pending",
                            "accepted",
                            "mediator_assigned",
                            "in_mediation",
                            "agreement_effective",
                            "jc_filed",
                            "jc_confirmed",
                            "nonperformance",
                        ),
                    )
                ),
                fields=["committee", "status"],
                include=("id", "region", "category", "registered_at", "due_on", "extended_until"),
                name="mediation_case_open",
            ),
        ),
        migrations.AddIndex(
            model_name="mediationcase",
            index=models.Index(
                fields=["registered_at", "id"], include=("committee", "region", "status"), name="mediation_case_newest"
            ),
        ),
    ]

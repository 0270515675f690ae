from django.db import migrations, models

import gongfa.core.validators


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_faq_and_question_log"),
    ]

    operations = [
        migrations.CreateModel(
            name="SafetyCue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "phrase",
                    models.CharField(
                        help_text="群众可能的说法，如“不想活了”；用 * 表示中间可隔几个字（最多 8 个），如“威胁*杀”",
                        max_length=40,
                        unique=True,
                        validators=[gongfa.core.validators.validate_plain_text],
                        verbose_name="提示词",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("harm_to_others", "想伤害他人"),
                            ("self_harm", "自伤自杀"),
                            ("domestic_violence", "家庭暴力"),
                            ("violence", "遭受暴力或性侵害"),
                            ("child_abuse", "侵害未成年人"),
                            ("elder_abuse", "虐待老人"),
                            ("threat", "受到威胁"),
                            ("confinement", "被拘禁或拐卖"),
                            ("exclude", "排除（不算危险信号）"),
                        ],
                        max_length=24,
                        verbose_name="类型",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[gongfa.core.validators.validate_plain_text],
                        verbose_name="说明",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={
                "verbose_name": "安全风险提示词",
                "verbose_name_plural": "安全风险提示词",
                "ordering": ["kind", "phrase"],
            },
        ),
        migrations.AddField(
            model_name="questionlog",
            name="safety_kinds",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="问题中出现的危险信号类型（见安全风险提示词）；转人工时工单标为紧急",
                verbose_name="安全风险",
            ),
        ),
    ]

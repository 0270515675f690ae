"""Default topic taxonomy, and on PostgreSQL the GIN index behind full-text order search."""

from django.db import migrations

from gongfa.workorders.topics import DEFAULT_TOPICS

SEARCH_INDEX = "wo_search_text_gin"


def add_topics(apps, schema_editor):
    Topic = apps.get_model("workorders", "Topic")
    for order, (code, name, keywords) in enumerate(DEFAULT_TOPICS, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "keywords": keywords, "sort_order": order * 10})


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON workorders_workorder "
            "USING gin (to_tsvector('simple', search_text))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("workorders", "0002_work_order_engine")]

    operations = [
        migrations.RunPython(add_topics, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index),
    ]

"""Seed the shipped definitions: the monthly report templates, the evaluation schemes and the site
scoring sheet (data/…/*.json, each checked by its loader, which names the file and the item of any
problem). The loaders write through the current models: these are definitions that the commands
load_report_templates, load_evaluation_schemes and load_scoring_sheets keep up to date later."""

from django.db import migrations


def seed(apps, schema_editor):
    from gongfa.performance import schemes_loader, sheets_loader, templates_loader

    templates_loader.load_all()
    schemes_loader.install_schemes()
    sheets_loader.load_all()


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_seed_indicators")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

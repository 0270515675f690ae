"""Time-limit sources say in words what the ◐ mark meant (checked only against a reprinted copy),
since the admin shows them to staff who never saw rules.md's legend (#16 item 10)."""

from django.db import migrations

# Longest first, so "◐/⚠ 条号未核实" is not half-replaced by the plain mark.
REPLACEMENTS = [
    ("◐/⚠ 条号未核实", "据转载文本，条号未核实"),
    ("（◐ 地方指南，", "（地方指南，据转载文本，"),
    ("（◐ 地方指南）", "（地方指南，据转载文本）"),
    ("，◐ 地方指南）", "，地方指南，据转载文本）"),
    ("，◐）", "，据转载文本）"),
    ("（◐）", "（据转载文本，未核对官方文本）"),
    ("◐", "据转载文本"),
]


def reword(text: str) -> str:
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    return text


def forwards(apps, schema_editor):
    SlaRule = apps.get_model("catalog", "SlaRule")
    ServiceType = apps.get_model("catalog", "ServiceType")
    for rule in SlaRule.objects.filter(source__contains="◐"):
        rule.source = reword(rule.source)[:255]
        rule.save(update_fields=["source"])
    for service in ServiceType.objects.filter(legal_basis__contains="◐"):
        service.legal_basis = reword(service.legal_basis)
        service.save(update_fields=["legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_channel_limits_and_english_text")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""Default dispatch rules: each case-type service goes to the nearest agency that handles it.

Administrators edit or switch them off; a rule whose kind of agency does not exist near an order
is skipped, and the default routing (village room → township station → county centre) applies.
"""

from django.db import migrations

DEFAULT_RULES = [
    # (priority, name, service type code, agency kind, note)
    (10, "法律援助申请交法律援助中心", "legal_aid", "legal_aid_centre", "《法律援助法》第38、43条：法律援助机构审查决定"),
    (20, "人民调解申请交人民调解委员会", "mediation", "mediation_committee", "《人民调解法》第17、18条"),
    (30, "公证事项交公证处", "notarization", "notary_office", "《公证法》第25条：向住所地等公证机构提出"),
    (40, "司法鉴定事项交司法鉴定机构", "appraisal", "appraisal_institution", "rules.md §3.7（委托鉴定，◐）"),
]


def add_rules(apps, schema_editor):
    DispatchRule = apps.get_model("workorders", "DispatchRule")
    ServiceType = apps.get_model("catalog", "ServiceType")
    for priority, name, code, kind, note in DEFAULT_RULES:
        service_type = ServiceType.objects.filter(code=code).first()
        if service_type is None or DispatchRule.objects.filter(name=name).exists():
            continue
        DispatchRule.objects.create(
            name=name, priority=priority, service_type=service_type, target_agency_kind=kind, note=note
        )


def remove_rules(apps, schema_editor):
    apps.get_model("workorders", "DispatchRule").objects.filter(name__in=[r[1] for r in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workorders", "0003_default_topics_and_search_index"),
        ("catalog", "0002_default_catalogue"),
    ]

    operations = [migrations.RunPython(add_rules, remove_rules)]

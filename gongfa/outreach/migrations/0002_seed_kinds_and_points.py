"""The platform's starting data: the kinds of adviser work (rules.md §3.8 duty list, kept as data)
and the default public-good points scheme (practice.md §c). Both are data a bureau may edit."""

from django.db import migrations

KINDS = [
    # code, name, description, fields, creates_work_order, visit, talk, default hours
    ("visit", "驻村服务", "到村(社区)值班、走访，记录驻村天数", {"days_in_village": "required", "hours": "optional"}, False, True, False, 4),
    ("lecture", "法治讲座/宣讲", "面向村(居)民的法治讲座、宪法宣讲", {"topic": "required", "audience": "required", "audience_groups": "optional", "hours": "optional"}, False, False, True, 2),
    ("consultation", "现场解答咨询", "当场解答群众法律咨询，自动生成一件已办结工单，只计一次（工单须有咨询人电话）", {"requester_name": "optional", "requester_phone": "required", "topic": "optional", "hours": "optional"}, True, False, False, 1),
    ("village_rules", "审查/起草村规民约", "审查、起草或修订村规民约、居民公约", {"document_title": "required", "hours": "optional"}, False, False, False, 2),
    ("document", "代写法律文书", "为村(居)民代写、审查合同等法律文书", {"document_title": "required", "hours": "optional"}, False, False, False, 1),
    ("mediation", "参与调解纠纷", "参与人民调解，可关联调解案件", {"mediation_case": "optional", "hours": "optional"}, False, False, False, 2),
    ("major_decision", "重大事项法律意见", "就土地征收、拆迁、环境等村级重大决策出具法律意见", {"topic": "required", "document_title": "optional", "hours": "optional"}, False, False, False, 2),
    ("wechat_group", "微信群服务", "村(居)法律顾问微信群：群成员数和解答问题数", {"group_members": "required", "questions_answered": "required", "hours": "optional"}, False, False, False, 0.5),
]

# 衢州 2020 legal-aid points scheme bands (<60 不合格, 60–70 合格, 80–90 良好, >90 优秀). The source as
# published leaves 70–80 unassigned; here 合格 runs to 80 so that every score has a band. The
# yearly minimum is the Ministry's 2019 recommendation: ≥ 50 hours or ≥ 2 legal-aid cases.
DEFAULT_SCHEME = {
    "code": "default-2019",
    "name": "公益法律服务积分（默认规则）",
    "valid_from_year": 2019,
    "source_document": "司法部《关于促进律师参与公益法律服务的意见》（2019）；衢州市法律援助积分制（2020）",
    "rules": {
        "legal_aid_case": {"per_case": 15},
        "duty_shift": {"per_hour": 1},
        "duty_help": {"per_record": 2},
        "advisor_log": {"per_hour": 1},
        "mediation": {"per_record": 3},
        "publicity_talk": {"per_record": 3},
        "typical_case": {"per_record": 5},
        "manual": {"per_hour": 1},
    },
    "bands": [
        {"band": "不合格", "min": 0, "max": 60},
        {"band": "合格", "min": 60, "max": 80},
        {"band": "良好", "min": 80, "max": 90},
        {"band": "优秀", "min": 90, "max": None},
    ],
    "minimum_hours": 50,
    "minimum_legal_aid_cases": 2,
    "max_points": 100,
}


def seed(apps, schema_editor):
    WorkLogKind = apps.get_model("outreach", "WorkLogKind")
    PointsScheme = apps.get_model("outreach", "PointsScheme")
    for order, (code, name, description, fields, creates, visit, talk, hours) in enumerate(KINDS):
        WorkLogKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "fields": fields,
                "creates_work_order": creates,
                "counts_as_visit": visit,
                "counts_as_talk": talk,
                "default_hours": hours,
                "order": order * 10,
            },
        )
    scheme = dict(DEFAULT_SCHEME)
    PointsScheme.objects.update_or_create(code=scheme.pop("code"), defaults=scheme)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

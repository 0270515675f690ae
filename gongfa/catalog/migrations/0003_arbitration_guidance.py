"""仲裁指引 in the catalogue (issue #14 item 5): the centres guide citizens to arbitration, labour and
commercial; they do not arbitrate. Every article cited was checked against the imported statute
corpus (《劳动争议调解仲裁法》第5、14、27、29、43、53条; 《仲裁法》第4条).

The content is copied here on purpose (a data migration must not import code that may change)."""

import datetime

from django.db import migrations

ARBITRATION = {
    "code": "arbitration",
    "name": "仲裁指引",
    "sort_order": 55,
    "handling_kind": "answer",
    "summary": "告诉您劳动争议、合同纠纷能不能仲裁、向哪个仲裁委员会申请、要准备什么、有什么期限。",
    "audience": "与用人单位发生劳动人事争议的劳动者，以及订有仲裁协议的合同当事人。",
    "content": "\n".join(
        [
            "劳动争议：不愿调解、调解不成或者达成调解协议后不履行的，可以向劳动人事争议仲裁委员会申请仲裁；"
            "向调解组织申请调解十五日内未达成协议的，也可以申请仲裁。劳动争议仲裁不收费。",
            "劳动争议申请仲裁的时效为一年，从知道或者应当知道权利被侵害之日起计算；仲裁委员会收到申请五日内决定是否受理，"
            "一般在受理后四十五日内作出裁决，复杂的可以延长不超过十五日。",
            "合同等民商事纠纷：须有仲裁协议（合同中的仲裁条款或者单独的协议）才能申请仲裁，向协议选定的仲裁委员会申请；"
            "没有仲裁协议的，可以向人民法院起诉。",
            "我们帮您判断走哪条路、找到当地的仲裁委员会、准备仲裁申请书；农民工讨薪、工伤等可以申请法律援助。",
        ]
    ),
    "channels": ["portal", "hotline", "window", "village_room"],
    "required_materials": "\n".join(
        [
            "身份证件",
            "劳动争议：劳动合同、工资条、考勤记录、解除劳动关系通知等",
            "合同纠纷：合同及其中的仲裁条款或者仲裁协议",
        ]
    ),
    "legal_basis": "\n".join(
        [
            "《中华人民共和国劳动争议调解仲裁法》第5条：可以向劳动争议仲裁委员会申请仲裁",
            "《中华人民共和国劳动争议调解仲裁法》第14条：调解申请十五日内未达成协议的，可以申请仲裁",
            "《中华人民共和国劳动争议调解仲裁法》第27条：仲裁时效期间为一年",
            "《中华人民共和国劳动争议调解仲裁法》第29条：五日内决定是否受理",
            "《中华人民共和国劳动争议调解仲裁法》第43条：四十五日内结束，延期不超过十五日",
            "《中华人民共和国劳动争议调解仲裁法》第53条：劳动争议仲裁不收费",
            "《中华人民共和国仲裁法》第4条：没有仲裁协议的，仲裁机构不予受理",
        ]
    ),
    "fee": "指引免费；劳动争议仲裁不收费；商事仲裁按仲裁委员会收费标准。",
}


# A guidance request is answered like a consultation (the same local guides, ◐).
SLA_RULES = [
    ("accept", 24, "hours", "配置：同法律咨询，受理（签收）不晚于答复时限（rules.md §4，◐ 地方指南）", ""),
    ("first_contact", 24, "hours", "同法律咨询：网上留言24小时内答复（rules.md §4/§6，◐ 地方指南）", ""),
    (
        "resolve",
        7,
        "working_days",
        "同法律咨询：7个工作日内答复（rules.md §4/§6 svc.letter_reply_working_days，◐ 地方指南）",
        "一般在 7 个工作日内答复",
    ),
]
SINCE = datetime.date(2000, 1, 1)


def add(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    SlaRule = apps.get_model("catalog", "SlaRule")
    values = dict(ARBITRATION)
    service_type, _ = ServiceType.objects.get_or_create(code=values.pop("code"), defaults=values)
    for stage, amount, unit, source, public_text in SLA_RULES:
        SlaRule.objects.get_or_create(
            service_type=service_type,
            stage=stage,
            region=None,
            effective_from=SINCE,
            defaults={"amount": amount, "unit": unit, "source": source, "public_text": public_text},
        )


def remove(apps, schema_editor):
    apps.get_model("catalog", "ServiceType").objects.filter(code="arbitration").delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_default_catalogue")]

    operations = [migrations.RunPython(add, remove)]

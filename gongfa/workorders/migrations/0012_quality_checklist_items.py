"""The shipped hotline quality-inspection checklist (质检评分项). A bureau edits it in the admin;
past inspections keep the items as they were."""

from django.db import migrations

ITEMS = [
    ("greeting", "规范开头语，报工号", "接通后使用规范用语并报出工号", 5),
    ("listening", "耐心倾听，准确归纳诉求", "不打断来电人，复述确认诉求要点", 15),
    ("identity", "核实并登记联系方式", "登记姓名、电话；来电人不愿提供的如实记录", 10),
    ("legal_accuracy", "法律依据准确", "解答所依据的法律法规现行有效、条文引用正确", 25),
    ("legal_aid_notice", "告知法律援助权利", "符合条件的，告知申请法律援助的权利和条件（《法律援助法》第23条）", 10),
    ("clarity", "答复清楚易懂，告知下一步", "用群众听得懂的话说明办理途径、所需材料和时限", 15),
    ("order_record", "工单记录完整", "需要后续办理的登记工单，内容与通话一致", 10),
    ("attitude", "服务态度", "语气平和，不推诿、不与来电人争执", 5),
    ("closing", "规范结束语", "询问是否还有其他问题，礼貌结束通话", 5),
]


def seed(apps, schema_editor):
    Item = apps.get_model("workorders", "QualityChecklistItem")
    for order, (code, text, guidance, points) in enumerate(ITEMS, start=1):
        Item.objects.update_or_create(
            code=code, defaults={"text": text, "guidance": guidance, "max_points": points, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("workorders", "QualityChecklistItem").objects.filter(code__in=[i[0] for i in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("workorders", "0011_hotline_calls_external_updates_answer_templates")]
    operations = [migrations.RunPython(seed, unseed)]

"""文书代书 as a service of the catalogue: a citizen's request for a lawyer to review a draft is a
work order of this service, with its deadline."""

from django.db import migrations

SINCE = "2025-01-01"
SERVICE = {
    "code": "document_drafting",
    "name": "文书代书",
    "sort_order": 65,
    "handling_kind": "answer",
    "summary": "按法院的要素式示范文本，一步一步帮您写起诉状、答辩状、劳动仲裁申请书、借条、离婚协议书、人民调解申请书，可以请律师审核。",
    "audience": "需要写法律文书、自己不会写或者写不好的群众。",
    "content": "\n".join(
        [
            "网上自己填写，或者到公共法律服务中心、工作站、村（居）法律服务室由工作人员帮您填写。",
            "生成 Word 和 PDF 两种文件，Word 可以继续修改。",
            "可以申请律师审核，律师修改后的版本会保留，原来的版本也在。",
        ]
    ),
    "channels": ["portal", "window", "village_room"],
    "required_materials": "身份证；借条、合同、转账记录、聊天记录等证据材料（填写时对照）",
    "legal_basis": "《中华人民共和国民事诉讼法》第一百二十四条：起诉状应当记明的事项",
    "fee": "免费",
    "name_en": "Document drafting",
    "summary_en": (
        "Step by step, we help you write a civil complaint or defence in the courts' element-style form, a labour "
        "arbitration application, an IOU, a divorce agreement or a people's mediation application; a lawyer can "
        "review it."
    ),
    "audience_en": "Anyone who needs a legal document and cannot write it, or not well.",
    "content_en": "\n".join(
        [
            "Fill it in online yourself, or with the staff of a public legal service centre, station or village room.",
            "You get a Word file and a PDF; the Word file can still be edited.",
            "You can ask a lawyer to review it; the lawyer's version is kept beside the earlier ones.",
        ]
    ),
    "required_materials_en": "Your ID card; the IOU, contract, transfer records, chat records and other evidence (to refer to)",
    "legal_basis_en": "Civil Procedure Law, Article 124: what a complaint must state",
    "fee_en": "Free",
}
RULES = [
    (
        "resolve",
        5,
        "working_days",
        "配置（⚠ 法律未规定）：律师审核代书文书 5 个工作日内完成",
        "一般在 5 个工作日内审核完",
        "Usually reviewed within 5 working days",
    ),
]


def create(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    SlaRule = apps.get_model("catalog", "SlaRule")
    values = dict(SERVICE)
    code = values.pop("code")
    service, _ = ServiceType.objects.get_or_create(code=code, defaults=values)
    for stage, amount, unit, source, text, text_en in RULES:
        SlaRule.objects.get_or_create(
            service_type=service,
            stage=stage,
            region=None,
            effective_from=SINCE,
            defaults={
                "amount": amount,
                "unit": unit,
                "source": source,
                "public_text": text,
                "public_text_en": text_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("drafting", "0001_initial"),
        ("catalog", "0006_sources_say_secondary_in_words"),
    ]

    # Going back leaves the catalogue entry (data, created by get_or_create again going forward):
    # deleting it there would have to collect every historical model that refers to a service.
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

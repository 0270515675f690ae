"""Issue #16: one list of special groups, the representative who applies (第40条), and the
provider's own document kinds.

- priority_groups (a list of legal aid's own codes) becomes special_groups, the work orders' bit
  flags (gongfa.core.choices.SpecialGroup): military → 军人军属, veteran → 退役军人, elderly → 老年人,
  disabled → 残疾人, woman → 妇女, minor → 未成年人. Reverse: back to the codes (a group the old list
  did not have — 农民工, 困难群众, 下岗失业人员 — has no code and is dropped).
- agent_relation, free text until now, takes the 第40条 relations; text that names one is mapped to
  its code, anything else is left as written (shown as is). Reverse: the code's label.
- New: the applicant's capacity, the representative's ID number and phone (encrypted)."""

from django.db import migrations, models

import gongfa.core.fields
import gongfa.core.validators

BATCH_SIZE = 500

# Legal aid's old priority codes → SpecialGroup flags (values, not imports: a migration is frozen).
PRIORITY_TO_FLAG = {"military": 16, "veteran": 128, "elderly": 1, "disabled": 2, "woman": 32, "minor": 4}
FLAG_TO_PRIORITY = {flag: code for code, flag in PRIORITY_TO_FLAG.items()}
RELATION_LABELS = {
    "guardian": "监护人（法定代理人）",
    "other_guardian": "其他法定代理人（法定代理人侵害其合法权益）",
    "close_relative": "近亲属",
}
CLOSE_RELATIVE_WORDS = ("近亲属", "配偶", "丈夫", "外公", "外婆", *"父母爸妈妻儿女子兄弟姐妹祖孙")


def flags_of(codes):
    """The old priority codes as one mask; unknown codes are dropped."""
    mask = 0
    for code in codes or []:
        mask |= PRIORITY_TO_FLAG.get(str(code), 0)
    return mask


def codes_of(mask):
    """A mask as the old priority codes, in flag order; flags without a code are dropped."""
    return [FLAG_TO_PRIORITY[flag] for flag in sorted(FLAG_TO_PRIORITY) if mask & flag]


def relation_code(text):
    """Free text of the old relation field → a 第40条 relation code, or the text unchanged."""
    written = (text or "").strip()
    if not written or written in RELATION_LABELS:
        return written
    for code, label in RELATION_LABELS.items():
        if written == label:
            return code
    if "法定代理" in written or "监护" in written:
        return "other_guardian" if "其他" in written else "guardian"
    if any(word in written for word in CLOSE_RELATIVE_WORDS):
        return "close_relative"
    return text


def _batches(queryset):
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk).order_by("pk")[:BATCH_SIZE])
        if not batch:
            return
        last_pk = batch[-1].pk
        yield batch


def forward(apps, schema_editor):
    application_model = apps.get_model("legalaid", "LegalAidApplication")
    rows = application_model.objects.only("pk", "priority_groups", "agent_relation")
    for batch in _batches(rows):
        for row in batch:
            mask = flags_of(row.priority_groups)
            relation = relation_code(row.agent_relation)
            if mask or relation != row.agent_relation:
                application_model.objects.filter(pk=row.pk).update(special_groups=mask, agent_relation=relation)


def backward(apps, schema_editor):
    application_model = apps.get_model("legalaid", "LegalAidApplication")
    rows = application_model.objects.only("pk", "special_groups", "agent_relation")
    for batch in _batches(rows):
        for row in batch:
            codes = codes_of(row.special_groups)
            relation = RELATION_LABELS.get(row.agent_relation, row.agent_relation)
            if codes or relation != row.agent_relation:
                application_model.objects.filter(pk=row.pk).update(priority_groups=codes, agent_relation=relation)


class Migration(migrations.Migration):
    dependencies = [
        ("legalaid", "0007_encrypt_identity_documents_on_disk"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalaidapplication",
            name="special_groups",
            field=models.PositiveIntegerField(default=0, verbose_name="特殊群体"),
        ),
        migrations.AddField(
            model_name="legalaidapplication",
            name="agent_id_number",
            field=gongfa.core.fields.EncryptedCharField(
                blank=True,
                max_length=18,
                validators=[gongfa.core.validators.validate_id_number],
                verbose_name="代为申请人身份证号",
            ),
        ),
        migrations.AddField(
            model_name="legalaidapplication",
            name="agent_phone",
            field=gongfa.core.fields.EncryptedCharField(blank=True, max_length=20, verbose_name="代为申请人联系电话"),
        ),
        migrations.AddField(
            model_name="legalaidapplication",
            name="applicant_capacity",
            field=models.CharField(
                choices=[("full", "完全民事行为能力"), ("limited", "限制民事行为能力"), ("none", "无民事行为能力")],
                default="full",
                max_length=8,
                verbose_name="申请人民事行为能力",
            ),
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.RemoveField(
            model_name="legalaidapplication",
            name="priority_groups",
        ),
        migrations.AlterField(
            model_name="legalaidapplication",
            name="agent_name",
            field=models.CharField(blank=True, max_length=64, verbose_name="代为申请人"),
        ),
        migrations.AlterField(
            model_name="legalaidapplication",
            name="agent_relation",
            field=models.CharField(
                blank=True,
                choices=[
                    ("guardian", "监护人（法定代理人）"),
                    ("other_guardian", "其他法定代理人（法定代理人侵害其合法权益）"),
                    ("close_relative", "近亲属"),
                ],
                max_length=32,
                verbose_name="与申请人关系",
            ),
        ),
        migrations.AlterField(
            model_name="material",
            name="kind",
            field=models.CharField(
                choices=[
                    ("application_form", "法律援助申请表（或口头申请记录）"),
                    ("identity", "身份证件"),
                    ("agent_authority", "代理权限证明"),
                    ("hardship_statement", "经济困难状况说明表"),
                    ("credit_commitment", "诚信承诺书及核查授权书"),
                    ("exempt_proof", "免予核查群体证明"),
                    ("case_materials", "案件相关材料"),
                    ("other", "其他材料"),
                    ("judgment", "判决书"),
                    ("ruling", "裁定书"),
                    ("mediation_statement", "调解书"),
                    ("complaint", "起诉状"),
                    ("defence_statement", "答辩状"),
                    ("representation_statement", "代理词"),
                ],
                max_length=24,
                verbose_name="材料类别",
            ),
        ),
    ]

"""Forms of the guided legal-aid application (法律援助网上申请). Each step asks only what the
answers so far make necessary; every question says in plain words why it is asked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from gongfa.core.choices import SpecialGroup
from gongfa.core.forms import Form
from gongfa.legalaid.choices import (
    APPLICATION_MATERIAL_KINDS,
    AgentRelation,
    Capacity,
    ExemptGroup,
    MaterialKind,
    MatterCondition,
    VerificationMethod,
)
from gongfa.legalaid.eligibility import MatterRule
from gongfa.network.models import Region
from gongfa.portal.forms import village_choices

YES_NO = [("no", gettext_lazy("没有")), ("yes", gettext_lazy("有"))]

# Plain-words groups for the matter picker (the catalogue itself is data).
MATTER_GROUPS = (
    (
        gettext_lazy("工作与收入"),
        ("labour_pay", "labour_relation", "work_injury", "social_insurance_assistance", "pension"),
    ),
    (gettext_lazy("家庭"), ("support_payment", "abuse_violence_victim", "civil_capacity")),
    (gettext_lazy("受到伤害"), ("traffic_injury", "medical_injury", "food_drug_injury", "environmental_damage")),
    (gettext_lazy("刑事案件"), ("criminal_defence", "criminal_victim")),
    (
        gettext_lazy("其他"),
        ("state_compensation", "retrial", "retrial_acquittal_compensation", "hero_martyr_relative", "bravery"),
    ),
)


def matter_choices(matters: list[MatterRule]) -> list[tuple[str, Any]]:
    by_code = {m.code: m for m in matters}
    groups: list[tuple[str, Any]] = [("", gettext("请选择"))]
    listed: set[str] = set()
    for label, codes in MATTER_GROUPS:
        options = [(code, by_code[code].name) for code in codes if code in by_code]
        listed.update(code for code, _ in options)
        if options:
            groups.append((str(label), options))
    regional = [(m.code, m.name) for m in matters if m.code not in listed]
    if regional:
        groups.append((gettext("本地规定的其他事项"), regional))
    return groups


class StartForm(Form):
    village = forms.ChoiceField(
        label=gettext_lazy("您所在的村(社区)"),
        help_text=gettext_lazy("我们会把申请交给负责您所在地的法律援助中心。"),
        error_messages={
            "required": gettext_lazy("请选择您所在的村(社区)。"),
            "invalid_choice": gettext_lazy("找不到该村(社区)，请重新选择。"),
        },
    )
    matter_code = forms.ChoiceField(
        label=gettext_lazy("您需要法律援助办什么事？"),
        help_text=gettext_lazy("选最接近的一项。不确定的，可以先拨打12348问一问。"),
        error_messages={
            "required": gettext_lazy("请选择申请事项。"),
            "invalid_choice": gettext_lazy("请从列表中选择申请事项。"),
        },
    )

    def __init__(self, *args: Any, county: Region, matters: list[MatterRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        matter = self.fields["matter_code"]
        assert isinstance(village, forms.ChoiceField)
        assert isinstance(matter, forms.ChoiceField)
        village.choices = village_choices(county)
        matter.choices = matter_choices(matters)


class FactsForm(Form):
    applicant_name = forms.CharField(
        label=gettext_lazy("申请人姓名"),
        help_text=gettext_lazy("法律援助须实名申请，请填写与身份证一致的姓名。"),
        max_length=64,
        error_messages={"required": gettext_lazy("请填写申请人姓名。")},
    )
    id_number = forms.CharField(
        label=gettext_lazy("申请人身份证号"),
        help_text=gettext_lazy("18位，最后一位可能是X。只用于核实身份，页面和通知上会隐去部分数字。"),
        max_length=18,
        error_messages={"required": gettext_lazy("请填写申请人身份证号。")},
    )
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        help_text=gettext_lazy("审查人员会用这个号码联系您，也会用它发短信通知进展。"),
        max_length=20,
        error_messages={"required": gettext_lazy("请填写联系电话。")},
    )
    opponent_name = forms.CharField(
        label=gettext_lazy("对方是谁？"),
        help_text=gettext_lazy("例如欠您工资的公司或老板的名字。我们要确认指派的律师和对方没有利益关系。"),
        max_length=128,
        required=False,
    )
    facts = forms.CharField(
        label=gettext_lazy("发生了什么事？"),
        help_text=gettext_lazy("用自己的话说清楚经过，以及您希望得到什么帮助。"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        error_messages={"required": gettext_lazy("请简要说明发生了什么。")},
    )
    applicant_capacity = forms.ChoiceField(
        label=gettext_lazy("申请人能不能自己办事？"),
        help_text=(
            gettext_lazy(
                "未成年人，或者因为精神、智力原因不能完全辨认自己行为的人，由监护人等法定代理人替他申请"
                "（《法律援助法》第四十条）。"
            )
        ),
        choices=[
            (Capacity.FULL.value, gettext_lazy("能，申请人是完全民事行为能力人")),
            (Capacity.LIMITED.value, gettext_lazy("不完全能（限制民事行为能力人，如8周岁以上的未成年人）")),
            (Capacity.NONE.value, gettext_lazy("不能（无民事行为能力人，如不满8周岁的儿童）")),
        ],
        initial=Capacity.FULL.value,
        widget=forms.RadioSelect,
        required=False,  # not answered: the applicant applies in person, with full capacity
    )
    agent_name = forms.CharField(
        label=gettext_lazy("替别人申请时，您的姓名"),
        help_text=gettext_lazy("本人申请的不用填。替不能自己申请的家人申请时填写（《法律援助法》第四十条）。"),
        max_length=64,
        required=False,
    )
    agent_relation = forms.ChoiceField(
        label=gettext_lazy("您和申请人的关系"),
        choices=[("", gettext_lazy("请选择")), *AgentRelation.choices],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("请从列表中选择关系。")},
    )
    agent_id_number = forms.CharField(
        label=gettext_lazy("您的身份证号"),
        help_text=gettext_lazy("替别人申请时填写。通知上只显示部分数字。"),
        max_length=18,
        required=False,
    )
    agent_phone = forms.CharField(label=gettext_lazy("您的手机号码"), max_length=20, required=False)


class ConditionsForm(Form):
    """Only the questions this matter needs (rules.md §1.4)."""

    has_agent = forms.ChoiceField(
        label=gettext_lazy("您现在有没有请律师或者其他代理人？"),
        help_text=gettext_lazy("已经请了律师的，一般不再提供法律援助。"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择有没有请律师。")},
    )

    def __init__(self, *args: Any, matter: MatterRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if matter.requires_retrial_started:
            self.fields["retrial_started"] = forms.ChoiceField(
                label=gettext("法院是否已经决定再审，或者检察院已经提出抗诉？"),
                help_text=gettext(
                    "申诉、再审案件，要在法院决定再审或者检察院抗诉以后才能申请（《法律援助法》第三十三条）。"
                ),
                choices=[("no", gettext("还没有")), ("yes", gettext("已经决定再审或者已抗诉"))],
                widget=forms.RadioSelect,
                error_messages={"required": gettext("请选择。")},
            )
        if matter.other_reasons_review:
            self.fields["other_reasons"] = forms.CharField(
                label=gettext("没有请辩护人，除了经济困难，还有别的原因吗？"),
                help_text=gettext("可以不填。有其他原因的，审查人员会一并考虑（《法律援助法》第二十四条）。"),
                max_length=255,
                required=False,
            )
        if matter.condition == MatterCondition.MEANS_TESTED and matter.exempt_groups:
            choices = [(g.value, g.label) for g in ExemptGroup if g.value in matter.exempt_groups]
            self.fields["exempt_group"] = forms.ChoiceField(
                label=gettext("您属于下面哪一种情况吗？"),
                help_text=gettext("属于的，提供证明后不用再核查经济状况（《法律援助法》第四十二条）。"),
                choices=[*choices, ("", gettext("都不是"))],
                widget=forms.RadioSelect,
                required=False,
            )
        self.fields["special_groups"] = forms.TypedMultipleChoiceField(
            label=gettext("您是否属于以下人员？（可多选，可不选）"),
            help_text=gettext("军人军属、退役军人、老年人、残疾人、未成年人的申请走绿色通道，优先办理。"),
            choices=SpecialGroup.choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["home_visit_requested"] = forms.BooleanField(
            label=gettext("行动不便，需要工作人员上门服务"), required=False
        )


class IncomeForm(Form):
    """Asked only for means-tested matters without an exempt group (rules.md §1.5)."""

    household_size = forms.IntegerField(
        label=gettext_lazy("和您一起生活的家里人一共几口人（含您自己）？"),
        help_text=gettext_lazy("用来算家庭人均收入。"),
        min_value=1,
        max_value=30,
        error_messages={
            "required": gettext_lazy("请填写家庭人口数。"),
            "min_value": gettext_lazy("家庭人口数至少是 1（您自己）。"),
            "invalid": gettext_lazy("家庭人口数请填整数。"),
        },
    )
    household_monthly_income = forms.DecimalField(
        label=gettext_lazy("全家每月收入合计（元）"),
        help_text=gettext_lazy("工资、养老金、经营收入等加在一起，按近几个月的平均数填写。"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "required": gettext_lazy("请填写全家每月收入。"),
            "min_value": gettext_lazy("收入不能是负数。"),
            "invalid": gettext_lazy("收入请填数字。"),
        },
    )
    verification = forms.ChoiceField(
        label=gettext_lazy("经济状况怎么核实？"),
        help_text=gettext_lazy(
            "可以如实填写说明表，也可以作出个人诚信承诺，由法律援助机构核查（《法律援助法》第四十一条）。"
        ),
        choices=[
            (VerificationMethod.STATEMENT.value, gettext_lazy("填写经济困难状况说明表")),
            (VerificationMethod.CREDIT_COMMITMENT.value, gettext_lazy("作出个人诚信承诺，同意核查")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("请选择核实方式。")},
    )

    def __init__(self, *args: Any, matter: MatterRule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if matter.individual_income_when_opponent_co_resident:
            self.fields["opponent_co_resident"] = forms.BooleanField(
                label=gettext("对方和您住在一起、是一家人"),
                help_text=gettext("是的话，只算您本人的收入。"),
                required=False,
            )
            self.fields["applicant_monthly_income"] = forms.DecimalField(
                label=gettext("您本人每月收入（元）"),
                min_value=0,
                max_digits=12,
                decimal_places=2,
                required=False,
                error_messages={"min_value": gettext("收入不能是负数。"), "invalid": gettext("收入请填数字。")},
            )


class MaterialForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("这是什么材料？"),
        choices=[
            ("", gettext_lazy("请选择")),
            *[(kind, MaterialKind(kind).label) for kind in APPLICATION_MATERIAL_KINDS],
        ],
        error_messages={"required": gettext_lazy("请选择材料类别。")},
    )
    file = forms.FileField(
        label=gettext_lazy("选择文件"),
        help_text=gettext_lazy("PDF、JPG 或 PNG，每个不超过 10 MB。可以用手机拍照上传。"),
        error_messages={"required": gettext_lazy("请选择要上传的文件。"), "empty": gettext_lazy("上传的文件是空的。")},
    )


class ObjectionForm(Form):
    reason = forms.CharField(
        label=gettext_lazy("您不同意的理由"),
        help_text=gettext_lazy("司法局会在收到后五日内审查（《法律援助法》第四十九条）。"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": gettext_lazy("请写明异议理由。")},
    )

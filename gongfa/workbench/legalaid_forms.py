"""Forms of the legal-aid pages of the workbench. They check shape only; the rules (who, when,
what is required) are the services', so optional fields here show the service's own message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.legalaid.choices import (
    APPLICATION_MATERIAL_KINDS,
    PROVIDER_DOCUMENT_KINDS,
    MaterialKind,
    TerminationGround,
)


class LegalAidActionForm(Form):
    mark_optional = False


class NoInputForm(LegalAidActionForm):
    """Actions without input (start review, sign engagement)."""


class ReasonsForm(LegalAidActionForm):
    reasons = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(LegalAidActionForm):
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(LegalAidActionForm):
    """Staff recording a withdrawal on the applicant's behalf (代为撤回) must say why."""

    reason = forms.CharField(
        label=_("代为撤回的原因"),
        max_length=500,
        help_text=_("申请人何时、以何种方式提出撤回（如：3月1日来电要求撤回）"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class UrgentForm(LegalAidActionForm):
    urgent_reason = forms.CharField(
        label=_("紧急情形"),
        required=False,
        help_text=_("如：距仲裁时效届满不足七日；须立即申请财产保全（《法律援助法》第四十四条）"),
    )


class SupplementForm(LegalAidActionForm):
    """One notice listing every missing item (一次性告知): tick each and say what exactly is needed."""

    due_days = forms.IntegerField(
        label=_("补充期限（日）"),
        required=False,
        min_value=1,
        max_value=90,
        error_messages={"invalid": _("期限请填整数。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in [(k, MaterialKind(k).label) for k in APPLICATION_MATERIAL_KINDS]:
            self.fields[f"item_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"note_{kind}"] = forms.CharField(
                label=gettext("{label}：具体说明").format(label=label), required=False, max_length=255
            )

    def items(self) -> list[dict[str, str]]:
        return self.items_of(self.cleaned_data)

    @staticmethod
    def items_of(data: dict[str, Any]) -> list[dict[str, str]]:
        """The ticked items with their notes, from what the form could clean."""
        return [
            {"kind": kind, "note": data.get(f"note_{kind}", "")}
            for kind in APPLICATION_MATERIAL_KINDS
            if data.get(f"item_{kind}")
        ]


class AssignForm(LegalAidActionForm):
    provider = forms.TypedChoiceField(
        label=_("承办人员"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("不选则按轮换（当前在办案件最少者优先）指派"),
    )
    chosen_by_applicant = forms.BooleanField(label=_("受援人从公示名册中选择（点援）"), required=False)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.TypedChoiceField)
        provider.choices = [("", gettext("按轮换自动指派")), *candidates]


class ReplaceForm(AssignForm):
    grounds = forms.CharField(label=_("更换理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(LegalAidActionForm):
    ground = forms.ChoiceField(
        label=_("终止事由"), choices=[("", _("请选择")), *TerminationGround.choices], required=False
    )
    reasons = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(LegalAidActionForm):
    text = forms.CharField(label=_("办案进展"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visible_to_applicant = forms.BooleanField(label=_("受援人可见"), required=False, initial=True)


class ClosingReportForm(LegalAidActionForm):
    report = forms.CharField(label=_("结案报告"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class CloseForm(LegalAidActionForm):
    subsidy_amount = forms.CharField(label=_("办案补贴（元）"), required=False, max_length=20)


def document_kind_choices() -> list[tuple[str, Any]]:
    """The provider's own documents first (承办文书: 判决书、裁定书 …), then the application materials."""
    labels = dict(MaterialKind.choices)
    return [
        (gettext("承办文书"), [(kind, labels[kind]) for kind in PROVIDER_DOCUMENT_KINDS]),
        (gettext("申请材料"), [(kind, labels[kind]) for kind in APPLICATION_MATERIAL_KINDS]),
    ]


class DocumentForm(LegalAidActionForm):
    kind = forms.ChoiceField(label=_("材料类别"), choices=document_kind_choices)
    file = forms.FileField(label=_("文件（PDF、JPG、PNG）"), required=False)


class ObjectionDecisionForm(LegalAidActionForm):
    uphold = forms.TypedChoiceField(
        label=_("审查结果"),
        choices=[("yes", _("维持原决定")), ("no", _("责令改正"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审查结果。")},
    )
    decision = forms.CharField(label=_("审查意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StaffApplicationForm(Form):
    """Window / station / advisor entry on the applicant's behalf, an oral application record, or
    an application forwarded by a custody site or a duty lawyer (rules.md §1.3, §1.7)."""

    mark_optional = False

    intake_channel = forms.ChoiceField(label=_("申请方式"), choices=[])
    forwarded_by = forms.CharField(label=_("转交单位（看守所、监狱、值班律师工作站）"), required=False, max_length=128)
    requested_at = forms.DateTimeField(
        label=_("当事人提出申请的时间（转交时填写）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("时间格式不正确。")},
    )
    region = forms.ChoiceField(label=_("申请人所在地"), error_messages={"required": _("请选择申请人所在地。")})
    applicant_name = forms.CharField(label=_("申请人姓名"), required=False, max_length=64)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18)
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    address = forms.CharField(label=_("住址"), required=False, max_length=255)
    applicant_capacity = forms.ChoiceField(label=_("申请人民事行为能力"), required=False)
    agent_name = forms.CharField(label=_("代为申请人姓名（第40条）"), required=False, max_length=64)
    agent_relation = forms.ChoiceField(label=_("代为申请人与申请人的关系"), required=False)
    agent_id_number = forms.CharField(label=_("代为申请人身份证号"), required=False, max_length=18)
    agent_phone = forms.CharField(label=_("代为申请人联系电话"), required=False, max_length=20)
    matter_code = forms.ChoiceField(label=_("申请事项"), required=False)
    opponent_name = forms.CharField(label=_("对方当事人"), required=False, max_length=128)
    facts = forms.CharField(
        label=_("案情及申请理由（口头申请的，如实记录）"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    has_agent = forms.BooleanField(label=_("已委托代理人或辩护人"), required=False)
    exempt_group = forms.ChoiceField(label=_("免予核查群体（第42条）"), required=False)
    household_size = forms.CharField(label=_("共同生活家庭人口"), required=False, max_length=4)
    household_monthly_income = forms.CharField(label=_("家庭月收入（元）"), required=False, max_length=14)
    verification = forms.ChoiceField(label=_("经济困难核查方式"), required=False)
    special_groups = forms.TypedMultipleChoiceField(
        label=_("特殊群体（优先办理）"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    home_visit_requested = forms.BooleanField(label=_("申请上门服务"), required=False)

    def __init__(self, *args: Any, regions: Any, matters: Any, **kwargs: Any) -> None:
        from gongfa.core.choices import SpecialGroup
        from gongfa.legalaid.choices import AgentRelation, Capacity, ExemptGroup, IntakeChannel, VerificationMethod
        from gongfa.legalaid.eligibility import OUTSIDE_CATALOGUE, OUTSIDE_CATALOGUE_NAME

        super().__init__(*args, **kwargs)
        self._set("intake_channel", [c for c in IntakeChannel.choices if c[0] != IntakeChannel.PORTAL])
        self._set("region", [("", gettext("请选择")), *regions])
        # A matter outside the catalogue is still decided in writing (第43条): refused, the catalogue named.
        outside = (
            gettext("目录以外"),
            [
                (
                    OUTSIDE_CATALOGUE,
                    gettext("{OUTSIDE_CATALOGUE_NAME}（依法决定不予法律援助）").format(
                        OUTSIDE_CATALOGUE_NAME=OUTSIDE_CATALOGUE_NAME
                    ),
                )
            ],
        )
        self._set("matter_code", [*matters, outside])
        self._set("exempt_group", [("", gettext("不属于")), *ExemptGroup.choices])
        self._set("verification", [("", "—"), *VerificationMethod.choices])
        self._set("special_groups", SpecialGroup.choices)
        self._set("applicant_capacity", Capacity.choices)
        self._set("agent_relation", [("", "—"), *AgentRelation.choices])

    def _set(self, name: str, choices: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def data_for_service(self) -> dict[str, Any]:
        keys = [
            "applicant_name",
            "id_number",
            "phone",
            "address",
            "applicant_capacity",
            "agent_name",
            "agent_relation",
            "agent_id_number",
            "agent_phone",
            "matter_code",
            "opponent_name",
            "facts",
            "has_agent",
            "exempt_group",
            "household_size",
            "household_monthly_income",
            "verification",
            "special_groups",
            "home_visit_requested",
        ]
        data = {key: self.cleaned_data.get(key) for key in keys}
        for key in ("household_size", "household_monthly_income"):
            data[key] = (data[key] or "").strip() or None
        return data


class NoticeForm(Form):
    """A notice of defence or representation from a court, procuratorate or police (通知辩护/代理)."""

    mark_optional = False

    organ = forms.ChoiceField(label=_("通知机关类别"), choices=[])
    organ_name = forms.CharField(label=_("通知机关名称"), required=False, max_length=128)
    organ_phone = forms.CharField(label=_("通知机关联系电话"), required=False, max_length=20)
    defendant_name = forms.CharField(label=_("犯罪嫌疑人、被告人（或被申请人）姓名"), required=False, max_length=64)
    id_number = forms.CharField(label=_("身份证号"), required=False, max_length=18)
    grounds = forms.MultipleChoiceField(
        label=_("通知理由"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    facts = forms.CharField(label=_("案由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    has_defender = forms.BooleanField(label=_("已有辩护人"), required=False)
    region = forms.ChoiceField(label=_("办案机关所在地"), error_messages={"required": _("请选择办案机关所在地。")})

    def __init__(self, *args: Any, regions: Any, **kwargs: Any) -> None:
        from gongfa.legalaid.choices import NotifiedGround, NotifyingOrgan

        super().__init__(*args, **kwargs)
        organ = self.fields["organ"]
        grounds = self.fields["grounds"]
        region = self.fields["region"]
        assert isinstance(organ, forms.ChoiceField)
        assert isinstance(grounds, forms.MultipleChoiceField)
        assert isinstance(region, forms.ChoiceField)
        organ.choices = NotifyingOrgan.choices
        grounds.choices = NotifiedGround.choices
        region.choices = [("", gettext("请选择")), *regions]


class ReturnVisitForm(LegalAidActionForm):
    """回访受援人 (《法律援助法》第59条)."""

    method = forms.ChoiceField(
        label=_("回访方式"), choices=[("phone", _("电话回访")), ("home", _("上门回访")), ("online", _("网上回访"))]
    )
    satisfied = forms.TypedChoiceField(
        label=_("受援人是否满意"),
        choices=[("yes", _("满意")), ("no", _("不满意"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择受援人是否满意。")},
    )
    opinion = forms.CharField(label=_("受援人意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    issues = forms.CharField(
        label=_("反映的问题（不满意时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QualityReviewForm(LegalAidActionForm):
    """办案质量评查: one score per checklist item (the checklist is data)."""

    comments = forms.CharField(
        label=_("评查意见（不合格时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongfa.legalaid.services.quality import checklist

        super().__init__(*args, **kwargs)
        sheet = checklist()
        for item in sheet.items:
            self.fields[f"score_{item.code}"] = forms.IntegerField(
                label=gettext("{label}（满分 {max}）").format(label=item.label, max=item.max),
                help_text=item.basis,
                required=False,
                min_value=0,
                max_value=item.max,
                error_messages={
                    "invalid": gettext("请填整数分。"),
                    "min_value": gettext("分数不能为负。"),
                    "max_value": gettext("不能超过 {max} 分。").format(max=item.max),
                },
            )
        self.order_fields([*(f"score_{item.code}" for item in sheet.items), "comments"])

    def scores(self) -> dict[str, Any]:
        return {
            name.removeprefix("score_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("score_") and value is not None
        }


class DutyLogForm(Form):
    """值班律师法律帮助登记 (rules.md §1.15, §5.4)."""

    mark_optional = False

    station = forms.CharField(label=_("值班地点（看守所、法院、检察院）"), required=False, max_length=128)
    duty_lawyer = forms.TypedChoiceField(label=_("值班律师"), coerce=int, required=False, empty_value=None)
    person_name = forms.CharField(label=_("犯罪嫌疑人、被告人姓名"), required=False, max_length=64)
    id_number = forms.CharField(label=_("身份证号（可不填）"), required=False, max_length=18)
    requested_at = forms.DateTimeField(
        label=_("提出求助的时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("时间格式不正确。")},
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, lawyers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["duty_lawyer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", gettext("请选择")), *lawyers]


class DutyHelpForm(LegalAidActionForm):
    kinds = forms.MultipleChoiceField(
        label=_("帮助内容"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    plea_presence = forms.BooleanField(label=_("认罪认罚具结书签署时在场（《刑事诉讼法》第174条）"), required=False)
    notes = forms.CharField(
        label=_("帮助情况（提出意见的须写明）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongfa.legalaid.choices import DutyHelpKind

        super().__init__(*args, **kwargs)
        field = self.fields["kinds"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = DutyHelpKind.choices


class DutyForwardForm(StaffApplicationForm):
    """转交法律援助申请 from the duty lawyer (第39条第2款: within 24 hours)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("intake_channel", "forwarded_by", "requested_at"):
            del self.fields[name]


class PeerSampleForm(Form):
    """同行评估抽样: draw a share of an agency's cases closed in a period."""

    mark_optional = False

    agency = forms.TypedChoiceField(label=_("法律援助机构"), coerce=int, error_messages={"required": _("请选择机构。")})
    start = forms.DateField(label=_("结案日期自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("结案日期至"), widget=forms.DateInput(attrs={"type": "date"}))
    percent = forms.CharField(label=_("抽查比例（%）"), max_length=6, initial="10")

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = agencies


class PeerReviewerForm(Form):
    mark_optional = False

    reviewer = forms.TypedChoiceField(
        label=_("同行评估人"), coerce=int, error_messages={"required": _("请选择评估人。")}
    )

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", gettext("请选择")), *reviewers]

"""The case page's action forms (案件办理). Values the services parse and check themselves (dates
and amounts typed as text, free text) are passed through, so the service names every problem in one
round; choices of rows (parties, mediators, visits) are offered from the case itself."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.mediation.choices import (
    ApplicationForm,
    CaseSource,
    ConsentDecision,
    CourtDecision,
    DocumentKind,
    EscalationRisk,
    NonAcceptanceReason,
    PartyKind,
    PartySide,
    Performance,
    RecusalBasis,
    Satisfaction,
    SessionMode,
)
from gongfa.mediation.services.handling import ATTACHMENT_KINDS

Choices = Sequence[tuple[Any, Label]]
BLANK: list[tuple[str, Label]] = [("", gettext_lazy("请选择"))]
STAFF_METHODS = [
    ("in_person", gettext_lazy("当面表示")),
    ("phone", gettext_lazy("电话表示")),
    ("written", gettext_lazy("书面答复")),
]
THEN_CHOICES = [("remediate", gettext_lazy("经双方同意重新调解")), ("refer", gettext_lazy("告知向人民法院起诉"))]


def _optional(field: forms.Field, optional: bool) -> forms.Field:
    """Every field is optional to Django (the service says what is missing, all at once); the label
    says （选填） only where the service does not require it either (core.forms.shows_optional)."""
    field.optional = optional  # type: ignore[attr-defined]
    return field


def _choice(label: Label, choices: Choices, *, help_text: Label = "", optional: bool = False) -> forms.ChoiceField:
    field = forms.ChoiceField(label=label, choices=[*BLANK, *choices], required=False, help_text=help_text)
    _optional(field, optional)
    return field


def _text(
    label: Label, *, max_length: int = 5000, rows: int = 4, help_text: Label = "", optional: bool = False
) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )
    _optional(field, optional)
    return field


def _line(
    label: Label, *, max_length: int = 255, help_text: Label = "", input_type: str = "text", optional: bool = False
) -> forms.CharField:
    field = forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": input_type}),
    )
    _optional(field, optional)
    return field


class ActionForm(Form):
    """A case action's form: no （选填） but on the fields declared optional. A row choice named in
    `preselect` (the one visit due, the committee's only mediator) comes chosen when it has only
    one option: the user still confirms by submitting."""

    mark_optional = False
    preselect: tuple[str, ...] = ()

    def preselect_single_options(self) -> None:
        if self.is_bound:
            return
        for name in self.preselect:
            field = self.fields.get(name)
            options = [value for value, _ in getattr(field, "choices", ()) if value != ""]
            if len(options) == 1:
                self.initial.setdefault(name, options[0])


class EmptyForm(ActionForm):
    """An action with nothing to fill in (受理、开始调解、定稿、盖章、归档…)."""


class RecordConsentForm(ActionForm):
    """第17条: the other party's answer, given in person, by phone or in writing."""

    def __init__(self, *args: Any, parties: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _choice(gettext("当事人"), parties)
        self.fields["decision"] = _choice(
            gettext("答复"),
            [(ConsentDecision.CONSENTED, gettext("同意调解")), (ConsentDecision.REFUSED, gettext("拒绝调解"))],
        )
        self.fields["method"] = _choice(gettext("答复方式"), STAFF_METHODS)
        self.fields["answered_by_name"] = _line(
            gettext("答复人姓名"), max_length=64, help_text=gettext("当事人本人或其代理人")
        )


class PartyForm(ActionForm):
    """A further party before acceptance: the respondent of a case converted from a work order, or
    another party on either side (ID number and phone are stored encrypted)."""

    side = _choice(gettext_lazy("当事人地位"), PartySide.choices)
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"), choices=PartyKind.choices, required=False, initial=PartyKind.PERSON
    )
    name = _line(gettext_lazy("姓名或名称"), max_length=128)
    id_number = _line(gettext_lazy("身份证号"), max_length=18, help_text=gettext_lazy("自然人填写"), optional=True)
    phone = _line(gettext_lazy("联系电话"), max_length=20, input_type="tel")
    address = _line(gettext_lazy("住址"), optional=True)
    representative_name = _line(gettext_lazy("代理人或法定代表人"), max_length=64, optional=True)


class CategoryForm(ActionForm):
    """更正纠纷类型: the 15 categories of the statistics (practice.md §a)."""

    def __init__(self, *args: Any, categories: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = _choice(gettext("纠纷类型"), categories)
        self.fields["reason"] = _line(gettext("更正说明"), max_length=200, optional=True)


class RefuseAcceptanceForm(ActionForm):
    reason = _choice(gettext_lazy("不予受理理由"), NonAcceptanceReason.choices)
    redirect_to = _line(gettext_lazy("告知途径"), max_length=200, help_text=gettext_lazy("应向哪个机关或人民法院申请"))


class AssignForm(ActionForm):
    """第19条: designated by the committee or chosen by the parties; only the committee's active
    mediators are offered."""

    preselect = ("presiding",)

    def __init__(self, *args: Any, mediators: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presiding"] = _choice(gettext("主持调解员"), mediators)
        self.fields["assisting"] = forms.MultipleChoiceField(
            label=gettext("参与调解员"), choices=list(mediators), required=False, widget=forms.CheckboxSelectMultiple
        )
        self.fields["chosen_by_parties"] = forms.BooleanField(label=gettext("由当事人选定"), required=False)
        self.preselect_single_options()


class AddMediatorForm(ActionForm):
    def __init__(self, *args: Any, mediators: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"] = _choice(gettext("调解员"), mediators)
        self.fields["chosen_by_parties"] = forms.BooleanField(label=gettext("由当事人选定"), required=False)


class RecuseForm(ActionForm):
    """第23条第(一)项: a party may ask a mediator to step aside; the mediator may declare it."""

    def __init__(self, *args: Any, current: Choices = (), mediators: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_mediator"] = _choice(gettext("回避的调解员"), current)
        self.fields["basis"] = _choice(gettext("回避方式"), RecusalBasis.choices)
        self.fields["reason"] = _line(gettext("回避理由"))
        self.fields["replacement"] = _choice(
            gettext("更换为"), mediators, help_text=gettext("主持调解员回避时须指定接替人")
        )


class SessionForm(ActionForm):
    """A session's record (调解记录, 第27条), phone-first: date and time, mode, place or video link,
    who attended, what was said, and an attachment."""

    held_at = forms.DateTimeField(
        label=gettext_lazy("调解时间"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = _choice(gettext_lazy("调解方式"), SessionMode.choices)
    place = _line(gettext_lazy("调解地点"), max_length=200, help_text=gettext_lazy("现场调解时填写"))
    video_link = _line(
        gettext_lazy("视频链接"), max_length=200, help_text=gettext_lazy("视频调解时填写"), input_type="url"
    )
    attendees = _text(
        gettext_lazy("参加人员"), rows=2, help_text=gettext_lazy("当事人、调解员及经当事人同意邀请参加的人员（第20条）")
    )
    record = _text(gettext_lazy("调解记录"), rows=6, max_length=20000)
    is_public = forms.BooleanField(label=gettext_lazy("公开调解"), required=False)
    attachment_kind = _choice(
        gettext_lazy("附件种类"),
        [(k.value, k.label) for k in ATTACHMENT_KINDS],
        optional=True,
    )
    attachment = _optional(forms.FileField(label=gettext_lazy("附件"), required=False), True)


class ExtendForm(ActionForm):
    until = forms.DateField(
        label=gettext_lazy("延长至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = _line(gettext_lazy("延长理由"))
    consent_of_all = forms.BooleanField(label=gettext_lazy("双方当事人均同意延长"), required=False)


class EscalationForm(ActionForm):
    """第25条: a risk of escalation is reported, with what was done to prevent it."""

    risk = _choice(gettext_lazy("风险"), EscalationRisk.choices)
    description = _text(gettext_lazy("情况及已采取的预防措施"))
    people = _line(gettext_lazy("涉及人数"), max_length=8, input_type="number")


class ResolveEscalationForm(ActionForm):
    preselect = ("report",)

    def __init__(self, *args: Any, reports: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"] = _choice(gettext("风险报告"), reports)
        self.fields["prevented_criminal"] = forms.BooleanField(label=gettext("防止民转刑"), required=False)
        self.fields["criminal_people"] = _line(gettext("防止民转刑涉及人数"), max_length=8, input_type="number")
        self.fields["prevented_group_petition"] = forms.BooleanField(label=gettext("防止群体性上访"), required=False)
        self.fields["group_petition_people"] = _line(
            gettext("防止群体性上访涉及人数"), max_length=8, input_type="number"
        )
        self.preselect_single_options()


class ConsultationForm(ActionForm):
    question = _text(gettext_lazy("会诊事项"))
    experts = _line(gettext_lazy("拟请专家"), help_text=gettext_lazy("可不填，由调委会安排"), optional=True)


class AnswerConsultationForm(ActionForm):
    preselect = ("consultation",)

    def __init__(self, *args: Any, consultations: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultation"] = _choice(gettext("会诊申请"), consultations)
        self.fields["experts"] = _line(gettext("会诊专家"))
        self.fields["opinion"] = _text(gettext("会诊意见"))
        self.preselect_single_options()


class TerminateForm(ActionForm):
    """第23条第(二)项: a party may ask to stop at any time."""

    def __init__(self, *args: Any, parties: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _choice(gettext("要求终止的当事人"), parties)
        self.fields["reason"] = _line(gettext("终止理由"))


class ReasonForm(ActionForm):
    reason = _line(gettext_lazy("理由"))


class AgreementDraftForm(ActionForm):
    """第29条: the parties, the facts and responsibility, what was agreed and how, where and when it
    is to be performed."""

    parties_text = _text(gettext_lazy("当事人基本情况"), rows=3)
    facts_and_responsibility = _text(gettext_lazy("纠纷主要事实、争议事项及各方责任"))
    terms = _text(gettext_lazy("协议内容"))
    performance_method = _line(gettext_lazy("履行方式"), max_length=200)
    performance_place = _line(gettext_lazy("履行地点"), max_length=200)
    performance_deadline = _line(
        gettext_lazy("履行期限"), max_length=20, help_text=gettext_lazy("年-月-日"), input_type="date"
    )
    amount = _line(
        gettext_lazy("协议涉及金额（元）"), max_length=20, help_text=gettext_lazy("不涉及金额的不填"), optional=True
    )


class PaperSignatureForm(ActionForm):
    def __init__(self, *args: Any, parties: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party"] = _choice(gettext("签名（捺印）的当事人"), parties)


class OralAgreementForm(ActionForm):
    """第28、30条: an oral agreement, its content recorded by the mediator."""

    content = _text(gettext_lazy("口头协议内容"))
    amount = _line(
        gettext_lazy("协议涉及金额（元）"), max_length=20, help_text=gettext_lazy("不涉及金额的不填"), optional=True
    )
    has_performance_obligation = forms.BooleanField(label=gettext_lazy("协议有履行义务"), required=False)


class FileConfirmationForm(ActionForm):
    """第33条: both parties apply to the court within 30 days of the agreement's effect."""

    court = _line(gettext_lazy("受理法院"), max_length=128)
    filed_on = _line(gettext_lazy("申请日期"), max_length=20, help_text=gettext_lazy("年-月-日"), input_type="date")
    joint = forms.BooleanField(label=gettext_lazy("双方当事人共同申请"), required=False, initial=True)


class CourtDecisionForm(ActionForm):
    decision = _choice(
        gettext_lazy("裁定结果"),
        [
            (CourtDecision.CONFIRMED, gettext_lazy("裁定协议有效")),
            (CourtDecision.REJECTED, gettext_lazy("裁定驳回申请")),
        ],
    )
    decided_on = _line(gettext_lazy("裁定日期"), max_length=20, help_text=gettext_lazy("年-月-日"), input_type="date")
    court_reference = _line(gettext_lazy("法院案号"), max_length=64, optional=True)
    then = _choice(gettext_lazy("驳回后"), THEN_CHOICES)
    reason = _line(gettext_lazy("说明"))


class ReturnVisitForm(ActionForm):
    """第31条: the return visit on performance and satisfaction."""

    preselect = ("visit",)

    def __init__(self, *args: Any, visits: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["visit"] = _choice(gettext("回访"), visits)
        self.fields["performance"] = _choice(gettext("履行情况"), Performance.choices)
        self.fields["satisfaction"] = _choice(gettext("满意程度"), Satisfaction.choices)
        self.fields["note"] = _text(gettext("回访记录"), rows=3)
        self.preselect_single_options()


class FeedbackForm(ActionForm):
    content = _text(gettext_lazy("反馈内容"), help_text=gettext_lazy("向移送（委托、指定）单位反馈调解结果"))


class DocumentForm(ActionForm):
    kind = _choice(gettext_lazy("文书种类"), DocumentKind.choices)
    title = _line(gettext_lazy("标题"), max_length=128)
    file = forms.FileField(label=gettext_lazy("文件"), required=False)


class QueueFilterForm(ActionForm):
    """The case lists' filters (状态、纠纷类型); wrong values are named, not ignored."""

    def __init__(self, *args: Any, statuses: Choices = (), categories: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label=gettext("状态"), choices=[("", gettext("全部")), *statuses], required=False
        )
        self.fields["category"] = forms.ChoiceField(
            label=gettext("纠纷类型"), choices=[("", gettext("全部")), *categories], required=False
        )


class RegisterForm(ActionForm):
    """登记 (第17–18条): the dispute, where it happened, its source, one applicant and one respondent
    (further parties are added on the case page before acceptance)."""

    def __init__(
        self, *args: Any, committees: Choices = (), categories: Choices = (), channels: Choices = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"] = _choice(gettext("受理调委会"), committees)
        self.fields["region_code"] = _line(
            gettext("纠纷发生地（区划代码）"), max_length=12, help_text=gettext("村（社区）或乡镇的12位区划代码")
        )
        self.fields["category"] = _choice(gettext("纠纷类型"), categories)
        self.fields["source"] = _choice(gettext("案件来源"), CaseSource.choices)
        self.fields["application_form"] = _choice(gettext("申请形式"), ApplicationForm.choices)
        self.fields["intake_channel"] = _choice(gettext("登记渠道"), channels)
        self.fields["sender_name"] = _line(
            gettext("移送（委托、指定）单位"), max_length=128, help_text=gettext("公安、法院或政府部门移送的填写")
        )
        self.fields["sender_reference"] = _line(gettext("来文编号"), max_length=64, optional=True)
        self.fields["summary"] = _line(gettext("纠纷简要"), max_length=200)
        self.fields["facts"] = _text(gettext("纠纷事实"))
        self.fields["claims"] = _text(gettext("当事人请求"), rows=3, optional=True)
        self.fields["amount_in_dispute"] = _line(gettext("争议金额（元）"), max_length=20, optional=True)
        for side, label in (("applicant", gettext("申请人")), ("respondent", gettext("被申请人"))):
            self.fields[f"{side}_name"] = _line(gettext("{label}姓名或名称").format(label=label), max_length=128)
            self.fields[f"{side}_id_number"] = _line(gettext("{label}身份证号").format(label=label), max_length=18)
            self.fields[f"{side}_phone"] = _line(
                gettext("{label}联系电话").format(label=label), max_length=20, input_type="tel"
            )
            self.fields[f"{side}_address"] = _line(gettext("{label}住址").format(label=label), optional=True)

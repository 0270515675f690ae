"""Forms of the workbench's notarization pages (公证案件): the queue's filters, registering an
application, and one small form per action on the case page. They collect what was typed; the
services decide and name every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.appointments.choices import (
    FeeWaiver,
    NonAcceptanceGround,
    NotarizationStatus,
    RefusalGround,
    ReviewOutcome,
    ReviewRequester,
    TerminationGround,
)
from gongfa.appointments.models import Booking, MatterMaterial, NotarialMatter
from gongfa.core.forms import Form
from gongfa.network.models import Agency

PLEASE = ("", _("请选择"))


def _choices(field: forms.Field, choices: Sequence[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class ServiceForm(Form):
    """Every field is optional to Django: the service decides what is required; only the truly
    optional ones say （选填）."""

    mark_optional = False


def _optional(form: forms.Form, *names: str) -> None:
    for name in names:
        form.fields[name].required = False
        form.fields[name].optional = True  # type: ignore[attr-defined]  # shown as （选填）


class QueueFilterForm(Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("办理中（全部未办结）")), *NotarizationStatus.choices, ("all", _("全部（含已办结）"))],
    )
    matter = forms.ChoiceField(label=_("公证事项"), required=False)
    notary = forms.ChoiceField(label=_("承办公证员"), required=False)
    mine = forms.BooleanField(label=_("只看我承办的"), required=False)

    def __init__(self, *args: Any, matters: Sequence[NotarialMatter], notaries: Sequence[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices(self.fields["matter"], [("", gettext("全部")), *((str(m.pk), str(m)) for m in matters)])
        _choices(self.fields["notary"], [("", gettext("全部")), *((str(n.pk), n.display_name) for n in notaries)])


class StartForm(ServiceForm):
    """登记申请 step one (GET): the office, a booking of today (optional) or the matter."""

    office = forms.ChoiceField(label=_("公证处"), required=False)
    booking = forms.ChoiceField(label=_("今日预约"), required=False)
    matter = forms.ChoiceField(label=_("公证事项"), required=False)

    def __init__(
        self,
        *args: Any,
        offices: Sequence[Agency],
        bookings: Sequence[Booking],
        matters: Sequence[NotarialMatter],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["office"], [(str(o.pk), o.name) for o in offices])
        if len(offices) <= 1:
            self.fields["office"].widget = forms.HiddenInput()
        _optional(self, "booking")
        _choices(
            self.fields["booking"],
            [
                ("", gettext("无预约（直接来办）")),
                *(
                    (
                        b.number,
                        f"{b.starts_at:%H:%M} {b.masked_name} {b.matter.name if b.matter else ''}"
                        f"（{b.get_status_display()}）",
                    )
                    for b in bookings
                ),
            ],
        )
        _choices(self.fields["matter"], [PLEASE, *((str(m.pk), str(m)) for m in matters)])


class ApplyForm(ServiceForm):
    """登记申请 step two (POST): the applicant and the materials, checked against the matter's list."""

    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=128, required=False)
    applicant_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    applicant_id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    agent_name = forms.CharField(
        label=_("代理人姓名"),
        max_length=64,
        required=False,
        help_text=_("委托他人代为申请时填写（遗嘱等须本人办理）。"),
    )
    purpose = forms.CharField(
        label=_("用途"), max_length=128, required=False, help_text=_("如：出国留学、办理房产过户")
    )
    destination = forms.CharField(label=_("使用地（国家或地区）"), max_length=64, required=False)
    materials_provided = forms.MultipleChoiceField(
        label=_("已提供的材料"), required=False, widget=forms.CheckboxSelectMultiple
    )
    materials_by_commitment = forms.MultipleChoiceField(
        label=_("以书面承诺代替的材料（告知承诺）"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, materials: Sequence[MatterMaterial], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(str(m.pk), m.name + ("" if m.required else gettext("（按实际情况提供）"))) for m in materials]
        _choices(self.fields["materials_provided"], options)
        _choices(self.fields["materials_by_commitment"], options)
        _optional(self, "applicant_id_number", "agent_name", "purpose", "destination")

    def ids(self, name: str) -> list[int]:
        return [int(value) for value in self.cleaned_data.get(name) or []]


# ---------------------------------------------------------------------------------------------
# One form per action


class EmptyForm(ServiceForm):
    pass


class AcceptForm(ServiceForm):
    notary = forms.ChoiceField(label=_("承办公证员"), required=False)
    legal_meaning_notice_signed = forms.BooleanField(
        label=_("已告知法律意义和可能产生的法律后果，申请人已签署告知笔录"), required=False
    )
    national_system_entered = forms.BooleanField(label=_("已录入全国公证管理系统"), required=False)
    fee_waiver = forms.ChoiceField(label=_("减免"), required=False, choices=[("", _("不减免")), *FeeWaiver.choices])
    fee_waived_yuan = forms.DecimalField(
        label=_("减免金额（元）"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("法律援助受援人全额免收，不必填写。"),
    )

    def __init__(self, *args: Any, notaries: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["notary"], [PLEASE, *((str(n.pk), n.display_name) for n in notaries)])
        _optional(self, "fee_waiver", "fee_waived_yuan")


class DeclineForm(ServiceForm):
    ground = forms.ChoiceField(
        label=_("不予受理的理由"), required=False, choices=[PLEASE, *NonAcceptanceGround.choices]
    )
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    competent_office = forms.ChoiceField(label=_("有管辖权的公证机构（本平台）"), required=False)
    competent_office_name = forms.CharField(label=_("有管辖权的公证机构（其他地区）"), max_length=128, required=False)

    def __init__(self, *args: Any, offices: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["competent_office"], [PLEASE, *((str(o.pk), o.name) for o in offices)])
        _optional(self, "competent_office", "competent_office_name")


class RecuseForm(ServiceForm):
    replacement = forms.ChoiceField(label=_("接替的公证员"), required=False)
    reason = forms.CharField(label=_("回避理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, notaries: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["replacement"], [PLEASE, *((str(n.pk), n.display_name) for n in notaries)])


class SupplementForm(ServiceForm):
    request = forms.CharField(
        label=_("需补充的材料（一次性告知）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VerificationForm(ServiceForm):
    note = forms.CharField(label=_("核实事项或受托核实的公证机构"), max_length=255, required=False)
    remote = forms.BooleanField(label=_("委托异地公证机构核实"), required=False)


class RefuseForm(ServiceForm):
    ground = forms.ChoiceField(
        label=_("不予办理的情形（《公证法》第三十一条）"), required=False, choices=[PLEASE, *RefusalGround.choices]
    )
    decision_note = forms.CharField(label=_("决定说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    refund_note = forms.CharField(label=_("退费说明"), max_length=255, required=False)


class TerminateForm(ServiceForm):
    ground = forms.ChoiceField(label=_("终止理由"), required=False, choices=[PLEASE, *TerminationGround.choices])
    reason = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    refund_note = forms.CharField(label=_("退费说明"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional(self, "refund_note")


class IssueForm(ServiceForm):
    certificate_number = forms.CharField(label=_("公证书编号"), max_length=64, required=False)
    issued_on = forms.DateField(
        label=_("出证日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("不填为今天")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional(self, "issued_on")


class ReviewForm(ServiceForm):
    requester = forms.ChoiceField(label=_("复查申请人"), required=False, choices=[PLEASE, *ReviewRequester.choices])
    reason = forms.CharField(label=_("复查理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    requested_on = forms.DateField(
        label=_("申请日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("不填为今天")
    )
    known_on = forms.DateField(
        label=_("知道或应当知道之日（利害关系人）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _optional(self, "requested_on", "known_on")


class DecideReviewForm(ServiceForm):
    outcome = forms.ChoiceField(label=_("复查结论"), required=False, choices=[PLEASE, *ReviewOutcome.choices])
    note = forms.CharField(label=_("处理说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

"""The forms of the appraisal-referral pages (司法鉴定委托引导). Every field is optional to Django:
the services say what is missing, all at once; the label says （选填） only where the service does not
require it either (core.forms, mark_optional = False)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import SelectionMethod
from gongfa.core.forms import Form
from gongfa.core.i18n import Label

Choices = Sequence[tuple[Any, Any]]
BLANK: list[tuple[str, Label]] = [("", _("请选择"))]
YES_NO = [("no", _("否")), ("yes", _("是，已在诉讼中"))]
# How the institution is chosen on the new-referral form (none in litigation: guidance only).
METHODS = [(SelectionMethod.RANDOM_DRAW.value, _("随机摇号")), (SelectionMethod.AGREEMENT.value, _("协商选定"))]


def _optional(field: forms.Field, optional: bool = False) -> forms.Field:
    field.optional = optional  # type: ignore[attr-defined]
    return field


def _line(label: Label, *, max_length: int = 255, optional: bool = False, help_text: Label = "", **attrs: str) -> Any:
    return _optional(
        forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            help_text=help_text,
            widget=forms.TextInput(attrs=attrs),
        ),
        optional,
    )


def _text(label: Label, *, max_length: int = 2000, optional: bool = False, help_text: Label = "") -> Any:
    return _optional(
        forms.CharField(
            label=label,
            required=False,
            max_length=max_length,
            help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 3}),
        ),
        optional,
    )


def _set_choices(field: forms.Field, choices: Choices) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = [*BLANK, *choices]


TODAY_IF_EMPTY = _("不填即为今天。")


def _date(label: Label, help_text: Label = TODAY_IF_EMPTY) -> Any:
    return _optional(
        forms.DateField(
            label=label, required=False, help_text=help_text, widget=forms.DateInput(attrs={"type": "date"})
        ),
        True,
    )


class ReferralForm(Form):
    """登记司法鉴定委托引导 (from a legal-aid case: the applicant comes filled in)."""

    mark_optional = False

    application = forms.CharField(required=False, widget=forms.HiddenInput)
    region = forms.ChoiceField(label=_("所在区划"), required=False)
    category = forms.ChoiceField(
        label=_("鉴定类别"), required=False, help_text=_("选择大类即可由登记该大类的机构承接。")
    )
    matter = _line(_("鉴定事项"), help_text=_("例如：交通事故伤残等级鉴定。"))
    purpose = _line(_("鉴定用途"), optional=True)
    applicant_name = _line(_("申请人姓名"), max_length=128, autocomplete="off")
    applicant_phone = _line(_("联系电话"), max_length=20, autocomplete="off", inputmode="tel")
    applicant_id_number = _line(_("身份证号"), max_length=18, optional=True, autocomplete="off")
    in_litigation = forms.ChoiceField(
        label=_("是否已在诉讼中"),
        choices=YES_NO,
        initial="no",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("诉讼中的鉴定由人民法院等办案机关委托，本平台只作告知引导。"),
    )
    court_name = _line(
        _("办案机关"), max_length=128, optional=True, help_text=_("已在诉讼中的，填写受理案件的法院或机关。")
    )
    method = forms.ChoiceField(
        label=_("鉴定机构选定方式"),
        choices=METHODS,
        initial=SelectionMethod.RANDOM_DRAW.value,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("未在诉讼中的，登记后即委托：随机摇号在符合条件的机构中抽取；协商选定须选择机构。"),
    )
    institution = forms.ChoiceField(label=_("协商选定的鉴定机构"), required=False)
    witness = _line(_("摇号见证人"), max_length=128, optional=True)

    def __init__(
        self,
        *args: Any,
        regions: Choices = (),
        categories: Choices = (),
        institutions: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["region"], regions)
        _set_choices(self.fields["category"], categories)
        _set_choices(self.fields["institution"], institutions)
        _optional(self.fields["institution"], True)


class ReasonForm(Form):
    mark_optional = False
    reason = _text(_("理由"))


class DeclineForm(Form):
    mark_optional = False
    reason = _text(_("不予受理的理由"), help_text=_("说明理由；鉴定材料退还委托人。"))


class WithdrawForm(Form):
    mark_optional = False
    reason = _line(_("撤回原因"))


class GuidanceForm(Form):
    mark_optional = False
    court_name = _line(_("办案机关"), max_length=128, help_text=_("受理案件的人民法院或其他办案机关。"))


class DrawForm(Form):
    mark_optional = False
    witness = _line(_("摇号见证人"), max_length=128, optional=True)


class AgreementChoiceForm(Form):
    mark_optional = False
    institution = forms.ChoiceField(label=_("协商选定的鉴定机构"), required=False)

    def __init__(self, *args: Any, institutions: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["institution"], institutions)


class AcceptForm(Form):
    mark_optional = False
    accepted_on = _date(_("受理日期"))


class SignForm(Form):
    mark_optional = False
    signed_on = _date(_("委托协议签订日期"))


class ExtendForm(Form):
    mark_optional = False
    days = _line(_("延长工作日数"), max_length=3, inputmode="numeric", help_text=_("合计不超过30个工作日。"))
    reason = _line(_("延长理由"))


class OpinionForm(Form):
    mark_optional = False
    opinion_number = _line(_("鉴定意见书编号"), max_length=64)
    issued_on = _date(_("出具日期"))
    summary = _text(_("鉴定意见摘要"), optional=True)

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.errors import DomainError
from gongfa.core.forms import Form
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.workorders.choices import Rating


def village_choices(county: Region) -> list[tuple[str, Any]]:
    """Villages of a county grouped by township, for a native <select> with <optgroup>s (works
    without JavaScript and is easy to use on a phone)."""
    rows = (
        Region.objects.subtree(county)
        .filter(level__in=[RegionLevel.TOWNSHIP, RegionLevel.VILLAGE])
        .order_by("code")
        .values_list("code", "name", "level")
    )
    groups: list[tuple[str, Any]] = [("", gettext("请选择"))]
    current: list[tuple[str, str]] | None = None
    for code, name, level in rows:
        if level == RegionLevel.TOWNSHIP:
            current = []
            groups.append((name, current))
        elif current is not None:
            current.append((code, name))
    return [group for group in groups if not isinstance(group[1], list) or group[1]]


class AskForm(Form):
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("页面已失效，请刷新后重新提交。")},
    )
    village = forms.ChoiceField(
        label=_("您所在的村(社区)"),
        help_text=_("问题会先交给您所在村(社区)的公共法律服务工作室。"),
        error_messages={
            "required": _("请选择您所在的村(社区)。"),
            "invalid_choice": _("找不到该村(社区)，请重新选择。"),
        },
    )
    text = forms.CharField(
        label=_("您想咨询什么问题？"),
        help_text=_("请用自己的话说清楚发生了什么、想知道什么。不要填写身份证号、银行卡号等敏感信息。"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("请填写问题描述。")},
        strip=True,
    )

    def __init__(self, *args: Any, county: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ChoiceField)
        village.choices = village_choices(county)
        max_chars = settings.QUESTION_MAX_CHARS
        self.fields["text"].widget.attrs["data-max-chars"] = str(max_chars)
        self.fields["text"].validators.append(_max_chars_validator(max_chars))
        if not self.is_bound:
            # A one-time token: submitting the same form twice gives the same item, not two.
            self.initial.setdefault("token", uuid.uuid4())

    def clean_village(self) -> Region:
        code = self.cleaned_data["village"]
        region = Region.objects.filter(code=code, level=RegionLevel.VILLAGE).first()
        if region is None:
            raise forms.ValidationError(gettext("找不到该村(社区)，请重新选择。"))
        return region


def _max_chars_validator(max_chars: int) -> Any:
    def validate(value: str) -> None:
        if len(value) > max_chars:
            raise forms.ValidationError(
                gettext("问题描述不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                    max_chars=max_chars, len=len(value)
                )
            )

    return validate


class RateForm(Form):
    rating = forms.TypedChoiceField(
        label=_("您对这次答复满意吗？"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择一个评价等级。"), "invalid_choice": _("请选择 1–5 之间的评价等级。")},
    )
    comment = forms.CharField(
        label=_("意见和建议"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("意见和建议不能超过 500 个字。")},
    )


class ElderModeForm(Form):
    elder_mode = forms.ChoiceField(choices=[("1", _("开启")), ("0", _("关闭"))])


class AnswerFeedbackForm(Form):
    """这个回答有帮助吗？ — yes or no on one answer."""

    helpful = forms.ChoiceField(
        label=_("这个回答有帮助吗？"),
        choices=[("yes", _("有帮助")), ("no", _("没帮助"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择“有帮助”或“没帮助”。"), "invalid_choice": _("请选择“有帮助”或“没帮助”。")},
    )


class QuestionForm(Form):
    """智能问答: one question; the rules of a good question are the Q&A service's own."""

    question = forms.CharField(
        label=_("请用自己的话描述您遇到的问题"),
        help_text=_("例如：老板拖欠工资三个月不给怎么办？不要填写身份证号、银行卡号等敏感信息。"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=False,  # the service judges whitespace-only questions, with its own message
        error_messages={"required": _("请输入您要咨询的问题。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].widget.attrs["data-max-chars"] = str(settings.QA_MAX_CHARS)

    def clean_question(self) -> str:
        from gongfa.knowledge.qa import clean_question

        try:
            return clean_question(self.cleaned_data.get("question"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class HandoverForm(Form):
    """转人工: where the asker lives (the question goes to that village's room) and anything to add."""

    village = forms.ChoiceField(
        label=_("您所在的村(社区)"),
        help_text=_("问题会交给您所在村(社区)的公共法律服务工作室，工作人员会联系您。"),
        error_messages={
            "required": _("请选择您所在的村(社区)。"),
            "invalid_choice": _("找不到该村(社区)，请重新选择。"),
        },
    )
    note = forms.CharField(
        label=_("补充说明（可不填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("补充说明不能超过 500 个字。")},
    )

    def __init__(self, *args: Any, county: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        assert isinstance(village, forms.ChoiceField)
        village.choices = village_choices(county)

    def clean_village(self) -> Region:
        code = self.cleaned_data["village"]
        region = Region.objects.filter(code=code, level=RegionLevel.VILLAGE).first()
        if region is None:
            raise forms.ValidationError(gettext("找不到该村(社区)，请重新选择。"))
        return region

"""Forms of the citizen's mediation pages (申请调解, 答复调解邀请). They only collect what was typed:
every check (required items, phone numbers, the other party) is the service's, so the page shows
every problem at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.mediation.models import DisputeCategory
from gongfa.network.models import Region
from gongfa.portal.forms import village_choices

# How many other parties the form offers (more are added by the committee).
OTHER_PARTY_ROWS = 3


def category_choices() -> list[tuple[str, str]]:
    rows = DisputeCategory.objects.filter(is_active=True).order_by("sort_order", "code").values_list("code", "name")
    return [("", gettext("请选择")), *rows]


class ApplyForm(Form):
    # Every field is optional to Django so the service names all that is missing at once; only what
    # the service does not need says （选填） (core.forms.shows_optional).
    mark_optional = False

    village = forms.ChoiceField(
        label=_("纠纷发生在哪个村(社区)？"),
        help_text=_("我们会把申请交给当地的人民调解委员会。"),
        required=False,
    )
    category = forms.ChoiceField(label=_("是哪一类纠纷？"), help_text=_("选最接近的一项。"), required=False)
    summary = forms.CharField(
        label=_("用一句话说说是什么事"),
        help_text=_("例如：邻居装修把我家墙弄裂了。最多200个字。"),
        required=False,
        max_length=400,
    )
    facts = forms.CharField(
        label=_("发生了什么？"),
        help_text=_("请用自己的话说清楚经过。不要填写身份证号、银行卡号。"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )
    claims = forms.CharField(
        label=_("您希望怎么解决？"),
        help_text=_("例如：赔偿修墙的钱。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, county: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        category = self.fields["category"]
        assert isinstance(village, forms.ChoiceField)
        assert isinstance(category, forms.ChoiceField)
        village.choices = village_choices(county)
        category.choices = category_choices()
        self.fields["claims"].optional = True  # type: ignore[attr-defined]
        for index in range(OTHER_PARTY_ROWS):
            number = index + 1
            self.fields[f"other_name_{index}"] = forms.CharField(
                label=gettext("对方{number}的姓名或单位名称").format(number=number), required=False, max_length=256
            )
            self.fields[f"other_phone_{index}"] = forms.CharField(
                label=gettext("对方{number}的电话").format(number=number),
                required=False,
                max_length=40,
                widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            )
            self.fields[f"other_address_{index}"] = forms.CharField(
                label=gettext("对方{number}的住址（不知道电话时填写）").format(number=number),
                required=False,
                max_length=512,
            )
            self.fields[f"other_phone_{index}"].optional = True  # type: ignore[attr-defined]
            self.fields[f"other_address_{index}"].optional = True  # type: ignore[attr-defined]
            if index:  # one other party is needed (第17条); further ones are optional
                self.fields[f"other_name_{index}"].optional = True  # type: ignore[attr-defined]

    def other_parties(self) -> list[dict[str, str]]:
        """The rows the citizen filled in (empty rows are skipped), in the service's shape."""
        rows: list[dict[str, str]] = []
        for index in range(OTHER_PARTY_ROWS):
            row = {
                "name": self.cleaned_data.get(f"other_name_{index}", ""),
                "phone": self.cleaned_data.get(f"other_phone_{index}", ""),
                "address": self.cleaned_data.get(f"other_address_{index}", ""),
            }
            if any(value.strip() for value in row.values()):
                rows.append(row)
        return rows

    def row_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"other_name_{i}"], self[f"other_phone_{i}"], self[f"other_address_{i}"])
            for i in range(OTHER_PARTY_ROWS)
        ]


DECISIONS = [("consented", _("同意调解")), ("refused", _("不同意调解"))]


class InviteAnswerForm(Form):
    mark_optional = False  # both are needed; the service says so when either is missing

    decision = forms.ChoiceField(
        label=_("您是否同意调解？"), choices=DECISIONS, widget=forms.RadioSelect, required=False
    )
    answered_by_name = forms.CharField(
        label=_("您的姓名"),
        help_text=_("请填写您本人的姓名；代理人或单位的法定代表人填写自己的姓名。"),
        required=False,
        max_length=128,
    )

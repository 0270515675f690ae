"""The form of question verification (问题核实): the de-identified wording, the verdict, the
articles (ticked from the answer's citations and a statute search, or typed as citations), the
topic. The service (gongfa.knowledge.verification) judges them; the form only carries them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.knowledge.choices import QuestionVerdict
from gongfa.knowledge.verification import TEXT_MAX_CHARS
from gongfa.workorders.models import Topic

SEARCH_MAX_CHARS = 200


class VerifyQuestionForm(Form):
    text = forms.CharField(
        label=_("问题（已去除个人信息）"),
        max_length=TEXT_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "系统已替换能识别出的姓名、电话、身份证号、银行卡号和详细地址；请再读一遍，把漏掉的个人信息改成【姓名】【地址】这样的占位词。"
        ),
    )
    verdict = forms.ChoiceField(
        label=_("核实结论"),
        choices=QuestionVerdict.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    articles = forms.TypedMultipleChoiceField(
        label=_("依据法条"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("勾选真正回答了这个问题的条文，最相关的在前。"),
    )
    citations = forms.CharField(
        label=_("补充法条"),
        required=False,
        max_length=500,
        help_text=_("不在上面的条文可以直接写，如：《民法典》第二百九十五条；多条用“；”分隔。"),
    )
    topic = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Topic.objects.filter(is_active=True).order_by("sort_order", "pk"),
        required=False,
        empty_label=_("（不改）"),
    )
    search = forms.CharField(
        label=_("检索法条"),
        required=False,
        max_length=SEARCH_MAX_CHARS,
        help_text=_("输入关键词，按“检索”列出相关条文供勾选（不会提交核实）。"),
    )

    def __init__(self, *args: Any, article_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["articles"].choices = article_choices  # type: ignore[attr-defined]

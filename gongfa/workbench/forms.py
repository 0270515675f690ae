from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from gongfa.workorders.choices import WorkOrderStatus


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复内容",
        help_text="用群众听得懂的话答复，必要时写明法律依据和下一步怎么办。",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写答复内容。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.attrs["data-max-chars"] = str(settings.QUESTION_MAX_CHARS)


STATUS_FILTERS = [("", "全部"), *WorkOrderStatus.choices]


class QueueFilterForm(forms.Form):
    mark_optional = False  # filters are optional by nature; "（选填）" would be noise

    status = forms.ChoiceField(label="状态", choices=STATUS_FILTERS, required=False)


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("phone", "手机号"), ("id_number", "身份证号")])
    purpose = forms.CharField(max_length=255, required=False)

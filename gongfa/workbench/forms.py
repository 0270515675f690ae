"""Forms of the staff workbench. They check the shape of the input (a choice exists, a number is a
number); the rules (who may do what, which states allow it, what is required) are the services'.
Fields the services validate are optional here, so the page shows the service's own message."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.forms import Form
from gongfa.network.models import Agency, ServicePoint
from gongfa.workbench.target_picker import TargetPicker
from gongfa.workorders.choices import (
    CallbackOutcome,
    ResultCode,
    SlaState,
    SpecialGroup,
    WorkOrderStatus,
)
from gongfa.workorders.models import Topic
from gongfa.workorders.services.dispatch import DispatchTargets

Choices = list[tuple[Any, Any]]

# ---------------------------------------------------------------------------------------------
# Queue filters and bulk actions


OPEN_FILTER = "open"
STATUS_FILTERS: Choices = [
    (OPEN_FILTER, gettext_lazy("在办（未办结）")),
    ("", gettext_lazy("全部")),
    *WorkOrderStatus.choices,
]
SLA_FILTERS: Choices = [
    ("", gettext_lazy("全部")),
    (SlaState.OVERDUE, SlaState.OVERDUE.label),
    (SlaState.NEAR_DUE, SlaState.NEAR_DUE.label),
    (SlaState.ON_TIME, SlaState.ON_TIME.label),
    (SlaState.PAUSED, SlaState.PAUSED.label),
]
INTAKE_CHANNELS = [c for c in Channel.choices if c[0] not in {Channel.WORKBENCH, Channel.SYSTEM}]


class QueueFilterForm(Form):
    """The queue's GET filters. An invalid value is dropped (the queue never fails on a bad link)."""

    mark_optional = False  # filters are optional by nature; "（选填）" would be noise

    q = forms.CharField(
        label=gettext_lazy("搜索"), required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    status = forms.ChoiceField(label=gettext_lazy("状态"), choices=STATUS_FILTERS, required=False)
    sla = forms.ChoiceField(label=gettext_lazy("时限"), choices=SLA_FILTERS, required=False)
    topic = forms.TypedChoiceField(label=gettext_lazy("类别"), coerce=int, required=False, empty_value=None)
    channel = forms.ChoiceField(
        label=gettext_lazy("渠道"), choices=[("", gettext_lazy("全部")), *INTAKE_CHANNELS], required=False
    )
    point = forms.TypedChoiceField(label=gettext_lazy("承办服务点"), coerce=int, required=False, empty_value=None)
    person = forms.TypedChoiceField(label=gettext_lazy("承办人"), coerce=int, required=False, empty_value=None)
    group = forms.TypedChoiceField(
        label=gettext_lazy("特殊群体"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", gettext_lazy("全部")), *SpecialGroup.choices],
    )

    def __init__(self, *args: Any, topics: Choices, points: Choices, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("topic").choices = [("", gettext("全部")), *topics]
        self._choice("point").choices = [("", gettext("全部")), *points]
        self._choice("person").choices = [("", gettext("全部")), *people]

    def _choice(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field


class PlaceField(forms.CharField):
    """A point or an agency, chosen as "point:<id>" / "agency:<id>" from a select. Inactive places
    are found too: the service explains why it will not dispatch to them."""

    widget = forms.Select

    def __init__(self, *args: Any, choices: Choices = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.widget.choices = list(choices)

    def clean(self, value: Any) -> ServicePoint | Agency | None:
        text = super().clean(value)
        if not text:
            return None
        kind, _, pk = str(text).partition(":")
        place: ServicePoint | Agency | None = None
        if pk.isdigit() and kind == "point":
            place = ServicePoint.objects.select_related("region").filter(pk=pk).first()
        elif pk.isdigit() and kind == "agency":
            place = Agency.objects.select_related("region").filter(pk=pk).first()
        if place is None:
            raise forms.ValidationError(gettext("找不到该服务点或机构，请重新选择。"), code="unknown_place")
        return place


def place_value(place: ServicePoint | Agency) -> str:
    return f"{'point' if isinstance(place, ServicePoint) else 'agency'}:{place.pk}"


class TargetForm(Form):
    """Where an order goes (transfer / manual dispatch): a place from the list, or any service
    point by its region's 12-digit code (cross-region); optionally a person; a reason."""

    mark_optional = False

    place = PlaceField(label=gettext_lazy("承办服务点或机构"), required=False)
    place_code = forms.RegexField(
        label=gettext_lazy("或输入其他地区服务点的区划代码"),
        regex=r"^\d{12}$",
        required=False,
        help_text=gettext_lazy("跨地区转办时填写：服务点所在区划的12位代码（如 330103001000 为某乡镇工作站）。"),
        error_messages={"invalid": gettext_lazy("区划代码应为12位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short", "autocomplete": "off"}),
    )
    person = forms.IntegerField(
        label=gettext_lazy("指定承办人"),
        required=False,
        widget=forms.Select,
        error_messages={"invalid": gettext_lazy("找不到该工作人员，请重新选择。")},
    )
    reason = forms.CharField(label=gettext_lazy("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self,
        *args: Any,
        places: Choices = (),  # type: ignore[assignment]
        people: Choices = (),  # type: ignore[assignment]
        targets: DispatchTargets | None = None,
        query: str = "",
        region_code: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:  # the searchable list grouped by tier and region (workbench.target_picker)
            picker = TargetPicker()
            picker.configure(targets, query=query, region_code=region_code)
            self.fields["place"].widget = picker
            people = targets.people
        else:
            self.fields["place"].widget.choices = [("", gettext("请选择")), *places]
        self.fields["person"].widget.choices = [("", gettext("不指定（按技能、值班和工作量自动选人）")), *people]

    def clean_person(self) -> User | None:
        pk = self.cleaned_data.get("person")
        if pk is None:
            return None
        person = User.objects.filter(pk=pk).exclude(role="citizen").first()
        if person is None:
            raise forms.ValidationError(gettext("找不到该工作人员，请重新选择。"), code="unknown_person")
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("place_code")
        if code:
            point = ServicePoint.objects.select_related("region").filter(region__code=code).order_by("pk").first()
            if point is None:
                self.add_error("place_code", gettext("该区划没有服务点，请核对区划代码。"))
            else:
                data["place"] = point
        elif not data.get("place") and "place" not in self.errors:
            self.add_error("place", gettext("请选择承办服务点或机构。"))
        return data


TRACKING_NUMBER = r"^GF\d{8}-\d{5,}$"
BULK_LIMIT = 50


class TrackingNumbersField(forms.MultipleChoiceField):
    """The tracking numbers ticked in the queue (checkboxes rendered in the table rows)."""

    widget = forms.MultipleHiddenInput

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > BULK_LIMIT:
            raise forms.ValidationError(
                gettext("一次最多处理 {BULK_LIMIT} 件工单。").format(BULK_LIMIT=BULK_LIMIT), code="too_many"
            )
        for number in value:
            if not re.match(TRACKING_NUMBER, str(number)):
                raise forms.ValidationError(gettext("工单编号格式不正确。"), code="invalid_number")


BULK_ACTIONS: Choices = [
    ("", gettext_lazy("请选择")),
    ("dispatch", gettext_lazy("人工派单")),
    ("transfer", gettext_lazy("转办")),
    ("acknowledge", gettext_lazy("签收督办")),
]


class BulkActionForm(TargetForm):
    """Bulk actions for supervisors: the same target fields, an action and the selected orders."""

    action = forms.ChoiceField(
        label=gettext_lazy("批量操作"),
        choices=BULK_ACTIONS,
        error_messages={
            "required": gettext_lazy("请选择批量操作。"),
            "invalid_choice": gettext_lazy("请选择批量操作。"),
        },
    )
    orders = TrackingNumbersField(
        label=gettext_lazy("选中的工单"), error_messages={"required": gettext_lazy("请先勾选要处理的工单。")}
    )

    field_order = ("action", "place", "place_code", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("person")  # each order gets its person by the dispatch rules

    def clean(self) -> dict[str, Any]:
        if self.data.get("action") == "acknowledge":
            # Acknowledging needs no target: skip TargetForm's place check.
            return forms.Form.clean(self) or {}
        return super().clean()


# ---------------------------------------------------------------------------------------------
# Order actions (one form per action; ids are prefixed with the action so several forms can
# share a page: see `action_form`).


class ActionForm(Form):
    """Order actions: the services say what is required, so no field is marked "选填"."""

    mark_optional = False


class EmptyForm(ActionForm):
    """Actions without input (accept, resume)."""


class ReasonForm(ActionForm):
    reason = forms.CharField(label=gettext_lazy("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CallbackForm(ActionForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("回拨结果"),
        choices=CallbackOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=gettext_lazy("回拨记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_outcome(self) -> str:
        return self.cleaned_data.get("outcome") or ""


RESULT_CHOICES: Choices = [("", gettext_lazy("请选择")), *ResultCode.choices]


class AnswerForm(ActionForm):
    answer = forms.CharField(
        label=gettext_lazy("答复内容"),
        help_text=gettext_lazy("用群众听得懂的话答复，必要时写明法律依据和下一步怎么办。"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    close_now = forms.BooleanField(label=gettext_lazy("答复后办结"), required=False)
    result_code = forms.ChoiceField(
        label=gettext_lazy("办结结果"), choices=RESULT_CHOICES, required=False, initial=ResultCode.ANSWERED
    )
    # The answer template it was written from (答复模板): counted, and its file goes with the answer.
    template = forms.TypedChoiceField(label=gettext_lazy("所用答复模板"), required=False, coerce=int, empty_value=None)
    attachment = forms.FileField(
        label=gettext_lazy("答复附件（PDF、JPG 或 PNG）"),
        required=False,
        help_text=gettext_lazy("随答复发给群众；不上传时使用所选模板的附件。"),
    )

    def __init__(self, *args: Any, templates: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.attrs["data-max-chars"] = str(settings.QUESTION_MAX_CHARS)
        self.templates = {t.pk: t for t in templates or []}
        self.fields["template"].choices = [("", gettext("不使用模板")), *((t.pk, t.title) for t in templates or [])]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("close_now") and not data.get("result_code"):
            self.add_error("result_code", gettext("答复后办结须选择办结结果。"))
        return data

    @property
    def close_with(self) -> str:
        return self.cleaned_data.get("result_code", "") if self.cleaned_data.get("close_now") else ""


class FeedbackForm(ActionForm):
    feedback = forms.CharField(
        label=gettext_lazy("外部门反馈内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConvertForm(ActionForm):
    kind = forms.ChoiceField(label=gettext_lazy("案件类型"), choices=[], required=False)

    def __init__(self, *args: Any, kinds: Choices = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", gettext("请选择")), *kinds]


class CloseForm(ActionForm):
    result_code = forms.ChoiceField(label=gettext_lazy("办结结果"), choices=RESULT_CHOICES, required=False)


class OtherOrderForm(ActionForm):
    """Merge into / link to another order, named by its tracking number."""

    other = forms.RegexField(
        label=gettext_lazy("目标工单编号"),
        regex=TRACKING_NUMBER,
        help_text=gettext_lazy("如 GF20261124-00123"),
        error_messages={
            "required": gettext_lazy("请填写目标工单编号。"),
            "invalid": gettext_lazy("工单编号格式应为 GF20261124-00123。"),
        },
        widget=forms.TextInput(attrs={"class": "input--short", "autocomplete": "off"}),
    )
    reason = forms.CharField(label=gettext_lazy("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip().upper()


class ReclassifyForm(ActionForm):
    topic = forms.ModelChoiceField(
        label=gettext_lazy("类别"),
        queryset=Topic.objects.filter(is_active=True),
        empty_label=gettext_lazy("请选择"),
        error_messages={
            "required": gettext_lazy("请选择类别。"),
            "invalid_choice": gettext_lazy("找不到该类别，请重新选择。"),
        },
    )


class RevealForm(Form):
    field = forms.ChoiceField(choices=[("phone", gettext_lazy("手机号")), ("id_number", gettext_lazy("身份证号"))])
    purpose = forms.CharField(max_length=255, required=False)


class TaskForm(ActionForm):
    """Complete a return visit (outcome) or a rectification (measures)."""

    text = forms.CharField(label=gettext_lazy("情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    back = forms.ChoiceField(choices=[("order", "order"), ("supervision", "supervision")], required=False)


# Intake (hotline desk and window): gongfa.workbench.intake_forms


# ---------------------------------------------------------------------------------------------
# 智能问答 panel and demand analysis (需求研判)


class QaPanelForm(Form):
    """The agent types the caller's question; the Q&A service says what is wrong with a bad one."""

    question = forms.CharField(
        label=gettext_lazy("来电人的问题"),
        help_text=gettext_lazy("用来电人的原话或要点提问，答复附法条依据和可办理的服务。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,  # the service judges whitespace-only questions, with its own message
        error_messages={"required": gettext_lazy("请输入您要咨询的问题。")},
    )

    def clean_question(self) -> str:
        from gongfa.core.errors import DomainError
        from gongfa.knowledge.qa import clean_question

        try:
            return clean_question(self.cleaned_data.get("question"))
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class DemandPeriodForm(Form):
    start = forms.DateField(
        label=gettext_lazy("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("开始日期格式不正确，应为 年-月-日。")},
    )
    end = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("结束日期格式不正确，应为 年-月-日。")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(gettext("开始日期不能晚于结束日期。"))
        if start and end and (end - start).days > 366:
            raise forms.ValidationError(gettext("一次最多统计一年。"))
        return data

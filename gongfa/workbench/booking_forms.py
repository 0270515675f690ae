"""Forms of the workbench's booking pages (预约管理): the day's filters, booking on a citizen's
behalf (代约) in one form, and the office schedule (weekly slots and closures). They collect what
was typed; the services decide and name every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.appointments.choices import BookingStatus
from gongfa.appointments.models import BookableResource, OfficeMatter
from gongfa.appointments.selectors.booking import Slot
from gongfa.core.forms import Form
from gongfa.network.models import Agency
from gongfa.portal.notarization_forms import WEEKDAYS, DetailsForm, grouped_matters, slot_days


def _choices(field: forms.Field, choices: Sequence[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = list(choices)


class DayForm(Form):
    """The day view's filters (GET)."""

    office = forms.ChoiceField(label=_("公证处"), required=False)
    day = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    resource = forms.ChoiceField(label=_("预约资源"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *BookingStatus.choices])

    def __init__(self, *args: Any, offices: Sequence[Agency], resources: Sequence[BookableResource], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices(self.fields["office"], [(str(o.pk), o.name) for o in offices])
        _choices(self.fields["resource"], [("", gettext("全部")), *((str(r.pk), r.name) for r in resources)])
        if len(offices) <= 1:
            self.fields["office"].widget = forms.HiddenInput()


class ChooseForm(Form):
    """代约 step one (GET): the office, the matter and the mode whose free slots to list."""

    office = forms.ChoiceField(label=_("公证处"), required=False)
    matter = forms.ChoiceField(label=_("公证事项"), required=False)
    mode = forms.ChoiceField(label=_("办理方式"), required=False)

    def __init__(
        self,
        *args: Any,
        offices: Sequence[Agency],
        rows: Sequence[OfficeMatter],
        modes: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["office"], [("", gettext("请选择")), *((str(o.pk), o.name) for o in offices)])
        groups = [(g.name, [(r.matter.code, r.matter.name) for r in g.items]) for g in grouped_matters(rows)]
        _choices(self.fields["matter"], [("", gettext("请选择")), *groups])
        _choices(self.fields["mode"], [("", gettext("请选择")), *modes])


class OnBehalfForm(DetailsForm):
    """代约 step two (POST): the slot and the citizen's details, in one form."""

    slot = forms.ChoiceField(
        label=_("预约时段"),
        required=False,
        error_messages={"invalid_choice": _("所选时段已被预约或不可预约，请重新选择一个空闲时段。")},
    )

    field_order = ["slot", "name", "phone", "id_number", "special_group", "address", "note"]

    def __init__(self, *args: Any, slots: Sequence[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = gettext("来办理的群众本人的姓名。")
        self.fields["phone"].help_text = gettext(
            "群众的手机号码：预约确认和提醒短信发到这里；已注册的群众可在“我的预约”中看到。"
        )
        groups = [
            (day.label, [(t.key, f"{t.label} · {t.slot.resource_name}") for t in day.times])
            for day in slot_days(slots, by_resource=True)
        ]
        _choices(self.fields["slot"], [("", gettext("请选择")), *groups])
        self.order_fields(self.field_order)

    def service_kwargs(self) -> dict[str, str]:
        values = super().service_kwargs()
        values.pop("slot", None)
        return values


class ResourceChoiceField(forms.ModelChoiceField[BookableResource]):
    def label_from_instance(self, obj: BookableResource) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


class TemplateForm(Form):
    """每周时段: one slot a week of one resource."""

    resource = ResourceChoiceField(label=_("预约资源"), queryset=BookableResource.objects.none(), required=False)
    weekday = forms.TypedChoiceField(
        label=_("星期"), choices=[("", _("请选择")), *enumerate(WEEKDAYS)], coerce=int, required=False, empty_value=None
    )
    starts_at = forms.TimeField(
        label=_("开始时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends_at = forms.TimeField(
        label=_("结束时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    valid_from = forms.DateField(label=_("生效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("失效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    mark_optional = False

    def __init__(self, *args: Any, office: Agency, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "template")
        super().__init__(*args, **kwargs)
        field = self.fields["resource"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = BookableResource.objects.filter(office=office, is_active=True).order_by("kind", "name")
        for name in ("valid_from", "valid_until"):
            self.fields[name].optional = True  # type: ignore[attr-defined]


class ClosureForm(Form):
    """停办日: the whole office, or one resource, from a day to a day."""

    resource = ResourceChoiceField(
        label=_("停办范围"),
        queryset=BookableResource.objects.none(),
        required=False,
        empty_label=_("整个公证处"),
        help_text=_("不选：整个公证处停办；选一项：只停该资源（如某公证员休假）。"),
    )
    starts_on = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("停办原因"), help_text=_("将告知预约的群众，如“全员业务培训”。"), max_length=128, required=False
    )

    mark_optional = False

    def __init__(self, *args: Any, office: Agency, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "closure")
        super().__init__(*args, **kwargs)
        field = self.fields["resource"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = BookableResource.objects.filter(office=office, is_active=True).order_by("kind", "name")
        self.fields["resource"].optional = True  # type: ignore[attr-defined]

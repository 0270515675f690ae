"""Forms of the village legal advisers' pages (村(居)法律顾问工作): the work log entry (记录工作)
and the month pickers of the ledgers.

The log form shows the common fields (village, date, what was done, photos) and only the fields
the chosen kind of work asks for (WorkLogKind.fields). Every field is optional to Django: the
service (outreach.services.advisers.check_log) decides what is required and names every problem at
once; the form only turns typed text into values. A hidden random key per form (client_key) makes
a double submit save once.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.mediation.models import MediationCase
from gongfa.network.models import Region
from gongfa.outreach.choices import AudienceGroup
from gongfa.outreach.models import WorkLogKind
from gongfa.outreach.models.advisers import LOG_FIELDS
from gongfa.outreach.services.advisers import MAX_PHOTOS, LogEntry

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos from a phone's camera roll)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _kind_field(name: str) -> forms.Field:
    label = LOG_FIELDS[name]
    if name in ("days_in_village", "hours"):
        return forms.DecimalField(
            label=label,
            required=False,
            max_digits=5,
            decimal_places=1,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
        )
    if name in ("audience", "questions_answered", "group_members"):
        # No min_value: the service names a negative number itself (听众人数不能是负数).
        return forms.IntegerField(label=label, required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    if name == "audience_groups":
        return forms.MultipleChoiceField(
            label=label, required=False, choices=AudienceGroup.choices, widget=forms.CheckboxSelectMultiple
        )
    if name == "mediation_case":
        return forms.ChoiceField(label=label, required=False)
    if name == "requester_phone":
        return forms.CharField(
            label=label, required=False, max_length=32, widget=forms.TextInput(attrs={"inputmode": "tel"})
        )
    return forms.CharField(label=label, required=False, max_length=128)


class LogForm(Form):
    """One work-log entry (工作日志): the common fields, then the kind's own (see the module)."""

    mark_optional = False

    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    village = forms.ChoiceField(
        label=_("村(社区)"),
        required=False,
        error_messages={"invalid_choice": _("所选村(社区)不是您服务的村(社区)，请从列表中选择。")},
    )
    occurred_on = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    summary = forms.CharField(
        label=_("工作内容"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultipleFileField(
        label=_("照片与材料"),
        required=False,
        help_text=format_lazy(
            _("可一次选多张，最多 {MAX_PHOTOS} 个（JPG、PNG 或 PDF）；照片会去除位置等拍摄信息后保存。"),
            MAX_PHOTOS=MAX_PHOTOS,
        ),
    )
    confirm_audience = forms.BooleanField(label=_("确认人数无误"), required=False)

    def __init__(
        self,
        *args: Any,
        kind: WorkLogKind,
        villages: Sequence[Region],
        cases: Sequence[MediationCase] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.log_kind = kind
        self.villages = {str(v.pk): v for v in villages}
        village = self.fields["village"]
        assert isinstance(village, forms.ChoiceField)
        village.choices = [("", gettext("请选择")), *((str(v.pk), v.name) for v in villages)]
        if len(villages) == 1:
            self.initial.setdefault("village", str(villages[0].pk))
        self.initial.setdefault("occurred_on", timezone.localdate())
        self.initial.setdefault("client_key", uuid.uuid4().hex)
        self.initial["kind"] = kind.code
        self.fields["summary"].help_text = kind.description
        for name in LOG_FIELDS:
            if not kind.wants(name):
                continue
            made = _kind_field(name)
            # A consultation's work order needs the person's phone, whatever the kind's data says.
            needed = kind.requires(name) or (name == "requester_phone" and kind.creates_work_order)
            made.optional = not needed  # type: ignore[attr-defined]
            if needed:
                made.widget.attrs["aria-required"] = "true"
            self.fields[name] = made
        if "mediation_case" in self.fields:
            case_field = self.fields["mediation_case"]
            assert isinstance(case_field, forms.ChoiceField)
            case_field.choices = [
                ("", gettext("不关联")),
                *((str(c.pk), f"{c.number} {c.summary[:20]}") for c in cases),
            ]
        self.fields["photos"].optional = True  # type: ignore[attr-defined]
        self.order_fields(["client_key", "kind", "village", "occurred_on", *LOG_FIELDS, "summary", "photos"])

    @property
    def asks_for_audience(self) -> bool:
        return "audience" in self.fields

    def entry(self) -> LogEntry:
        """What was typed, as the service takes it (what did not parse is left empty)."""
        data = getattr(self, "cleaned_data", {})

        def text(name: str) -> str:
            return str(data.get(name) or "")

        case = data.get("mediation_case") or ""
        return LogEntry(
            village=self.villages.get(text("village")),
            kind=self.log_kind,
            occurred_on=data.get("occurred_on"),
            summary=text("summary"),
            topic=text("topic"),
            days_in_village=data.get("days_in_village"),
            audience=data.get("audience"),
            audience_groups=list(data.get("audience_groups") or []),
            questions_answered=data.get("questions_answered"),
            group_members=data.get("group_members"),
            document_title=text("document_title"),
            mediation_case_id=int(case) if str(case).isdigit() else None,
            requester_name=text("requester_name"),
            requester_phone=text("requester_phone"),
            hours=data.get("hours"),
            confirm_audience=bool(data.get("confirm_audience")),
            photos=list(data.get("photos") or []),
            client_key=text("client_key"),
        )


def parse_month(value: str | None, today: datetime.date | None = None) -> tuple[int, int, str]:
    """(year, month, problem) from ?month=YYYY-MM; this month when empty, with a problem when it
    does not parse or lies in the future."""
    today = today or timezone.localdate()
    if not value:
        return today.year, today.month, ""
    found = MONTH.match(value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        return today.year, today.month, gettext("月份格式应为 年-月，如 2026-11。")
    year, month = int(found.group(1)), int(found.group(2))
    if (year, month) > (today.year, today.month):
        return today.year, today.month, gettext("不能查看未来月份的台账。")
    return year, month, ""

"""The person's own notification settings (通知设置)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.notifications.choices import NoticeKind


class NotificationPreferenceForm(Form):
    sms_enabled = forms.BooleanField(
        label=_("同时用短信提醒我"),
        required=False,
        help_text=_("站内通知总会送达；关闭后不再发送短信提醒。"),
    )
    sms_kinds = forms.MultipleChoiceField(
        label=_("用短信提醒的通知类型"),
        choices=NoticeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只对勾选的类型发短信；其余类型仍在站内通知。"),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("sms_enabled") and "sms_kinds" in cleaned and not cleaned["sms_kinds"]:
            self.add_error("sms_kinds", _("请至少勾选一类用短信提醒的通知；一类都不要，请关闭短信提醒。"))
        return cleaned

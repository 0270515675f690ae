"""The person's own notification settings (通知设置)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form


class NotificationPreferenceForm(Form):
    sms_enabled = forms.BooleanField(
        label=_("同时用短信提醒我"),
        required=False,
        help_text=_("站内通知总会送达；关闭后不再发送短信提醒。"),
    )

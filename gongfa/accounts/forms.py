"""Login forms. They check the shape of the input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts import services
from gongfa.core.errors import DomainError
from gongfa.core.forms import Form


class StaffLoginForm(Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        error_messages={"required": _("请输入用户名。")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("密码"),
        max_length=256,
        strip=False,
        error_messages={"required": _("请输入密码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PhoneForm(Form):
    phone = forms.CharField(
        label=_("手机号"),
        help_text=_("我们会给这个号码发一条短信验证码。"),
        max_length=20,
        error_messages={"required": _("请输入手机号。"), "max_length": _("手机号太长了，请输入11位手机号。")},
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "class": "input--short"}
        ),
    )

    def clean_phone(self) -> str:
        try:
            return services.clean_phone(self.cleaned_data["phone"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


class CodeForm(Form):
    code = forms.CharField(
        label=_("验证码"),
        max_length=16,
        error_messages={"required": _("请输入验证码。"), "max_length": _("验证码太长了，请输入短信里的数字。")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]*",
                "class": "input--short",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = gettext("请输入短信里的{OTP_LENGTH}位数字。").format(
            OTP_LENGTH=settings.OTP_LENGTH
        )

    def clean_code(self) -> str:
        try:
            return services.clean_code(self.cleaned_data["code"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


class ResendForm(Form):
    """The "重新获取验证码" button: no input, but its refusal is shown like any form error."""

    action = forms.CharField(widget=forms.HiddenInput, initial="resend")


class RealNameForm(Form):
    real_name = forms.CharField(
        label=_("姓名"),
        max_length=64,
        error_messages={"required": _("请填写姓名。"), "max_length": _("姓名不能超过64个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "input--short"}),
    )
    id_number = forms.CharField(
        label=_("身份证号"),
        required=False,
        max_length=25,
        help_text=_("18位，最后一位可能是X。申请法律援助等服务时需要。已填写过的，留空表示不修改。"),
        error_messages={"max_length": _("身份证号应为18位。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

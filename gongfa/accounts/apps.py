"""Users, roles, staff password login with lockout, citizen one-time-code login."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongfa.accounts"
    label = "accounts"
    verbose_name = "用户与登录"
    default_auto_field = "django.db.models.BigAutoField"

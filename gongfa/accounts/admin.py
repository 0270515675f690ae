"""Administration of users (administrators only), and read-only logs of SMS and login codes.

Lists show phone and ID numbers masked; opening a user's change page (which shows them in full)
is recorded in the personal-data access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm, UsernameField
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

from gongfa.accounts import services
from gongfa.accounts.models import OneTimeCode, SmsMessage, User
from gongfa.audit.models import PersonalDataField
from gongfa.audit.services import record_personal_data_access
from gongfa.core.admin import AdministratorsOnly, ReadOnlyLogAdmin, is_administrator
from gongfa.core.crypto import blind_index
from gongfa.core.forms import ModelForm
from gongfa.core.http import client_ip
from gongfa.network.models import StaffPosting


@dataclass(frozen=True)
class _Label:
    pk: Any
    text: str

    def __str__(self) -> str:
        return self.text


def _with_personal_data_search(
    admin_super: Any, request: HttpRequest, queryset: QuerySet[Any], search_term: str, *, id_number: bool
) -> tuple[QuerySet[Any], bool]:
    """The admin's own search, plus rows whose phone (or ID number) is exactly the search term."""
    found, may_have_duplicates = admin_super.get_search_results(request, queryset, search_term)
    term = search_term.strip()
    if term:
        by_hash = Q(phone_hash=blind_index(term, "phone"))
        if id_number:
            by_hash |= Q(id_number_hash=blind_index(term, "id_number"))
        found = found | queryset.filter(by_hash)
    return found, may_have_duplicates


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "role", "real_name", "phone")
        field_classes = {"username": UsernameField}


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class StaffPostingForm(ModelForm[StaffPosting]):
    topics = forms.MultipleChoiceField(label=gettext_lazy("擅长领域"), required=False)

    class Meta:
        model = StaffPosting
        fields = ("role", "point", "agency", "topics", "listed_publicly", "is_active", "started_on", "ended_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from gongfa.workorders.models import Topic

        super().__init__(*args, **kwargs)
        choices = list(Topic.objects.values_list("code", "name"))
        known = {code for code, _ in choices}
        # A code no longer in the taxonomy stays selectable, so saving the row does not drop it.
        choices += [(code, code) for code in (self.initial.get("topics") or []) if code not in known]
        self.fields["topics"].choices = choices  # type: ignore[attr-defined]


class StaffPostingInline(admin.TabularInline):
    """The person's postings (岗位), edited on the user page: where they work and in what role."""

    model = StaffPosting
    form = StaffPostingForm
    fk_name = "user"
    extra = 0
    raw_id_fields = ("point", "agency")
    verbose_name = gettext_lazy("岗位")
    verbose_name_plural = gettext_lazy("岗位")

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffPosting]:
        return super().get_queryset(request).select_related("point", "agency")


@admin.register(User)
class UserAdmin(AdministratorsOnly, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = (StaffPostingInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("身份信息"), {"fields": ("role", "real_name", "phone", "id_number", "email", "elder_mode")}),
        (gettext_lazy("登录锁定"), {"fields": ("failed_login_count", "locked_until")}),
        (gettext_lazy("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (gettext_lazy("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "real_name", "phone", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (
        "username",
        "masked_name_display",
        "role",
        "masked_phone_display",
        "masked_id_number_display",
        "is_active",
        "locked_display",
    )
    list_filter = ("role", "is_active", "is_staff")
    # The phone column is encrypted: a whole phone or ID number is found by its blind index.
    search_fields = ("username", "real_name")
    ordering = ("username",)
    readonly_fields = ("last_login", "date_joined")
    actions = ["unlock"]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[User], search_term: str) -> Any:
        return _with_personal_data_search(super(), request, queryset, search_term, id_number=True)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # Postings are added once the account exists (its change page), not on the short add form.
        return self.inlines if obj is not None else ()

    def action_checkbox(self, obj: User) -> SafeString:
        # The checkbox's label names the account by username, not by the (unmasked) real name.
        return super().action_checkbox(_Label(obj.pk, obj.username))

    @admin.display(description=gettext_lazy("姓名"))
    def masked_name_display(self, obj: User) -> str:
        return obj.masked_name

    @admin.display(description=gettext_lazy("手机号"))
    def masked_phone_display(self, obj: User) -> str:
        return obj.masked_phone

    @admin.display(description=gettext_lazy("身份证号"))
    def masked_id_number_display(self, obj: User) -> str:
        return obj.masked_id_number

    @admin.display(description=gettext_lazy("已锁定"), boolean=True)
    def locked_display(self, obj: User) -> bool:
        return obj.is_locked()

    @admin.action(description=gettext_lazy("解除登录锁定"))
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        count = services.unlock_users(queryset.values_list("pk", flat=True), actor=actor)
        self.message_user(request, gettext("已解除 {count} 个账号的登录锁定。").format(count=count), messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not is_administrator(request):
            return False
        # Only a superuser may edit a superuser (else an administrator could take over one).
        return not (obj is not None and obj.is_superuser and not request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated (is_active), never deleted: events refer to them

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ("is_superuser", "groups", "user_permissions")
        return fields

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and isinstance(request.user, User):
            person = self.get_object(request, object_id)
            if person is not None:
                for field, value in (
                    (PersonalDataField.PHONE, person.phone),
                    (PersonalDataField.ID_NUMBER, person.id_number),
                ):
                    if value:
                        record_personal_data_access(
                            actor=request.user,
                            person=person,
                            field=field,
                            purpose=gettext("管理后台查看/编辑用户"),
                            context=f"admin:accounts_user_change:{person.pk}",
                            ip_address=client_ip(request),
                        )
        return response


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "phone_masked", "purpose", "status", "backend", "gateway_id")
    list_filter = ("status", "purpose", "backend")
    search_fields = ("phone_masked", "gateway_id", "dedupe_key")
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "created_at",
        "phone_masked",
        "purpose",
        "status",
        "backend",
        "gateway_id",
        "dedupe_key",
        "body",
    )


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ReadOnlyLogAdmin):
    """Login codes: when, to whom (masked), used, wrong tries. The code hash is never shown."""

    list_display = ("created_at", "masked_phone_display", "expires_at", "used_at", "attempts", "requested_ip")
    list_filter = ("created_at",)
    search_fields = ("requested_ip",)
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "masked_phone_display",
        "created_at",
        "expires_at",
        "used_at",
        "attempts",
        "requested_ip",
    )

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[OneTimeCode], search_term: str) -> Any:
        return _with_personal_data_search(super(), request, queryset, search_term, id_number=False)

    @admin.display(description=gettext_lazy("手机号"))
    def masked_phone_display(self, obj: OneTimeCode) -> str:
        return obj.masked_phone

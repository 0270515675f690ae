from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.catalog.choices import APPLY_CHANNELS
from gongfa.catalog.models import ServiceType, SlaRule
from gongfa.core.choices import Channel
from gongfa.core.forms import ModelForm


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _rule_data(rule: SlaRule) -> dict[str, Any]:
    return {
        "service_type": rule.service_type.code,
        "stage": rule.stage,
        "amount": rule.amount,
        "unit": rule.unit,
        "region": rule.region.code if rule.region_id and rule.region else None,
        "channel": rule.channel,
        "effective_from": rule.effective_from.isoformat(),
    }


class ServiceTypeForm(ModelForm[ServiceType]):
    """Channels as checkboxes of the citizen-facing channels instead of raw JSON."""

    channels = forms.MultipleChoiceField(
        label=_("办理渠道"),
        required=False,
        choices=[(c.value, c.label) for c in APPLY_CHANNELS],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ServiceType
        fields = (
            "code",
            "name",
            "summary",
            "handling_kind",
            "is_active",
            "sort_order",
            "audience",
            "content",
            "channels",
            "required_materials",
            "legal_basis",
            "fee",
            "name_en",
            "summary_en",
            "audience_en",
            "content_en",
            "required_materials_en",
            "legal_basis_en",
            "fee_en",
        )

    def clean_channels(self) -> list[str]:
        chosen = set(self.cleaned_data.get("channels") or [])
        return [c.value for c in Channel if c in chosen]


class NationalSlaRuleFormSet(BaseInlineFormSet):
    """National default rows only; two rows for the same stage, channel and date are refused in
    Chinese."""

    def get_queryset(self) -> QuerySet[SlaRule]:
        return super().get_queryset().filter(region__isnull=True).order_by("stage", "channel", "-effective_from")

    def clean(self) -> None:
        super().clean()
        seen: set[tuple[str, str, Any]] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("stage") or not data.get("effective_from"):
                continue
            key = (data["stage"], data.get("channel") or "", data["effective_from"])
            if key in seen:
                raise forms.ValidationError(gettext("同一阶段、同一渠道、同一生效日期只能有一条全国默认时限规则。"))
            seen.add(key)


class NationalSlaRuleInline(admin.TabularInline):
    model = SlaRule
    formset = NationalSlaRuleFormSet
    fields = ("stage", "channel", "amount", "unit", "effective_from", "source", "public_text", "public_text_en")
    extra = 0
    verbose_name = _("全国默认时限")
    verbose_name_plural = _("全国默认时限（各地区的时限在“时限规则”中设置）")


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    form = ServiceTypeForm
    list_display = ("name", "code", "handling_kind", "fee", "is_active", "sort_order", "updated_at")
    list_filter = ("is_active", "handling_kind")
    list_editable = ("sort_order",)
    search_fields = ("code", "name", "summary")
    inlines = (NationalSlaRuleInline,)
    fieldsets = (
        (None, {"fields": ("code", "name", "summary", "handling_kind", "is_active", "sort_order")}),
        (
            _("对群众公布的内容"),
            {"fields": ("audience", "content", "channels", "required_materials", "legal_basis", "fee")},
        ),
        (
            _("英文内容（英文页面显示，留空则显示中文）"),
            {
                "classes": ("collapse",),
                "fields": (
                    "name_en",
                    "summary_en",
                    "audience_en",
                    "content_en",
                    "required_materials_en",
                    "legal_basis_en",
                    "fee_en",
                ),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Work orders, dispatch rules and code refer to the code: it does not change once created.
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: ServiceType, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(
            obj,
            "catalog.service_type_changed" if change else "catalog.service_type_created",
            actor=_actor(request),
            data={"code": obj.code, "fields": list(form.changed_data)},
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # The admin wraps the whole save in one transaction, so these events commit with the rows.
        for deleted in formset.deleted_forms:
            rule = deleted.instance
            if rule.pk is not None:
                record_event(rule, "catalog.sla_rule_deleted", actor=_actor(request), data=_rule_data(rule))
        super().save_formset(request, form, formset, change)
        changed = [*formset.new_objects, *(rule for rule, _fields in formset.changed_objects)]
        for rule in changed:
            record_event(rule, "catalog.sla_rule_set", actor=_actor(request), data=_rule_data(rule))


class RegionScopeFilter(admin.SimpleListFilter):
    title = _("适用范围")
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("national", gettext("全国默认")), ("regional", gettext("地区规则"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SlaRule]) -> QuerySet[SlaRule]:
        if self.value() == "national":
            return queryset.filter(region__isnull=True)
        if self.value() == "regional":
            return queryset.filter(region__isnull=False)
        return queryset


@admin.register(SlaRule)
class SlaRuleAdmin(admin.ModelAdmin):
    list_display = (
        "service_type",
        "stage",
        "channel_shown",
        "amount",
        "unit",
        "scope",
        "effective_from",
        "public_text",
        "source",
    )
    list_filter = ("service_type", "stage", "channel", "unit", RegionScopeFilter)
    search_fields = (
        "service_type__name",
        "service_type__code",
        "region__name",
        "region__code",
        "source",
        "public_text",
    )
    raw_id_fields = ("region",)
    list_select_related = ("service_type", "region")
    date_hierarchy = "effective_from"

    @admin.display(description=_("适用渠道"), ordering="channel")
    def channel_shown(self, obj: SlaRule) -> str:
        return obj.channel_label or gettext("所有渠道")

    @admin.display(description=_("适用区划"), ordering="region__code")
    def scope(self, obj: SlaRule) -> str:
        return f"{obj.region.name}（{obj.region.code}）" if obj.region_id and obj.region else gettext("全国默认")

    def save_model(self, request: HttpRequest, obj: SlaRule, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_event(obj, "catalog.sla_rule_set", actor=_actor(request), region=obj.region, data=_rule_data(obj))

    def delete_model(self, request: HttpRequest, obj: SlaRule) -> None:
        record_event(obj, "catalog.sla_rule_deleted", actor=_actor(request), region=obj.region, data=_rule_data(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[SlaRule]) -> None:
        for rule in queryset.select_related("service_type", "region"):
            record_event(
                rule, "catalog.sla_rule_deleted", actor=_actor(request), region=rule.region, data=_rule_data(rule)
            )
        super().delete_queryset(request, queryset)

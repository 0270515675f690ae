"""Administrators maintain what people call a law (short name, aliases); imported texts are read-only
(a version is never changed: answers cite it)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from gongfa.knowledge.models import Article, Law, LawVersion, VocabularyEntry


class LawForm(forms.ModelForm[Law]):
    aliases = forms.CharField(
        label="别名",
        required=False,
        help_text="每行一个，如“婚姻法”“劳动合同法”",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Law
        fields = ["short_name", "aliases"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["aliases"] = "\n".join(self.instance.aliases)

    def clean_aliases(self) -> list[str]:
        names = [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]
        too_long = [name for name in names if len(name) > 100]
        if too_long:
            raise forms.ValidationError(f"别名不能超过 100 个字：{too_long[0][:20]}…")
        return list(dict.fromkeys(names))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    form = LawForm
    list_display = ["name", "short_name", "level", "department", "current_version"]
    list_filter = ["level", "department"]
    search_fields = ["name", "short_name"]
    readonly_fields = ["name", "level", "department", "current_version"]
    fields = ["name", "short_name", "aliases", "level", "department", "current_version"]
    list_select_related = ["current_version"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # laws come from import_statutes

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LawVersion)
class LawVersionAdmin(ReadOnlyAdmin):
    list_display = ["law", "version_date", "effective_date", "published_status", "source", "superseded_at"]
    list_filter = ["published_status", "source"]
    search_fields = ["law__name"]
    list_select_related = ["law"]


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "chapter"]
    search_fields = ["version__law__name", "label", "text"]
    list_select_related = ["version__law"]
    show_full_result_count = False


@admin.register(VocabularyEntry)
class VocabularyEntryAdmin(admin.ModelAdmin):
    list_display = ["word", "terms", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["word", "terms"]

"""Administrators maintain what people call a law (short name, aliases); imported texts are read-only
(a version is never changed: answers cite it). FAQ entries are written here and published, retired
or confirmed through the actions (knowledge.faq); they are imported and exported as xlsx."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.forms import ModelForm
from gongfa.core.xlsx import XlsxUploadForm
from gongfa.knowledge import faq, verification
from gongfa.knowledge.models import (
    Article,
    FaqEntry,
    FaqPhrasing,
    Law,
    LawVersion,
    QuestionLog,
    SafetyCue,
    VerifiedQuestion,
    VocabularyEntry,
)
from gongfa.knowledge.recall import forget_memory
from gongfa.knowledge.safety import forget_cues


class LawForm(ModelForm[Law]):
    aliases = forms.CharField(
        label=_("别名"),
        required=False,
        help_text=_("每行一个，如“婚姻法”“劳动合同法”"),
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
            raise forms.ValidationError(gettext("别名不能超过 100 个字：{value}…").format(value=too_long[0][:20]))
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


@admin.register(SafetyCue)
class SafetyCueAdmin(admin.ModelAdmin):
    """安全风险提示词: questions with these phrases get emergency guidance first (knowledge.safety).
    Other processes pick an edit up within half a minute; this one at once."""

    list_display = ["phrase", "kind", "is_active", "note", "updated_at"]
    list_filter = ["kind", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["phrase", "note"]
    fields = ["phrase", "kind", "is_active", "note"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_cues()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        forget_cues()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        forget_cues()


# ---------------------------------------------------------------------------------------------
# FAQ (常见问题).
# ---------------------------------------------------------------------------------------------
def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class FaqImportForm(XlsxUploadForm):
    """The upload of the FAQ import (gongfa.core.xlsx: .xlsx only, size limit)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            gettext("第一行为表头：{columns}。有一行出错则全部不导入。").format(columns="、".join(faq.COLUMNS)),
        )
        super().__init__(*args, **kwargs)


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("需复核")
    parameter_name = "needs_review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", gettext("需复核（复核日期已过或依据法条已修订）"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        if self.value() == "yes":
            return queryset.filter(faq.needs_review_condition(timezone.localdate()))
        return queryset


class PhrasingInlineFormSet(BaseInlineFormSet):
    """Every phrasing problem of the entry at once (knowledge.faq.phrasing_problems): too many,
    repeating the entry's question, each other, or another entry's wording."""

    def clean(self) -> None:
        super().clean()
        texts = [
            form.cleaned_data["text"].strip()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("text", "").strip()
        ]
        question = self.instance.question or ""
        owners = faq.wording_owners([question] if question else [], exclude_entry=self.instance.pk)
        problems = faq.phrasing_problems(question, texts, owners, gettext("其他常见问题"))
        if problems:
            raise ValidationError(problems)


class PhrasingInline(admin.TabularInline):
    model = FaqPhrasing
    formset = PhrasingInlineFormSet
    fields = ["text", "position"]
    extra = 2
    max_num = faq.MAX_PHRASINGS


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["question", "topic", "status", "is_starter", "review_due", "review_state", "reviewed_at"]
    list_filter = ["status", "is_starter", NeedsReviewFilter, "topic"]
    inlines = [PhrasingInline]
    search_fields = ["question", "answer"]
    list_select_related = ["topic"]
    autocomplete_fields = ["articles"]
    fields = [
        "question",
        "answer",
        "topic",
        "articles",
        "review_due",
        "status",
        "is_starter",
        "review_state",
        "reviewed_at",
        "reviewed_by",
    ]
    readonly_fields = ["status", "is_starter", "review_state", "reviewed_at", "reviewed_by"]

    def save_model(self, request: HttpRequest, obj: FaqEntry, form: Any, change: bool) -> None:
        if change and form.changed_data:
            obj.is_starter = False  # edited here: the bureau's own entry now
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        transaction.on_commit(forget_memory)

    actions = ["publish_selected", "retire_selected", "mark_reviewed_selected", "export_selected"]

    @admin.display(description=_("复核"))
    def review_state(self, entry: FaqEntry) -> str:
        if entry.pk is None:
            return ""
        return "；".join(faq.review_reasons(entry)) or "—"

    def get_urls(self) -> list[URLPattern]:
        urls = super().get_urls()
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="knowledge_faqentry_import"), *urls]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload an xlsx; on any bad row nothing is written and every error is listed."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        errors: list[str] = []
        form = FaqImportForm(request.POST, request.FILES) if request.method == "POST" else FaqImportForm()
        if form.is_bound and form.is_valid():
            try:
                report = faq.import_file(form.cleaned_data["file"], user=_actor(request), channel=Channel.WORKBENCH)
            except faq.FaqImportError as exc:
                errors = [exc.message, *exc.errors]
            else:
                self.message_user(request, report.summary(), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:knowledge_faqentry_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("导入常见问题"),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "columns": faq.COLUMNS,
        }
        return TemplateResponse(request, "admin/knowledge/faqentry/import.html", context)

    def _each(
        self, request: HttpRequest, queryset: QuerySet[FaqEntry], verb: Callable[[FaqEntry], Any], done: str
    ) -> None:
        succeeded = 0
        for entry in queryset:
            try:
                verb(entry)
            except DomainError as exc:
                self.message_user(request, f"“{entry.question[:30]}”：{exc.message}", messages.ERROR)
            else:
                succeeded += 1
        if succeeded:
            self.message_user(
                request, gettext("已{done} {succeeded} 条。").format(done=done, succeeded=succeeded), messages.SUCCESS
            )

    @admin.action(description=_("发布所选常见问题"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[FaqEntry]) -> None:
        self._each(request, queryset, lambda e: faq.publish(e, user=_actor(request)), gettext("发布"))

    @admin.action(description=_("停用所选常见问题"), permissions=["change"])
    def retire_selected(self, request: HttpRequest, queryset: QuerySet[FaqEntry]) -> None:
        self._each(request, queryset, lambda e: faq.retire(e, user=_actor(request)), gettext("停用"))

    @admin.action(description=_("标记所选常见问题已复核（复核日期顺延一年）"), permissions=["change"])
    def mark_reviewed_selected(self, request: HttpRequest, queryset: QuerySet[FaqEntry]) -> None:
        self._each(request, queryset, lambda e: faq.mark_reviewed(e, user=_actor(request)), gettext("复核"))

    @admin.action(description=_("导出所选常见问题（xlsx）"), permissions=["view"])
    def export_selected(self, request: HttpRequest, queryset: QuerySet[FaqEntry]) -> HttpResponse:
        response = HttpResponse(
            faq.export_entries(queryset),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"faq-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(QuestionLog)
class QuestionLogAdmin(ReadOnlyAdmin):
    """问答记录: read-only; the demand analysis page in the workbench counts them."""

    list_display = [
        "created_at",
        "short_question",
        "channel",
        "topic",
        "confidence",
        "low_confidence",
        "safety_kinds",
        "work_order",
        "helpful",
        "verified",
    ]
    list_filter = ["low_confidence", "verified", "helpful", "review_priority", "channel", "answer_source", "topic"]
    search_fields = ["question"]
    list_select_related = ["topic", "work_order"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(description=_("问题"))
    def short_question(self, log: QuestionLog) -> str:
        return log.question[:40]


@admin.register(VerifiedQuestion)
class VerifiedQuestionAdmin(admin.ModelAdmin):
    """已核实问题: made in the workbench (问题核实); here they can be read and retired."""

    list_display = ["verified_at", "short_text", "verdict", "topic", "corrected", "is_active", "verified_by"]
    list_filter = ["verdict", "is_active", "corrected", "topic"]
    search_fields = ["text"]
    list_select_related = ["topic", "verified_by"]
    readonly_fields = [f.name for f in VerifiedQuestion._meta.fields if f.name != "is_active"] + ["articles"]
    actions = ["retire_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retiring goes through the action (audited)

    @admin.display(description=_("问题"))
    def short_text(self, question: VerifiedQuestion) -> str:
        return question.text[:40]

    @admin.action(description=_("停用所选核实问题（不再用于问题记忆）"), permissions=["delete"])
    def retire_selected(self, request: HttpRequest, queryset: QuerySet[VerifiedQuestion]) -> None:
        actor = _actor(request)
        done = 0
        for question in queryset:
            try:
                verification.do_retire_verified_question(question, actor=actor, channel=Channel.WORKBENCH)  # type: ignore[arg-type]
            except DomainError as exc:
                self.message_user(request, f"“{question.text[:30]}”：{exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, gettext("已停用 {n} 条。").format(n=done), messages.SUCCESS)

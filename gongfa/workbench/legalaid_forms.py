"""Forms of the legal-aid pages of the workbench. They check shape only; the rules (who, when,
what is required) are the services', so optional fields here show the service's own message."""

from __future__ import annotations

from typing import Any

from django import forms

from gongfa.legalaid.choices import MaterialKind, TerminationGround


class LegalAidActionForm(forms.Form):
    mark_optional = False


class NoInputForm(LegalAidActionForm):
    """Actions without input (start review, sign engagement)."""


class ReasonsForm(LegalAidActionForm):
    reasons = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(LegalAidActionForm):
    reason = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UrgentForm(LegalAidActionForm):
    urgent_reason = forms.CharField(
        label="紧急情形",
        required=False,
        help_text="如：距仲裁时效届满不足七日；须立即申请财产保全（《法律援助法》第四十四条）",
    )


class SupplementForm(LegalAidActionForm):
    """One notice listing every missing item (一次性告知): tick each and say what exactly is needed."""

    due_days = forms.IntegerField(
        label="补充期限（日）", required=False, min_value=1, max_value=90, error_messages={"invalid": "期限请填整数。"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in MaterialKind.choices:
            self.fields[f"item_{kind}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"note_{kind}"] = forms.CharField(label=f"{label}：具体说明", required=False, max_length=255)

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {"kind": kind, "note": data.get(f"note_{kind}", "")}
            for kind in MaterialKind.values
            if data.get(f"item_{kind}")
        ]


class AssignForm(LegalAidActionForm):
    provider = forms.TypedChoiceField(
        label="承办人员",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="不选则按轮换（当前在办案件最少者优先）指派",
    )
    chosen_by_applicant = forms.BooleanField(label="受援人从公示名册中选择（点援）", required=False)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.TypedChoiceField)
        provider.choices = [("", "按轮换自动指派"), *candidates]


class ReplaceForm(AssignForm):
    grounds = forms.CharField(label="更换理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(LegalAidActionForm):
    ground = forms.ChoiceField(label="终止事由", choices=[("", "请选择"), *TerminationGround.choices], required=False)
    reasons = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(LegalAidActionForm):
    text = forms.CharField(label="办案进展", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    visible_to_applicant = forms.BooleanField(label="受援人可见", required=False, initial=True)


class ClosingReportForm(LegalAidActionForm):
    report = forms.CharField(label="结案报告", required=False, widget=forms.Textarea(attrs={"rows": 5}))


class CloseForm(LegalAidActionForm):
    subsidy_amount = forms.CharField(label="办案补贴（元）", required=False, max_length=20)


class DocumentForm(LegalAidActionForm):
    kind = forms.ChoiceField(label="材料类别", choices=MaterialKind.choices)
    file = forms.FileField(label="文件（PDF、JPG、PNG）", required=False)


class ObjectionDecisionForm(LegalAidActionForm):
    uphold = forms.TypedChoiceField(
        label="审查结果",
        choices=[("yes", "维持原决定"), ("no", "责令改正")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审查结果。"},
    )
    decision = forms.CharField(label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

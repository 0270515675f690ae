"""Forms of the hotline desk and window intake (热线坐席台、窗口受理): the call form, the caller
lookup and the quick search. They check the shape of the input; the intake service says what is
required (text, region, a phone or an explicit 号码未显示) and validates the caller's details."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gongfa.core.forms import Form
from gongfa.network.models import Region
from gongfa.workbench.forms import PlaceField
from gongfa.workbench.target_picker import TargetPicker
from gongfa.workorders.choices import AgeBand, ContactSex, ResultCode, SpecialGroup, Urgency
from gongfa.workorders.models import Topic
from gongfa.workorders.services.dispatch import DispatchTargets, Target

Choices = list[tuple[Any, Any]]
AUTO_DISPATCH = _("按规则自动派单")


class IntakeForm(Form):
    """Record a call or a walk-in in under a minute: few fields, sensible defaults. The service
    says what is required (text, region, a phone for callers without an account)."""

    mark_optional = False

    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("表单已失效，请刷新页面后重新填写。"),
            "invalid": _("表单已失效，请刷新页面后重新填写。"),
        },
    )
    contact_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "input--short"}),
    )
    phone_withheld = forms.BooleanField(
        label=_("号码未显示"), help_text=_("来电未显示号码、群众也不愿留电话时勾选。"), required=False
    )
    contact_name = forms.CharField(
        label=_("姓名"), required=False, max_length=64, widget=forms.TextInput(attrs={"class": "input--short"})
    )
    contact_id_number = forms.CharField(
        label=_("身份证号"),
        help_text=_("选填，加密保存。"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input--short", "spellcheck": "false"}),
    )
    contact_sex = forms.ChoiceField(
        label=_("性别"), choices=[("", _("未说明")), *ContactSex.choices], required=False, widget=forms.RadioSelect
    )
    contact_age_band = forms.ChoiceField(
        label=_("年龄段"), choices=[("", _("未说明")), *AgeBand.choices], required=False
    )
    text = forms.CharField(
        label=_("诉求内容"),
        help_text=_("用群众的话记录：发生了什么、想解决什么。"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
    )
    region = forms.ChoiceField(label=_("所在村(社区)或乡镇"), required=False)
    region_code = forms.RegexField(
        label=_("或输入区划代码"),
        regex=r"^\d{12}$",
        required=False,
        help_text=_("不在列表中的地区：填写12位区划代码。"),
        error_messages={"invalid": _("区划代码应为12位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short", "autocomplete": "off"}),
    )
    topic = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=_("自动分类"),
        error_messages={"invalid_choice": _("找不到该类别，请重新选择。")},
    )
    service_type = forms.ChoiceField(label=_("服务事项"), required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), choices=Urgency.choices, initial=Urgency.NORMAL, required=False)
    special_groups = forms.TypedMultipleChoiceField(
        label=_("特殊群体"),
        choices=SpecialGroup.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("特殊群体标记不正确。")},
    )
    dispatch_to = PlaceField(label=_("派给…"), required=False, widget=TargetPicker)
    dispatch_person = forms.IntegerField(
        label=_("指定承办人"),
        required=False,
        widget=forms.Select,
        error_messages={"invalid": _("找不到该工作人员，请重新选择。")},
    )
    handle_myself = forms.BooleanField(label=_("我来办理（不派单，由我承办）"), required=False)
    answer = forms.CharField(
        label=_("当场答复"),
        help_text=_("当场已解答的，写下答复内容（将由您承办并答复）。"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    result_code = forms.ChoiceField(
        label=_("答复后办结"),
        choices=[("", _("暂不办结")), *ResultCode.choices],
        required=False,
    )
    # The call being answered (from the CTI ring URL), so the order is linked to its call record.
    call_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, regions: Choices, service_types: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", _("请选择")), *regions]
        service = self.fields["service_type"]
        assert isinstance(service, forms.ChoiceField)
        service.choices = [("", _("法律咨询（默认）")), *service_types]
        self.fields["text"].widget.attrs["data-max-chars"] = str(settings.QUESTION_MAX_CHARS)
        self.set_targets(DispatchTargets([], [], 0))
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    def set_targets(
        self, targets: DispatchTargets, *, query: str = "", region_code: str = "", suggestion: Target | None = None
    ) -> None:
        """The places and people "派给…" offers, the filter typed, and the automatic suggestion
        (preselected on a form the agent has not submitted yet, its reason shown)."""
        picker = self.fields["dispatch_to"].widget
        assert isinstance(picker, TargetPicker)
        picker.configure(
            targets,
            query=query,
            region_code=region_code,
            filter_form="",
            auto_label=f"{AUTO_DISPATCH}（{suggestion.place.name}）" if suggestion else str(AUTO_DISPATCH),
            suggestion=suggestion,
        )
        person = self.fields["dispatch_person"].widget
        assert isinstance(person, forms.Select)
        person.choices = [("", _("不指定（按技能、值班和工作量自动选人）")), *targets.people]

    def clean_dispatch_person(self) -> Any:
        from gongfa.accounts.models import User

        pk = self.cleaned_data.get("dispatch_person")
        if pk is None:
            return None
        person = User.objects.filter(pk=pk).exclude(role="citizen").first()
        if person is None:
            raise forms.ValidationError(_("找不到该工作人员，请重新选择。"), code="unknown_person")
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("region_code") or data.get("region")
        data["region_obj"] = Region.objects.filter(code=code).first() if code else None
        if code and data["region_obj"] is None:
            self.add_error(
                "region_code" if data.get("region_code") else "region", _("找不到该区划，请核对后重新选择。")
            )
        if data.get("result_code") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("办结前须填写当场答复的内容。"))
        myself = data.get("handle_myself") or (data.get("answer") or "").strip()
        if myself and (data.get("dispatch_to") or data.get("dispatch_person")):
            self.add_error("dispatch_to", _("已选择由您办理（或当场答复），请把“派给…”改回自动派单。"))
        if data.get("dispatch_person") and not data.get("dispatch_to") and "dispatch_to" not in self.errors:
            self.add_error("dispatch_to", _("指定承办人时，请先选择其所在的服务点或机构。"))
        return data

    def payload(self) -> dict[str, Any]:
        """What the idempotency hash covers: the same token with other content is a conflict."""
        data = self.cleaned_data
        region = data.get("region_obj")
        place = data.get("dispatch_to")
        person = data.get("dispatch_person")
        return {
            "contact_phone": data.get("contact_phone", ""),
            "contact_name": data.get("contact_name", ""),
            "text": (data.get("text") or "").strip(),
            "region": region.code if region else "",
            "topic": data["topic"].pk if data.get("topic") else None,
            "service_type": data.get("service_type", ""),
            "urgency": data.get("urgency") or Urgency.NORMAL,
            "special_groups": sorted(data.get("special_groups") or []),
            "handle_myself": bool(data.get("handle_myself")),
            "answer": (data.get("answer") or "").strip(),
            "result_code": data.get("result_code", ""),
            "phone_withheld": bool(data.get("phone_withheld")),
            "contact_id_number": (data.get("contact_id_number") or "").strip().upper(),
            "contact_sex": data.get("contact_sex", ""),
            "contact_age_band": data.get("contact_age_band", ""),
            "dispatch_to": f"{type(place).__name__}:{place.pk}" if place else "",
            "dispatch_person": person.pk if person else None,
        }


class CallerLookupForm(Form):
    mark_optional = False

    phone = forms.CharField(
        label=_("来电号码"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "input--short"}),
    )


class OrderSearchForm(Form):
    mark_optional = False

    q = forms.CharField(
        label=_("搜索工单"),
        required=False,
        max_length=100,
        help_text=_("输入工单编号、姓名或诉求中的词语。"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class RedirectForm(Form):
    """改派 by the agent who registered the order: the new place (and person) and why."""

    mark_optional = False

    place = PlaceField(label=_("改派至"), required=False, widget=TargetPicker)
    person = forms.IntegerField(
        label=_("指定承办人"),
        required=False,
        widget=forms.Select,
        error_messages={"invalid": _("找不到该工作人员，请重新选择。")},
    )
    reason = forms.CharField(label=_("改派原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, targets: DispatchTargets, query: str = "", region_code: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        picker = self.fields["place"].widget
        assert isinstance(picker, TargetPicker)
        picker.configure(targets, query=query, region_code=region_code)
        person = self.fields["person"].widget
        assert isinstance(person, forms.Select)
        person.choices = [("", _("不指定（按技能、值班和工作量自动选人）")), *targets.people]

    def clean_person(self) -> Any:
        from gongfa.accounts.models import User

        pk = self.cleaned_data.get("person")
        if pk is None:
            return None
        person = User.objects.filter(pk=pk).exclude(role="citizen").first()
        if person is None:
            raise forms.ValidationError(_("找不到该工作人员，请重新选择。"), code="unknown_person")
        return person

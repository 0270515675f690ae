"""Forms of the workbench's publicity pages (普法计划与活动): plans and campaigns, events and
their actions, prompts, culture sites, schools and vice-principals. They collect what was typed;
the services (outreach.services.publicity, publicity_sites) decide and name every problem at once,
so most fields are optional to Django (``mark_optional = False``). Places are plain values shown
as a select: a place outside the person's region is refused by the service with its own message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.forms import Form
from gongfa.core.i18n import Label
from gongfa.network.models import Region, ServicePoint
from gongfa.outreach.choices import (
    AccessibleFormat,
    AudienceGroup,
    CampaignTheme,
    CultureSiteKind,
    EventStatus,
    EventType,
    SchoolLevel,
    VicePrincipalEmployer,
)
from gongfa.outreach.models import PlanCampaign, PublicityPlan

PLEASE = ("", _("请选择"))
DATE = forms.DateInput(attrs={"type": "date"})


def _select(field: forms.Field, choices: Sequence[tuple[Any, Label]]) -> None:
    field.widget = forms.Select(choices=[PLEASE, *choices])


def region_choices(regions: Sequence[Region]) -> list[tuple[str, str]]:
    return [(str(r.pk), f"{'　' * max(0, r.level - 3)}{r.name}") for r in regions]


class ServiceForm(Form):
    """Every field optional to Django: the service decides what is required."""

    mark_optional = False


class EventFilterForm(Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *EventStatus.choices])
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)


class PlanForm(ServiceForm):
    region = forms.CharField(label=_("区划"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False)
    title = forms.CharField(label=_("计划名称"), required=False, max_length=200)
    target_events = forms.IntegerField(label=_("目标活动场次"), required=False)
    target_audience = forms.IntegerField(label=_("目标受众人次"), required=False)
    target_constitution_talks = forms.IntegerField(label=_("目标宪法宣讲场次"), required=False)
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["region"], region_choices(regions))


class CampaignForm(ServiceForm):
    theme = forms.CharField(label=_("主题"), required=False)
    title = forms.CharField(label=_("名称"), required=False, max_length=200)
    starts_on = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    target_events = forms.IntegerField(label=_("目标活动场次"), required=False)
    target_audience = forms.IntegerField(label=_("目标受众人次"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["theme"], CampaignTheme.choices)


class EventForm(ServiceForm):
    event_type = forms.CharField(label=_("活动类型"), required=False)
    theme = forms.CharField(label=_("活动主题"), required=False, max_length=200)
    held_on = forms.DateField(label=_("活动日期"), required=False, widget=DATE)
    point = forms.CharField(label=_("服务点"), required=False, help_text=_("在服务点举办时选择；否则选择举办地区划。"))
    region = forms.CharField(label=_("举办地区划"), required=False)
    place = forms.CharField(label=_("地点"), required=False, max_length=200)
    organiser = forms.CharField(label=_("主办单位"), required=False, max_length=200)
    speakers = forms.MultipleChoiceField(label=_("主讲人（平台人员）"), required=False)
    other_speakers = forms.CharField(label=_("其他主讲人"), required=False, max_length=300)
    plan = forms.CharField(label=_("年度计划"), required=False)
    campaign = forms.CharField(label=_("主题活动"), required=False)
    survey_enabled = forms.BooleanField(label=_("开展满意度调查（二维码/链接）"), required=False)

    def __init__(
        self,
        *args: Any,
        regions: Sequence[Region],
        points: Sequence[ServicePoint],
        speakers: Sequence[User],
        plans: Sequence[PublicityPlan],
        campaigns: Sequence[PlanCampaign],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["event_type"], EventType.choices)
        _select(self.fields["region"], region_choices(regions))
        _select(self.fields["point"], [(str(p.pk), p.name) for p in points])
        field = self.fields["speakers"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(u.pk), u.display_name) for u in speakers]
        _select(self.fields["plan"], [(str(p.pk), f"{p.year} {p.title}") for p in plans])
        _select(self.fields["campaign"], [(str(c.pk), f"{c.plan.year} {c}") for c in campaigns])


class HoldForm(ServiceForm):
    held_on = forms.DateField(label=_("举办日期"), required=False, widget=DATE)
    audience_size = forms.IntegerField(label=_("受众人数"), required=False)
    confirm_audience = forms.BooleanField(
        label=_("确认受众人数无误"), required=False, help_text=_("人数超过提示上限时，核实后勾选此项。")
    )
    audience_groups = forms.MultipleChoiceField(
        label=_("受众群体"), required=False, choices=AudienceGroup.choices, widget=forms.CheckboxSelectMultiple
    )
    accessible_formats = forms.MultipleChoiceField(
        label=_("无障碍形式"),
        required=False,
        choices=AccessibleFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("《法治宣传教育法》第24条：面向老年人、残疾人、农民工等群体的语音、大字、盲文、手语等形式。"),
    )
    materials_distributed = forms.IntegerField(label=_("发放资料（份）"), required=False)
    consultations_on_site = forms.IntegerField(label=_("现场咨询（人次）"), required=False)
    hours = forms.DecimalField(label=_("活动时长（小时）"), required=False, max_digits=4, decimal_places=1)


class EvaluateForm(ServiceForm):
    evaluation = forms.CharField(label=_("效果评估"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    score = forms.IntegerField(label=_("评估得分（0–100）"), required=False)


class CancelForm(ServiceForm):
    reason = forms.CharField(label=_("取消原因"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(Form):
    """An action without input (归档)."""


class SurveyForm(Form):
    enabled = forms.BooleanField(label=_("开展满意度调查"), required=False)


class AttachmentForm(ServiceForm):
    file = forms.FileField(label=_("照片或材料（JPG、PNG 或 PDF）"), required=False)
    caption = forms.CharField(label=_("说明"), required=False, max_length=200)


class PromptForm(ServiceForm):
    region = forms.CharField(label=_("发出区划"), required=False)
    department = forms.CharField(label=_("被提示部门"), required=False, max_length=200)
    laws = forms.CharField(label=_("所执行的法律法规"), required=False, max_length=300)
    issue = forms.CharField(label=_("存在问题与要求"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    issued_on = forms.DateField(label=_("发出日期"), required=False, widget=DATE, help_text=_("不填为今天。"))
    feedback_due = forms.DateField(
        label=_("反馈期限"), required=False, widget=DATE, help_text=_("不填则按本地区设置的反馈天数自动计算。")
    )

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["region"], region_choices(regions))


class FeedbackForm(ServiceForm):
    feedback = forms.CharField(label=_("整改反馈"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    feedback_on = forms.DateField(label=_("反馈日期"), required=False, widget=DATE, help_text=_("不填为今天。"))


class SiteForm(ServiceForm):
    region = forms.CharField(label=_("所在区划"), required=False)
    name = forms.CharField(label=_("名称"), required=False, max_length=200)
    kind = forms.CharField(label=_("类型"), required=False)
    address = forms.CharField(label=_("地址"), required=False, max_length=300)
    latitude = forms.DecimalField(label=_("纬度"), required=False, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(label=_("经度"), required=False, max_digits=9, decimal_places=6)
    opened_on = forms.DateField(label=_("建成日期"), required=False, widget=DATE)
    is_listed = forms.BooleanField(label=_("列入法治文化场所名录（公开）"), required=False, initial=True)

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["region"], region_choices(regions))
        _select(self.fields["kind"], CultureSiteKind.choices)


class SchoolForm(ServiceForm):
    region = forms.CharField(label=_("所在区划"), required=False)
    name = forms.CharField(label=_("学校名称"), required=False, max_length=200)
    level = forms.CharField(label=_("学段"), required=False)

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["region"], region_choices(regions))
        _select(self.fields["level"], SchoolLevel.choices)


class VicePrincipalForm(ServiceForm):
    name = forms.CharField(label=_("姓名"), required=False, max_length=100)
    employer = forms.CharField(label=_("派出单位类别"), required=False)
    organisation = forms.CharField(label=_("工作单位"), required=False, max_length=200)
    appointed_on = forms.DateField(label=_("聘任日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _select(self.fields["employer"], VicePrincipalEmployer.choices)


class EndVicePrincipalForm(ServiceForm):
    ended_on = forms.DateField(label=_("离任日期"), required=False, widget=DATE, help_text=_("不填为今天。"))

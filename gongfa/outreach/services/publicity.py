"""Legal publicity (普法, 《法治宣传教育法》; rules.md §3.8, §5.8): annual plans and their themed
campaigns, events (planned → held → evaluated → archived, or cancelled while planned), their
photos and materials, the anonymous satisfaction survey. Publicity prompts to other departments are in
services.publicity_prompts.

Every service checks all of its inputs first and refuses once with every problem
(gongfa.core.errors.Problems); nothing is saved on a refusal. Status changes go through
gongfa.audit.services.transition with the tables of outreach.states; other changes write an
audit event. Who may act is outreach.selectors.access (the region subtrees a person manages)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.uploads import check_upload
from gongfa.network.models import Region, ServicePoint
from gongfa.network.selectors import region_setting
from gongfa.outreach import rules
from gongfa.outreach.choices import AccessibleFormat, AudienceGroup, CampaignTheme, EventStatus, EventType
from gongfa.outreach.models import (
    Attachment,
    PlanCampaign,
    PublicityEvent,
    PublicityPlan,
    SurveyResponse,
)
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.services.common import next_number
from gongfa.outreach.states import EVENT

CHANNEL = Channel.WORKBENCH
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_TARGET = 10_000_000
OUTSIDE_REGION = "该地点不在您管理的区域内，请选择您辖区内的服务点或村(社区)。"


def today() -> datetime.date:
    return timezone.localdate()


def text(value: str | None, *, field: str, label: str, problems: Problems, max_chars: int, required: bool) -> str:
    """The stripped text, or a problem (missing or too long) added to `problems`."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        problems.add(field, gettext("请填写{label}。").format(label=label), code="required")
    elif len(cleaned) > max_chars:
        problems.add(
            field,
            gettext("{label}不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                label=label, max_chars=max_chars, len=len(cleaned)
            ),
            code="too_long",
        )
    return cleaned


def count(value: int | None, *, field: str, label: str, problems: Problems, maximum: int = MAX_TARGET) -> int:
    """A non-negative whole number (None counts as 0)."""
    number = int(value or 0)
    if number < 0:
        problems.add(field, gettext("{label}不能是负数。").format(label=label), code="negative")
    elif number > maximum:
        problems.add(
            field, gettext("{label}不能超过 {maximum}。").format(label=label, maximum=maximum), code="too_large"
        )
    return number


def require_manages(actor: User, region: Region, *, field: str = "region") -> None:
    if not can_manage(actor, region):
        raise DomainError(OUTSIDE_REGION, code="outside_region", field=field)


def audience_limit(region: Region | None) -> int:
    return int(region_setting(region, rules.AUDIENCE_CONFIRM_ABOVE.key))


# ---------------------------------------------------------------------------------------------
# Plans and campaigns


def create_plan(
    *,
    actor: User,
    region: Region | None,
    year: int | None,
    title: str,
    target_events: int | None = 0,
    target_audience: int | None = 0,
    target_constitution_talks: int | None = 0,
    notes: str = "",
) -> PublicityPlan:
    """制定年度普法计划: one per region and year (a second is refused, naming the first)."""
    problems = Problems()
    if region is None:
        problems.add("region", gettext("请选择计划所属区划。"), code="required")
    elif not can_manage(actor, region):
        problems.add("region", gettext("该区划不在您管理的区域内。"), code="outside_region")
    if year is None:
        problems.add("year", gettext("请填写年度。"), code="required")
    elif not 2000 <= year <= 2100:
        problems.add("year", gettext("年度应在 2000 至 2100 之间。"), code="invalid_year")
    elif region is not None and PublicityPlan.objects.filter(region=region, year=year).exists():
        problems.add(
            "year",
            gettext("{name} {year} 年度的普法计划已经制定，不能重复制定。").format(name=region.name, year=year),
            code="duplicate_plan",
        )
    name = text(title, field="title", label=gettext("计划名称"), problems=problems, max_chars=128, required=True)
    events = count(target_events, field="target_events", label=gettext("目标活动场次"), problems=problems)
    audience = count(target_audience, field="target_audience", label=gettext("目标受众人次"), problems=problems)
    talks = count(
        target_constitution_talks,
        field="target_constitution_talks",
        label=gettext("目标宪法宣讲场次"),
        problems=problems,
    )
    if not problems.has("target_constitution_talks") and not problems.has("target_events") and talks > events:
        problems.add(
            "target_constitution_talks", gettext("目标宪法宣讲场次不能多于目标活动场次。"), code="talks_above_events"
        )
    remark = text(notes, field="notes", label=gettext("说明"), problems=problems, max_chars=2000, required=False)
    problems.raise_if_any()
    assert region is not None
    assert year is not None
    with transaction.atomic():
        plan = PublicityPlan.objects.create(
            region=region,
            year=year,
            title=name,
            target_events=events,
            target_audience=audience,
            target_constitution_talks=talks,
            notes=remark,
            created_by=actor,
        )
        record_event(plan, "outreach.publicityplan.create", actor=actor, channel=CHANNEL, region=region)
    return plan


def add_campaign(
    *,
    actor: User,
    plan: PublicityPlan,
    theme: str,
    title: str = "",
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    target_events: int | None = 0,
    target_audience: int | None = 0,
) -> PlanCampaign:
    """添加主题宣传活动 to a plan: its window lies in the plan's year, ends on or after it starts."""
    problems = Problems()
    if not can_manage(actor, plan.region):
        raise NotPermitted(gettext("该计划不在您管理的区域内。"))
    if theme not in CampaignTheme.values:
        problems.add("theme", gettext("请选择主题。"), code="required")
    name = text(title, field="title", label=gettext("名称"), problems=problems, max_chars=128, required=False)
    if starts_on is None:
        problems.add("starts_on", gettext("请填写开始日期。"), code="required")
    elif starts_on.year != plan.year:
        problems.add(
            "starts_on", gettext("开始日期须在计划年度（{year} 年）内。").format(year=plan.year), code="outside_year"
        )
    if ends_on is None:
        problems.add("ends_on", gettext("请填写结束日期。"), code="required")
    elif starts_on is not None and ends_on < starts_on:
        problems.add("ends_on", gettext("结束日期不能早于开始日期。"), code="ends_before_start")
    elif ends_on.year != plan.year:
        problems.add(
            "ends_on", gettext("结束日期须在计划年度（{year} 年）内。").format(year=plan.year), code="outside_year"
        )
    events = count(target_events, field="target_events", label=gettext("目标活动场次"), problems=problems)
    audience = count(target_audience, field="target_audience", label=gettext("目标受众人次"), problems=problems)
    problems.raise_if_any()
    assert starts_on is not None
    assert ends_on is not None
    with transaction.atomic():
        campaign = PlanCampaign.objects.create(
            plan=plan,
            theme=theme,
            title=name,
            starts_on=starts_on,
            ends_on=ends_on,
            target_events=events,
            target_audience=audience,
        )
        record_event(
            plan,
            "outreach.publicityplan.add_campaign",
            actor=actor,
            channel=CHANNEL,
            data={"campaign": campaign.pk, "theme": theme},
            region=plan.region,
        )
    return campaign


# ---------------------------------------------------------------------------------------------
# Events


def _check_place(actor: User, region: Region | None, point: ServicePoint | None, problems: Problems) -> Region | None:
    """The event's region: the point's when held at one (a region chosen as well must contain it)."""
    if point is not None:
        if region is not None and not region.contains(point.region):
            problems.add("point", gettext("所选服务点不在所选区划内。"), code="point_outside_region")
            return region
        region = point.region
        field = "point"
    else:
        field = "region"
    if region is None:
        problems.add("region", gettext("请选择举办地（服务点或村(社区)、乡镇）。"), code="required")
    elif not can_manage(actor, region):
        problems.add(field, OUTSIDE_REGION, code="outside_region")
    return region


def _check_plan(
    actor: User,
    plan: PublicityPlan | None,
    campaign: PlanCampaign | None,
    held_on: datetime.date | None,
    problems: Problems,
) -> PublicityPlan | None:
    if campaign is not None and plan is None:
        plan = campaign.plan
    if plan is not None and not can_manage(actor, plan.region):
        problems.add("plan", gettext("该年度计划不在您管理的区域内。"), code="outside_region")
    if plan is not None and held_on is not None and held_on.year != plan.year:
        problems.add(
            "held_on",
            gettext("活动日期不在年度计划的年度（{year} 年）内。").format(year=plan.year),
            code="outside_plan_year",
        )
    if campaign is not None and plan is not None and campaign.plan_id != plan.pk:
        problems.add(
            "campaign",
            gettext("主题活动“{campaign}”不属于所选年度计划“{title}”。").format(campaign=campaign, title=plan.title),
            code="campaign_not_of_plan",
        )
    elif campaign is not None and held_on is not None and not campaign.starts_on <= held_on <= campaign.ends_on:
        problems.add(
            "held_on",
            gettext("活动日期不在主题活动“{campaign}”的时间（{starts_on:%Y-%m-%d} 至 {ends_on:%Y-%m-%d}）内。").format(
                campaign=campaign, starts_on=campaign.starts_on, ends_on=campaign.ends_on
            ),
            code="outside_campaign",
        )
    return plan


def plan_event(
    *,
    actor: User,
    event_type: str,
    theme: str,
    held_on: datetime.date | None,
    organiser: str,
    region: Region | None = None,
    point: ServicePoint | None = None,
    place: str = "",
    speakers: Sequence[User] = (),
    other_speakers: str = "",
    plan: PublicityPlan | None = None,
    campaign: PlanCampaign | None = None,
    survey_enabled: bool = False,
) -> PublicityEvent:
    """登记普法活动 (PLANNED), with its number PF<year><serial>."""
    problems = Problems()
    if event_type not in EventType.values:
        problems.add("event_type", gettext("请选择活动类型。"), code="required")
    subject = text(theme, field="theme", label=gettext("活动主题"), problems=problems, max_chars=128, required=True)
    if held_on is None:
        problems.add("held_on", gettext("请填写活动日期。"), code="required")
    host = text(
        organiser, field="organiser", label=gettext("主办单位"), problems=problems, max_chars=128, required=True
    )
    where = text(place, field="place", label=gettext("地点"), problems=problems, max_chars=128, required=False)
    others = text(
        other_speakers,
        field="other_speakers",
        label=gettext("其他主讲人"),
        problems=problems,
        max_chars=255,
        required=False,
    )
    region = _check_place(actor, region, point, problems)
    plan = _check_plan(actor, plan, campaign, held_on, problems)
    if plan is not None and region is not None and not plan.region.contains(region):
        problems.add(
            "plan",
            gettext("举办地不在年度计划“{title}”的区划（{name}）内。").format(title=plan.title, name=plan.region.name),
            code="outside_plan_region",
        )
    problems.raise_if_any()
    assert region is not None
    assert held_on is not None
    with transaction.atomic():
        event = PublicityEvent.objects.create(
            number=next_number("event"),
            plan=plan,
            campaign=campaign,
            event_type=event_type,
            theme=subject,
            region=region,
            point=point,
            place=where,
            held_on=held_on,
            organiser=host,
            other_speakers=others,
            survey_enabled=survey_enabled,
            created_by=actor,
        )
        if speakers:
            event.speakers.set(speakers)
        record_event(event, "outreach.publicityevent.plan", actor=actor, channel=CHANNEL, region=region)
    return event


def _lock(actor: User, event: PublicityEvent) -> PublicityEvent:
    locked = PublicityEvent.objects.select_for_update().select_related("region").get(pk=event.pk)
    if not can_manage(actor, locked.region):
        raise NotPermitted(gettext("该活动不在您管理的区域内。"))
    return locked


def _choices(values: Iterable[str], allowed: Iterable[str], field: str, label: str, problems: Problems) -> list[str]:
    chosen = list(dict.fromkeys(values))
    known = set(allowed)
    if any(value not in known for value in chosen):
        problems.add(field, gettext("{label}的选项不在列表中，请重新选择。").format(label=label), code="invalid_choice")
    return chosen


def hold_event(
    *,
    actor: User,
    event: PublicityEvent,
    held_on: datetime.date | None,
    audience_size: int | None,
    audience_groups: Iterable[str],
    accessible_formats: Iterable[str] = (),
    materials_distributed: int | None = 0,
    consultations_on_site: int | None = 0,
    hours: Decimal | None = None,
    confirm_audience: bool = False,
) -> PublicityEvent:
    """登记举办情况 (PLANNED → HELD, 第24条): audience, groups and the accessible formats used.
    An audience above outreach.audience_confirm_above is accepted only when confirmed."""
    with transaction.atomic():
        locked = _lock(actor, event)
        EVENT.get(locked.status, "hold")
        problems = Problems()
        if held_on is None:
            problems.add("held_on", gettext("请填写举办日期。"), code="required")
        elif held_on > today():
            problems.add(
                "held_on", gettext("举办日期不能晚于今天：活动举办后才能登记举办情况。"), code="held_in_future"
            )
        if audience_size is None:
            problems.add("audience_size", gettext("请填写受众人数。"), code="required")
        elif audience_size < 0:
            problems.add("audience_size", gettext("受众人数不能是负数。"), code="negative")
        else:
            limit = audience_limit(locked.region)
            if audience_size > limit and not confirm_audience:
                problems.add(
                    "audience_size",
                    gettext(
                        "受众人数 {audience_size} 超过 {limit} 人，请核实；确认无误请勾选“确认受众人数无误”后再提交。"
                    ).format(audience_size=audience_size, limit=limit),
                    code="audience_confirm",
                )
        groups = _choices(audience_groups, AudienceGroup.values, "audience_groups", gettext("受众群体"), problems)
        if not groups and not problems.has("audience_groups"):
            problems.add("audience_groups", gettext("请至少选择一个受众群体。"), code="required")
        formats = _choices(
            accessible_formats, AccessibleFormat.values, "accessible_formats", gettext("无障碍形式"), problems
        )
        materials = count(
            materials_distributed, field="materials_distributed", label=gettext("发放资料"), problems=problems
        )
        consultations = count(
            consultations_on_site, field="consultations_on_site", label=gettext("现场咨询人次"), problems=problems
        )
        duration = Decimal("1") if hours is None else Decimal(hours)
        if duration <= 0 or duration > Decimal("72"):
            problems.add("hours", gettext("活动时长应大于 0、不超过 72 小时。"), code="invalid_hours")
        problems.raise_if_any()
        assert held_on is not None
        locked.held_on = held_on
        locked.audience_size = audience_size
        locked.audience_groups = groups
        locked.accessible_formats = formats
        locked.materials_distributed = materials
        locked.consultations_on_site = consultations
        locked.hours = duration
        transition(
            locked,
            EVENT,
            "hold",
            actor=actor,
            channel=CHANNEL,
            region=locked.region,
            data={"audience_size": audience_size, "confirmed_large": bool(confirm_audience)},
            extra_update_fields=(
                "held_on",
                "audience_size",
                "audience_groups",
                "accessible_formats",
                "materials_distributed",
                "consultations_on_site",
                "hours",
            ),
        )
    return locked


def evaluate_event(*, actor: User, event: PublicityEvent, evaluation: str, score: int | None) -> PublicityEvent:
    """效果评估 (HELD → EVALUATED, 第56条): the assessment and a score 0–100."""
    with transaction.atomic():
        locked = _lock(actor, event)
        EVENT.get(locked.status, "evaluate")
        problems = Problems()
        body = text(
            evaluation, field="evaluation", label=gettext("效果评估"), problems=problems, max_chars=4000, required=True
        )
        if score is None:
            problems.add("score", gettext("请填写评估得分。"), code="required")
        elif not 0 <= score <= 100:
            problems.add("score", gettext("评估得分应在 0 至 100 之间。"), code="score_range")
        problems.raise_if_any()
        locked.evaluation = body
        locked.evaluation_score = score
        transition(
            locked,
            EVENT,
            "evaluate",
            actor=actor,
            channel=CHANNEL,
            region=locked.region,
            data={"score": score},
            extra_update_fields=("evaluation", "evaluation_score"),
        )
    return locked


def archive_event(*, actor: User, event: PublicityEvent) -> PublicityEvent:
    """归档 (EVALUATED → ARCHIVED)."""
    with transaction.atomic():
        locked = _lock(actor, event)
        transition(locked, EVENT, "archive", actor=actor, channel=CHANNEL, region=locked.region)
    return locked


def cancel_event(*, actor: User, event: PublicityEvent, reason: str) -> PublicityEvent:
    """取消活动 (PLANNED → CANCELLED), with the reason."""
    with transaction.atomic():
        locked = _lock(actor, event)
        problems = Problems()
        why = text(reason, field="reason", label=gettext("取消原因"), problems=problems, max_chars=500, required=True)
        EVENT.get(locked.status, "cancel")
        problems.raise_if_any()
        transition(locked, EVENT, "cancel", actor=actor, channel=CHANNEL, reason=why, region=locked.region)
    return locked


def set_survey(*, actor: User, event: PublicityEvent, enabled: bool) -> PublicityEvent:
    """开启或关闭满意度调查 (not once the event is archived or cancelled)."""
    with transaction.atomic():
        locked = _lock(actor, event)
        if locked.status in (EventStatus.ARCHIVED, EventStatus.CANCELLED):
            raise DomainError(gettext("活动已归档或取消，不能再更改满意度调查。"), code="event_closed")
        if locked.survey_enabled != enabled:
            locked.survey_enabled = enabled
            locked.save(update_fields=["survey_enabled"])
            record_event(
                locked,
                "outreach.publicityevent.survey_on" if enabled else "outreach.publicityevent.survey_off",
                actor=actor,
                channel=CHANNEL,
                region=locked.region,
            )
    return locked


def add_attachment(*, actor: User, event: PublicityEvent, upload: UploadedFile | None, caption: str = "") -> Attachment:
    """上传活动照片或材料: the file is checked by parsing (images re-encoded without metadata)."""
    locked_region = event.region
    if not can_manage(actor, locked_region):
        raise NotPermitted(gettext("该活动不在您管理的区域内。"))
    problems = Problems()
    if event.status == EventStatus.CANCELLED:
        problems.add(None, gettext("活动已取消，不能上传照片或材料。"), code="event_closed")
    label = text(caption, field="caption", label=gettext("说明"), problems=problems, max_chars=128, required=False)
    checked = None
    if upload is None:
        problems.add("file", gettext("请选择要上传的照片或材料。"), code="required")
    else:
        with problems.check():
            checked = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES, field="file")
    problems.raise_if_any()
    assert checked is not None
    with transaction.atomic():
        attachment = Attachment(
            event=event, content_type=checked.content_type, size=checked.size, caption=label, uploaded_by=actor
        )
        attachment.file.save(f"event-{event.pk}.{checked.extension}", ContentFile(checked.content), save=False)
        attachment.save()
        record_event(
            event,
            "outreach.publicityevent.attach",
            actor=actor,
            channel=CHANNEL,
            data={"attachment": attachment.pk, "content_type": checked.content_type},
            region=event.region,
        )
    return attachment


# ---------------------------------------------------------------------------------------------
# The satisfaction survey (anonymous, by QR code or link)

SURVEY_OPEN = (EventStatus.HELD, EventStatus.EVALUATED)


def survey_event(token: str) -> PublicityEvent:
    """The event whose survey is open at this token; a clear refusal otherwise."""
    event = PublicityEvent.objects.filter(survey_token=token).first() if token else None
    if event is None or not event.survey_enabled:
        raise DomainError(gettext("该调查不存在或未开放。"), code="survey_not_found")
    if event.status == EventStatus.PLANNED:
        raise DomainError(gettext("活动举办后才能参加满意度调查。"), code="survey_not_open")
    if event.status not in SURVEY_OPEN:
        raise DomainError(gettext("该活动的满意度调查已结束。"), code="survey_closed")
    return event


def submit_survey(*, token: str, rating: int | None, learned: bool | None, comment: str = "") -> SurveyResponse:
    """One anonymous answer: rating 1–5, whether they learned something, an optional comment."""
    event = survey_event(token)
    problems = Problems()
    if rating is None:
        problems.add("rating", gettext("请选择满意程度。"), code="required")
    elif not 1 <= rating <= 5:
        problems.add("rating", gettext("满意程度应为 1 至 5 分。"), code="rating_range")
    if learned is None:
        problems.add("learned", gettext("请选择是否有收获。"), code="required")
    remark = text(comment, field="comment", label=gettext("意见建议"), problems=problems, max_chars=500, required=False)
    problems.raise_if_any()
    assert rating is not None
    assert learned is not None
    return SurveyResponse.objects.create(event=event, rating=rating, learned=learned, comment=remark)


__all__ = [
    "add_attachment",
    "add_campaign",
    "archive_event",
    "cancel_event",
    "create_plan",
    "evaluate_event",
    "hold_event",
    "plan_event",
    "set_survey",
    "submit_survey",
    "survey_event",
]

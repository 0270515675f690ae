"""Work orders (工单): every request from every channel, tracked from intake to the rating.

One WorkOrder per request, with exactly one current owner (a service point or an agency, and
possibly a person) at any time; the first-contact owner (首办) is kept through every hand-over.
Status changes go through workorders.services and the transition table in choices.py.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel
from gongfa.core.fields import BlindIndexedModelMixin, BlindIndexedQuerySet, BlindIndexField, EncryptedCharField
from gongfa.core.masking import mask_name, mask_phone
from gongfa.core.refcache import ReferenceQuerySet
from gongfa.core.validators import validate_id_number
from gongfa.workorders.choices import (
    CLOCK_RUNNING_STATUSES,
    OPEN_STATUSES,
    AgeBand,
    CallbackOutcome,
    ContactSex,
    ExternalSystem,
    Rating,
    ResultCode,
    ReturnVisitKind,
    SlaState,
    SupervisionKind,
    SupervisionStatus,
    TaskStatus,
    Urgency,
    WorkOrderStatus,
    special_groups_of,
)

if TYPE_CHECKING:
    from gongfa.accounts.models import User
    from gongfa.network.models import Agency, ServicePoint

NEAR_DUE_WINDOW = datetime.timedelta(hours=24)
# An order is near due in the last quarter of its time limit, at most the last 24 hours: a 24-hour
# online-message limit warns 6 hours ahead instead of the moment the message arrives.
NEAR_DUE_SHARE = 4


def near_due_from(start: datetime.datetime, due: datetime.datetime | None) -> datetime.datetime | None:
    """When an order with a resolve deadline `due`, counted from `start`, becomes near due (即将超时)."""
    if due is None:
        return None
    window = min(NEAR_DUE_WINDOW, max(due - start, datetime.timedelta(0)) / NEAR_DUE_SHARE)
    return due - window


OWNER_FIELDS = ("owner_point", "owner_agency", "owner_region_code", "owner_user")


class Topic(models.Model):
    """A topic of the triage taxonomy (咨询类别); staff can edit the list."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)
    keywords = models.TextField(_("关键词"), blank=True, help_text=_("分类参考用词，每行一个或以空格分隔"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("咨询类别")
        verbose_name_plural = _("咨询类别")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [word for word in self.keywords.replace("\n", " ").split(" ") if word]


def late_condition(state: str, now: datetime.datetime) -> Q:
    """Orders whose running clock is overdue or near due at `now`: the one rule behind the
    queryset filter and the queue counters."""
    running = Q(status__in=CLOCK_RUNNING_STATUSES)
    if state == SlaState.OVERDUE:
        return running & Q(resolve_due__lt=now)
    if state == SlaState.NEAR_DUE:
        # Orders from before near_due_at existed (null) keep the plain 24-hour window.
        return (
            running
            & Q(resolve_due__gte=now)
            & (Q(near_due_at__lte=now) | Q(near_due_at__isnull=True, resolve_due__lt=now + NEAR_DUE_WINDOW))
        )
    raise ValueError(f"not a late state: {state}")


class WorkOrderQuerySet(BlindIndexedQuerySet["WorkOrder"]):
    def open(self) -> WorkOrderQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def sla_state(self, state: str, now: datetime.datetime | None = None) -> WorkOrderQuerySet:
        """Filter by SLA state on the resolve deadline (indexed: status, resolve_due)."""
        now = now or timezone.now()
        if state in (SlaState.OVERDUE, SlaState.NEAR_DUE):
            return self.filter(late_condition(state, now))
        if state == SlaState.ON_TIME:
            return self.filter(status__in=CLOCK_RUNNING_STATUSES).filter(
                Q(resolve_due__gte=now, near_due_at__gt=now)
                | Q(near_due_at__isnull=True, resolve_due__gte=now + NEAR_DUE_WINDOW)
                | Q(resolve_due__isnull=True)
            )
        if state == SlaState.PAUSED:
            return self.filter(status=WorkOrderStatus.WAITING)
        if state == SlaState.STOPPED:
            return self.exclude(status__in=[*CLOCK_RUNNING_STATUSES, WorkOrderStatus.WAITING])
        return self.none()


class WorkOrder(BlindIndexedModelMixin, models.Model):
    """One tracked request (工单)."""

    tracking_number = models.CharField(_("工单编号"), max_length=20, unique=True)
    channel = models.CharField(_("渠道"), max_length=32, choices=Channel.choices, default=Channel.PORTAL, db_index=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    # Encrypted at rest; the hotline's caller search finds it through the blind index.
    contact_phone = EncryptedCharField(_("联系电话"), max_length=20, blank=True)
    contact_phone_hash = BlindIndexField(_("联系电话盲索引"), source="contact_phone", kind="phone")
    # A caller whose number the switch did not pass on (号码未显示): the only case of no phone at all.
    phone_withheld = models.BooleanField(_("号码未显示"), default=False)
    contact_id_number = EncryptedCharField(
        _("身份证号"), max_length=18, blank=True, validators=[validate_id_number], help_text=_("选填；加密保存")
    )
    contact_sex = models.CharField(_("性别"), max_length=8, choices=ContactSex.choices, blank=True)
    contact_age_band = models.CharField(_("年龄段"), max_length=8, choices=AgeBand.choices, blank=True)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="work_orders"
    )
    # Copies of region codes on the order's own row, so "everything in my region" is an indexed
    # range on this table instead of OR-ed joins (supervisor queues over millions of orders).
    region_code = models.CharField(_("区划代码"), max_length=12, editable=False, default="")
    owner_region_code = models.CharField(_("承办单位区划代码"), max_length=12, editable=False, default="")
    text = models.TextField(_("诉求内容"))
    topic = models.ForeignKey(
        Topic, verbose_name=_("类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="work_orders"
    )
    topic_reason = models.CharField(_("分类依据"), max_length=255, blank=True)
    service_type = models.ForeignKey(
        "catalog.ServiceType",
        verbose_name=_("服务事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    special_groups = models.PositiveIntegerField(_("特殊群体"), default=0)
    priority = models.IntegerField(_("优先级"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.NEW)

    # Ownership (首办负责制): exactly one of point/agency, optionally a person.
    owner_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("承办服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    owner_agency = models.ForeignKey(
        "network.Agency",
        verbose_name=_("承办机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_work_orders",
    )
    first_owner_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("首办服务点"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    routing_reason = models.CharField(_("派单依据"), max_length=500, blank=True)
    manual_dispatch = models.BooleanField(_("需人工分派"), default=False, help_text=_("退回的工单不再自动派单"))
    assigned_at = models.DateTimeField(_("派单时间"), null=True, blank=True)

    # Clocks (computed at intake from the catalogue's SLA rules; shifted by pauses).
    accept_due = models.DateTimeField(_("受理时限"), null=True, blank=True)
    contact_due = models.DateTimeField(_("首次联系时限"), null=True, blank=True)
    resolve_due = models.DateTimeField(_("办结时限"), null=True, blank=True)
    # Set with resolve_due by near_due_from (and shifted with it after a pause).
    near_due_at = models.DateTimeField(_("即将超时提醒时间"), null=True, blank=True)
    deadline_warnings = models.JSONField(_("时限提示"), default=list, blank=True)
    # Empty: the catalogue's SLA rule. Otherwise what set the deadline instead (12345's own limit).
    deadline_source = models.CharField(_("时限依据"), max_length=64, blank=True)
    # Left outside the hotline's duty roster (非值班时段留言): called back first the next working day.
    after_hours = models.BooleanField(_("非值班时段留言"), default=False)
    paused_at = models.DateTimeField(_("暂停计时于"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("累计暂停秒数"), default=0)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)

    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_template = models.ForeignKey(
        "workorders.AnswerTemplate",
        verbose_name=_("所用答复模板"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A file sent with the answer (a template's attachment or the handler's own); kept even when
    # the template later changes its file.
    answer_attachment = models.FileField(_("答复附件"), upload_to="answers/%Y/%m/", blank=True, max_length=255)
    result_code = models.CharField(_("办结结果"), max_length=20, choices=ResultCode.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("评价"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    parent = models.ForeignKey(
        "self", verbose_name=_("关联主工单"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("合并到"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_orders"
    )
    complained_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被投诉人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_against",
    )
    external_system = models.CharField(_("外部系统"), max_length=16, choices=ExternalSystem.choices, blank=True)
    external_ref = models.CharField(_("外部编号"), max_length=64, blank=True)
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)

    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = WorkOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Queues: by owner and status, oldest or most urgent first; SLA filters on resolve_due.
            models.Index(fields=["owner_point", "status", "created_at"], name="wo_point_status_created"),
            models.Index(fields=["owner_agency", "status", "created_at"], name="wo_agency_status_created"),
            models.Index(fields=["owner_user", "status"], name="wo_owner_user_status"),
            models.Index(fields=["status", "resolve_due"], name="wo_status_resolve_due"),
            models.Index(fields=["status", "-priority", "created_at"], name="wo_dispatch_order"),
            models.Index(fields=["region", "status", "created_at"], name="wo_region_status_created"),
            models.Index(fields=["requester", "created_at"], name="wo_requester_created"),
            models.Index(fields=["topic", "status"], name="wo_topic_status"),
            models.Index(fields=["created_at"], name="wo_created"),
            # The desk's morning list: calls left overnight, oldest first.
            models.Index(
                fields=["created_at"],
                condition=Q(after_hours=True, status__in=OPEN_STATUSES),
                name="wo_open_after_hours",
            ),
            models.Index(fields=["status", "region_code"], name="wo_status_region_code"),
            models.Index(fields=["status", "owner_region_code"], name="wo_status_owner_region"),
            # Counting open orders in a scope (queue counters): an index-only scan of open rows.
            models.Index(
                fields=["status", "region_code", "owner_region_code"],
                include=["owner_point", "owner_agency", "owner_user", "resolve_due", "near_due_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="wo_open_scope_cover",
            ),
            # The open queue's order: an ordered walk of this index stops after one page.
            models.Index(
                fields=["-priority", "created_at", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="wo_open_queue_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="wo_rating_range"
            ),
            models.CheckConstraint(
                condition=Q(owner_point__isnull=True) | Q(owner_agency__isnull=True), name="wo_one_owner_place"
            ),
            models.UniqueConstraint(
                fields=["external_system", "external_ref"],
                condition=~Q(external_ref=""),
                name="wo_unique_external_ref",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    def get_absolute_url(self) -> str:
        return reverse("portal:item_detail", args=[self.tracking_number])

    @property
    def summary(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:40] + "…"

    @property
    def owner_place(self) -> object | None:
        return self.owner_point or self.owner_agency

    def set_owner(self, place: ServicePoint | Agency, person: User | None = None) -> tuple[str, ...]:
        """Hand the order to a point or an agency (and a person there), keeping the copied region
        code in step; returns the fields to save."""
        from gongfa.network.models import ServicePoint

        self.owner_point = place if isinstance(place, ServicePoint) else None
        self.owner_agency = None if isinstance(place, ServicePoint) else place
        self.owner_region_code = place.region.code
        self.owner_user = person
        return OWNER_FIELDS

    @property
    def owner_place_name(self) -> str:
        place = self.owner_point or self.owner_agency
        return place.name if place is not None else "待分派"

    @property
    def special_group_list(self) -> list[str]:
        return [str(group.label) for group in special_groups_of(self.special_groups)]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def requester_display(self) -> str:
        """Masked name and phone for lists (personal data masked by default)."""
        if self.requester is not None:
            return f"{self.requester.masked_name or '群众'} {self.requester.masked_phone}".strip()
        return f"{mask_name(self.contact_name) or '匿名'} {mask_phone(self.contact_phone)}".strip()

    def sla_state(self, now: datetime.datetime | None = None) -> SlaState:
        if self.status == WorkOrderStatus.WAITING:
            return SlaState.PAUSED
        if self.status not in CLOCK_RUNNING_STATUSES:
            return SlaState.STOPPED
        if self.resolve_due is None:
            return SlaState.ON_TIME
        now = now or timezone.now()
        if self.resolve_due < now:
            return SlaState.OVERDUE
        near_due_at = self.near_due_at or self.resolve_due - NEAR_DUE_WINDOW
        if near_due_at <= now:
            return SlaState.NEAR_DUE
        return SlaState.ON_TIME

    def can_be_rated(self) -> bool:
        """Closed and not yet rated (the portal also needs the requester; the SMS link does not)."""
        return self.status == WorkOrderStatus.CLOSED and self.rating is None


class TrackingSequence(models.Model):
    """Per-day counter behind tracking numbers (GF20261124-00123); incremented under a row lock."""

    day = models.DateField(_("日期"), unique=True)
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("工单编号序列")
        verbose_name_plural = _("工单编号序列")

    def __str__(self) -> str:
        return f"{self.day}: {self.last_value}"


def format_tracking_number(day: datetime.date, value: int) -> str:
    return f"GF{day:%Y%m%d}-{value:05d}"


class IntakeKey(models.Model):
    """Idempotent intake (幂等键): the same client and key always give the same order."""

    client = models.CharField(_("客户端"), max_length=64)
    key = models.CharField(_("幂等键"), max_length=128)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("幂等键")
        verbose_name_plural = _("幂等键")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="wo_intake_key_unique")]

    def __str__(self) -> str:
        return f"{self.client}:{self.key}"


class DispatchRule(models.Model):
    """One row of the triage table (分派规则): which kind of place handles which requests.

    Rules are tried in `priority` order; empty conditions match anything. The target is the
    nearest active place of the target kind on the way up from the order's region.
    """

    name = models.CharField(_("名称"), max_length=64)
    priority = models.PositiveSmallIntegerField(_("顺序"), default=100, help_text=_("数字小的先匹配"))
    is_active = models.BooleanField(_("启用"), default=True)
    topic = models.ForeignKey(Topic, verbose_name=_("类别"), null=True, blank=True, on_delete=models.CASCADE)
    service_type = models.ForeignKey(
        "catalog.ServiceType", verbose_name=_("服务事项"), null=True, blank=True, on_delete=models.CASCADE
    )
    special_groups = models.PositiveIntegerField(_("特殊群体（任一）"), default=0)
    region_level = models.PositiveSmallIntegerField(
        _("工单区划层级"),
        null=True,
        blank=True,
        choices=[(1, _("省")), (2, _("市")), (3, _("县(区)")), (4, _("乡镇(街道)")), (5, _("村(社区)"))],
    )
    target_point_tier = models.CharField(
        _("派往服务点层级"),
        max_length=16,
        blank=True,
        choices=[
            ("centre", _("公共法律服务中心")),
            ("station", _("公共法律服务工作站")),
            ("room", _("公共法律服务工作室")),
        ],
    )
    target_agency_kind = models.CharField(_("派往机构类型"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("分派规则")
        verbose_name_plural = _("分派规则")
        ordering = ["priority", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(target_point_tier="") & Q(target_agency_kind=""))
                | (Q(target_point_tier="") & ~Q(target_agency_kind="")),
                name="wo_rule_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.priority} {self.name}"


class CaseLink(models.Model):
    """A case (legal aid, mediation, appointment …) converted from a work order (转为案件)."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="case_links")
    case_type = models.ForeignKey(ContentType, verbose_name=_("案件类型"), on_delete=models.PROTECT, related_name="+")
    case_id = models.CharField(_("案件编号"), max_length=64)
    case = GenericForeignKey("case_type", "case_id")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("转案记录")
        verbose_name_plural = _("转案记录")
        constraints = [models.UniqueConstraint(fields=["case_type", "case_id"], name="wo_case_link_unique")]
        indexes = [models.Index(fields=["order"], name="wo_case_link_order")]

    def __str__(self) -> str:
        return f"{self.order} → {self.case_type_id}:{self.case_id}"


class CallbackRecord(models.Model):
    """A call-back to the citizen (回拨): when, by whom, what happened."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="callbacks")
    called_at = models.DateTimeField(_("回拨时间"), default=timezone.now)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("回拨人"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("结果"), max_length=16, choices=CallbackOutcome.choices)
    notes = models.TextField(_("记录"), blank=True)

    class Meta:
        verbose_name = _("回拨记录")
        verbose_name_plural = _("回拨记录")
        ordering = ["called_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.called_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class TopicLabel(models.Model):
    """A staff correction of an order's topic (重新分类), kept as training data for the classifier."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="topic_labels")
    text = models.TextField(_("文本"))
    previous_topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.ForeignKey(Topic, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="labels")
    labelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    labelled_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("分类标注")
        verbose_name_plural = _("分类标注")

    def __str__(self) -> str:
        return f"{self.order} → {self.topic}"


class SupervisionNotice(models.Model):
    """A supervision notice (督办): raised by the overdue sweep and escalated level by level, or
    issued by a supervisor on any order in their region with a reason and a deadline."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="notices")
    level = models.PositiveSmallIntegerField(_("督办层级"))
    region = models.ForeignKey("network.Region", verbose_name=_("督办区划"), on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("督办事由"), max_length=255)
    kind = models.CharField(
        _("来源"), max_length=8, choices=SupervisionKind.choices, default=SupervisionKind.SWEEP, db_index=True
    )
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True, help_text=_("督办人要求的回复或办结期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.OPEN, db_index=True
    )
    raised_at = models.DateTimeField(_("发出时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    escalated_from = models.ForeignKey(
        "self", verbose_name=_("上一级督办"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("督办通知")
        verbose_name_plural = _("督办通知")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "level"],
                condition=~Q(status="resolved") & Q(kind="sweep"),
                name="wo_one_live_notice_per_level",
            ),
            # A supervisor's own notice: one live notice per order and supervising region.
            models.UniqueConstraint(
                fields=["order", "region"],
                condition=~Q(status="resolved") & Q(kind="manual"),
                name="wo_one_live_manual_notice",
            ),
        ]
        indexes = [models.Index(fields=["supervisor", "status"], name="wo_notice_supervisor")]

    def __str__(self) -> str:
        return f"督办 {self.order} L{self.level}"


class ReturnVisit(models.Model):
    """A return visit (回访): mandatory after a bad rating, or sampled from closed orders."""

    order = models.ForeignKey(WorkOrder, verbose_name=_("工单"), on_delete=models.CASCADE, related_name="return_visits")
    kind = models.CharField(_("类型"), max_length=16, choices=ReturnVisitKind.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_at = models.DateTimeField(_("回访时限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    outcome = models.TextField(_("回访情况"), blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("完成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("回访任务")
        verbose_name_plural = _("回访任务")
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="wo_one_return_visit_per_kind")]
        indexes = [models.Index(fields=["assignee", "status"], name="wo_visit_assignee")]

    def __str__(self) -> str:
        return f"回访 {self.order} ({self.get_kind_display()})"


class Rectification(models.Model):
    """A rectification record (整改): who must fix what, by when. Opened after a bad rating (order)
    or for an item that lost points in a site inspection (performance.ItemScore.rectification)."""

    order = models.ForeignKey(
        WorkOrder,
        verbose_name=_("工单"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rectifications",
        help_text=_("因差评整改时为该工单；示范点检查扣分等其他来源为空"),
    )
    issue = models.CharField(_("整改问题"), max_length=255, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_point = models.ForeignKey(
        "network.ServicePoint",
        verbose_name=_("整改单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    measures = models.TextField(_("整改措施"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["order"], name="wo_one_rectification_per_order")]

    def __str__(self) -> str:
        if self.order_id is None:
            return f"整改 {self.issue}"
        return f"整改 {self.order}"

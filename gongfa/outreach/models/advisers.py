"""Village legal advisers' work (村(居)法律顾问工作): the kinds of work as data, the work log and
its photos."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The fields a log kind may ask for, with what the form shows. A kind lists each as "required"
# or "optional" in WorkLogKind.fields; fields it does not list are not shown.
LOG_FIELDS = {
    "days_in_village": "驻村天数",
    "audience": "听众人数",
    "audience_groups": "受众群体",
    "topic": "主题",
    "questions_answered": "解答问题数",
    "group_members": "群成员数",
    "document_title": "文书名称",
    "mediation_case": "关联调解案件",
    "requester_name": "咨询人",
    "requester_phone": "咨询人电话",
    "hours": "服务时长（小时）",
}


class WorkLogKind(models.Model):
    """A kind of adviser work (工作类型), kept as data: each names the fields its entries need."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    description = models.CharField(_("说明"), max_length=255, blank=True)
    fields = models.JSONField(_("填报字段"), default=dict, blank=True, help_text=_('如 {"audience": "required"}'))
    # A consultation answered on the spot becomes a closed work order, so it is counted once.
    creates_work_order = models.BooleanField(_("生成已办结工单"), default=False)
    counts_as_visit = models.BooleanField(_("计为驻村服务"), default=False)
    counts_as_talk = models.BooleanField(_("计为讲座宣讲"), default=False)
    default_hours = models.DecimalField(
        _("默认公益服务时长（小时）"), max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("顾问工作类型")
        verbose_name_plural = _("顾问工作类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def field_names(self) -> list[str]:
        """The fields this kind asks for, in the form's order (LOG_FIELDS). Not the JSON's own order:
        PostgreSQL's jsonb does not keep the order of keys."""
        known = [name for name in LOG_FIELDS if name in self.fields]
        return known + sorted(name for name in self.fields if name not in LOG_FIELDS)

    def wants(self, field: str) -> bool:
        return field in self.fields

    def requires(self, field: str) -> bool:
        return self.fields.get(field) == "required"


class AdvisorLogQuerySet(models.QuerySet["AdvisorLog"]):
    def in_month(self, year: int, month: int) -> AdvisorLogQuerySet:
        return self.filter(occurred_on__year=year, occurred_on__month=month)


class AdvisorLog(models.Model):
    """One entry of an adviser's work log (工作日志), the line of the ledger (工作台账)."""

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("法律顾问"), on_delete=models.PROTECT, related_name="advisor_logs"
    )
    village = models.ForeignKey(
        "network.Region", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="advisor_logs"
    )
    kind = models.ForeignKey(WorkLogKind, verbose_name=_("工作类型"), on_delete=models.PROTECT, related_name="logs")
    occurred_on = models.DateField(_("日期"))
    summary = models.TextField(_("工作内容"))
    topic = models.CharField(_("主题"), max_length=128, blank=True)
    days_in_village = models.DecimalField(
        _("驻村天数"), max_digits=4, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    audience = models.PositiveIntegerField(_("听众人数"), null=True, blank=True)
    audience_groups = models.JSONField(_("受众群体"), default=list, blank=True)
    questions_answered = models.PositiveIntegerField(_("解答问题数"), null=True, blank=True)
    group_members = models.PositiveIntegerField(_("群成员数"), null=True, blank=True)
    document_title = models.CharField(_("文书名称"), max_length=128, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=5, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    work_order = models.OneToOneField(
        "workorders.WorkOrder",
        verbose_name=_("生成的工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisor_log",
    )
    mediation_case = models.ForeignKey(
        "mediation.MediationCase",
        verbose_name=_("关联调解案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advisor_logs",
    )
    # Idempotent logging from a phone with a flaky connection: the same key saves once.
    client_key = models.CharField(_("客户端键"), max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = AdvisorLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("村(居)法律顾问工作日志")
        verbose_name_plural = _("村(居)法律顾问工作日志")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["advisor", "occurred_on"], name="outreach_log_advisor_day"),
            models.Index(fields=["village", "occurred_on"], name="outreach_log_village_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(audience__lte=1_000_000), name="outreach_log_audience_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.village} {self.kind}"


def attachment_path(instance: Attachment, filename: str) -> str:
    owner = "logs" if instance.log_id else "events"
    return f"outreach/{owner}/{timezone.now():%Y/%m}/{filename}"


class Attachment(models.Model):
    """A photo or material of a log entry or a publicity event; images are stored re-encoded
    without their metadata (core.uploads)."""

    log = models.ForeignKey(
        AdvisorLog,
        verbose_name=_("工作日志"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    event = models.ForeignKey(
        "outreach.PublicityEvent",
        verbose_name=_("普法活动"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)
    content_type = models.CharField(_("文件类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    caption = models.CharField(_("说明"), max_length=128, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("照片与材料")
        verbose_name_plural = _("照片与材料")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(log__isnull=False) & Q(event__isnull=True))
                | (Q(log__isnull=True) & Q(event__isnull=False)),
                name="outreach_attachment_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.file.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

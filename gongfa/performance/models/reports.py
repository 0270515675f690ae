"""Monthly reports (月报) from templates as data, and bulletins (通报) ranking the regions beneath."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import ReportStatus, RowKind, ValueType


class ReportTemplate(models.Model):
    """A report form (报表模板): its rows bound to indicators or typed by the reporting region."""

    code = models.SlugField(_("模板代码"), max_length=64, unique=True)
    name = models.CharField(_("报表名称"), max_length=128)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    description = models.TextField(_("说明"), blank=True)
    source_document = models.CharField(_("依据文件"), max_length=255, blank=True)
    reporting_level = models.PositiveSmallIntegerField(_("填报层级"), default=3, help_text=_("区划层级，县为3"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("报表模板")
        verbose_name_plural = _("报表模板")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ReportRow(models.Model):
    """A row of a report form (报表栏目)."""

    template = models.ForeignKey(ReportTemplate, verbose_name=_("模板"), on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("顺序"))
    code = models.SlugField(_("栏目代码"), max_length=64)
    label = models.CharField(_("栏目名称"), max_length=128)
    kind = models.CharField(_("取数方式"), max_length=16, choices=RowKind.choices)
    indicator = models.ForeignKey(
        "performance.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value_type = models.CharField(_("数值类型"), max_length=16, choices=ValueType.choices, default=ValueType.INTEGER)
    allow_negative = models.BooleanField(_("允许负数"), default=False)
    required = models.BooleanField(_("必填"), default=True)
    help_text = models.CharField(_("填报说明"), max_length=255, blank=True)
    outlier_ratio = models.DecimalField(
        _("环比异常阈值"),
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text=_("与上月相比变化超过此比例（1=100%）时提示"),
    )

    class Meta:
        verbose_name = _("报表栏目")
        verbose_name_plural = _("报表栏目")
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="perf_report_row_code"),
            models.UniqueConstraint(fields=["template", "order"], name="perf_report_row_order"),
        ]

    def __str__(self) -> str:
        return self.label


class MonthlyReport(models.Model):
    """One region's report for one month (月报), from generation to acceptance by the level above."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("报表"), on_delete=models.PROTECT, related_name="reports"
    )
    region = models.ForeignKey("network.Region", verbose_name=_("填报区划"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    due_on = models.DateField(_("报送期限"))
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = models.TextField(_("退回原因"), blank=True)
    reminded_at = models.DateTimeField(_("催报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        ordering = ["-month", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "region", "month"], name="perf_one_report_per_month")
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="perf_report_status_due")]

    def __str__(self) -> str:
        return f"{self.region} {self.month:%Y年%m月} {self.template}"


class ReportCell(models.Model):
    """One cell of a monthly report (报表数值): computed from the rollups or typed."""

    report = models.ForeignKey(MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="cells")
    row = models.ForeignKey(ReportRow, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("文字"), blank=True)
    previous = models.DecimalField(_("上月数值"), max_digits=16, decimal_places=4, null=True, blank=True)
    # 同比: the same month a year before (that month's report if there is one, else computed).
    last_year = models.DecimalField(_("上年同月数值"), max_digits=16, decimal_places=4, null=True, blank=True)
    computed = models.BooleanField(_("系统取数"), default=False)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("报表数值")
        verbose_name_plural = _("报表数值")
        ordering = ["report", "row__order"]
        constraints = [models.UniqueConstraint(fields=["report", "row"], name="perf_one_cell_per_row")]

    def __str__(self) -> str:
        return f"{self.report} {self.row}"


class Bulletin(models.Model):
    """A bulletin (通报) ranking the regions beneath a region on chosen indicators for a period;
    its rows are kept as issued, so a later correction of the data does not rewrite it."""

    region = models.ForeignKey("network.Region", verbose_name=_("通报单位"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=128)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    indicator_codes = models.JSONField(_("排名指标"), default=list)
    rows = models.JSONField(_("通报内容"), default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("制发人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("制发时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通报")
        verbose_name_plural = _("通报")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.title

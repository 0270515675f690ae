"""Fact tables (事实表): what the dashboards, reports and evaluations read instead of the archive.

- DailyFact: one row per day, measure and full set of dimensions (region, point, person, agency,
  service, channel, topic, special groups, tier). Reports per point or person and evaluations
  read it.
- RollupFact: the same values summed along the region tree (one row per ancestor level) at a day
  grain (totals only) and a month grain (by service × channel, and by topic, special group and
  tier). Dashboards read it, so their cost depends on the number of regions and months shown,
  not on the number of work orders.
- FactLedger: what each subject (a work order, a legal-aid case …) last contributed, so a change
  applies only the difference, to the right days (a rating a week later changes that day).
- PendingRefresh: subjects whose contribution must be recomputed; written in the same transaction
  as the event, so a refresh is never lost when the broker is down.

Dimensions are never NULL (0 / "" mean "none"): a unique constraint treats NULLs as distinct, and
the upsert relies on it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.performance.choices import Grain, MixDimension

ALL = "*"  # service / channel of a rollup row that sums over them


class DailyFact(models.Model):
    """A day's value of a measure for one combination of dimensions (日事实)."""

    day = models.DateField(_("日期"))
    measure = models.CharField(_("计量"), max_length=64)
    region_code = models.CharField(_("区划代码"), max_length=12, default="")
    point_id = models.BigIntegerField(_("服务平台"), default=0)
    person_id = models.BigIntegerField(_("人员"), default=0)
    agency_id = models.BigIntegerField(_("机构"), default=0)
    service = models.CharField(_("服务类型"), max_length=40, default="")
    channel = models.CharField(_("渠道"), max_length=32, default="")
    topic = models.CharField(_("咨询类别"), max_length=40, default="")
    special_groups = models.PositiveIntegerField(_("特殊群体"), default=0)
    tier = models.CharField(_("平台层级"), max_length=16, default="")
    value = models.BigIntegerField(_("数值"), default=0)

    class Meta:
        verbose_name = _("日事实")
        verbose_name_plural = _("日事实")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "measure",
                    "day",
                    "region_code",
                    "point_id",
                    "person_id",
                    "agency_id",
                    "service",
                    "channel",
                    "topic",
                    "special_groups",
                    "tier",
                ],
                name="perf_dailyfact_key",
            )
        ]
        indexes = [
            models.Index(fields=["measure", "region_code", "day"], name="perf_dailyfact_region"),
            models.Index(fields=["measure", "point_id", "day"], name="perf_dailyfact_point"),
            models.Index(fields=["measure", "person_id", "day"], name="perf_dailyfact_person"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.region_code} = {self.value}"


class RollupFact(models.Model):
    """A measure summed for one region (with its subtree) and one day or month (汇总事实)."""

    grain = models.CharField(_("粒度"), max_length=1, choices=Grain.choices)
    period = models.DateField(_("期间起始日"))
    level = models.PositiveSmallIntegerField(_("区划层级"))
    region_code = models.CharField(_("区划代码"), max_length=12)
    measure = models.CharField(_("计量"), max_length=64)
    service = models.CharField(_("服务类型"), max_length=40, default=ALL)
    channel = models.CharField(_("渠道"), max_length=32, default=ALL)
    dim = models.CharField(_("维度"), max_length=16, choices=MixDimension.choices, default="", blank=True)
    dim_value = models.CharField(_("维度取值"), max_length=40, default="", blank=True)
    value = models.BigIntegerField(_("数值"), default=0)

    class Meta:
        verbose_name = _("汇总事实")
        verbose_name_plural = _("汇总事实")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "measure", "region_code", "period", "service", "channel", "dim", "dim_value"],
                name="perf_rollupfact_key",
            )
        ]
        indexes = [
            # What a dashboard asks: a region (or its children: one level below, a code range), the
            # plain totals or one mix, some measures, a period range. The equality columns come first
            # so that a read scans only its own rows; value rides along for index-only scans.
            models.Index(
                fields=["grain", "level", "dim", "service", "channel", "measure", "region_code", "period"],
                include=["dim_value", "value"],
                name="perf_rollup_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain}:{self.period} {self.measure} {self.region_code} = {self.value}"


class FactLedger(models.Model):
    """What one subject contributes to DailyFact now (贡献台账), as a list of row keys and values."""

    source = models.CharField(_("来源"), max_length=40)
    subject_id = models.BigIntegerField(_("对象编号"))
    rows = models.JSONField(_("贡献"), default=list)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("贡献台账")
        verbose_name_plural = _("贡献台账")
        constraints = [models.UniqueConstraint(fields=["source", "subject_id"], name="perf_ledger_subject")]

    def __str__(self) -> str:
        return f"{self.source}:{self.subject_id}"


class PendingRefresh(models.Model):
    """A subject whose contribution must be recomputed (待更新统计)."""

    source = models.CharField(_("来源"), max_length=40)
    subject_id = models.BigIntegerField(_("对象编号"))
    queued_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    version = models.PositiveIntegerField(_("版本"), default=1, help_text=_("每次再登记加一；更新时版本未变才清除"))

    class Meta:
        verbose_name = _("待更新统计")
        verbose_name_plural = _("待更新统计")
        constraints = [models.UniqueConstraint(fields=["source", "subject_id"], name="perf_pending_subject")]
        indexes = [models.Index(fields=["queued_at"], name="perf_pending_queued")]

    def __str__(self) -> str:
        return f"{self.source}:{self.subject_id}"

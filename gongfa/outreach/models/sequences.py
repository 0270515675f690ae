"""Per-year counters for the numbers of events, prompts and typical cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """Per-year counters (活动编号、提示编号、案例编号)."""

    kind = models.CharField(_("编号种类"), max_length=16)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_value = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("编号")
        verbose_name_plural = _("编号")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="outreach_sequence_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.last_value}"

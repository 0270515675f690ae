"""The service catalogue (产品清单目录): what the public legal service offers, to whom, through which
channels, with which materials and legal basis, and within which time limits (SLA rules).

Service types are published to citizens (/services/) and drive work orders: a work order's
service type picks its handling kind and, through SlaRule, its deadlines. Time limits are data,
not code: a national default row (region empty) per stage, overridden for a region's subtree by a
row with that region (nearest ancestor wins, then the latest effective date in force).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from gongfa.catalog import conf
from gongfa.catalog.choices import APPLY_CHANNELS, CHANNEL_HOW_TO, HandlingKind, SlaStage, SlaUnit
from gongfa.core.choices import Channel
from gongfa.core.refcache import ReferenceQuerySet

# Rules in force "since always" (the defaults shipped with the platform).
DEFAULT_EFFECTIVE_FROM = datetime.date(2000, 1, 1)
SOURCE_MAX_LENGTH = 255
PUBLIC_TEXT_MAX_LENGTH = 100


def max_amount(unit: str) -> int:
    """The largest amount accepted for a unit: 365 days or its equivalent."""
    days = conf.MAX_PERIOD_DAYS
    if unit == SlaUnit.HOURS:
        return days * 24
    if unit == SlaUnit.WORKING_HOURS:
        return days * conf.office_seconds_per_day() // 3600
    return days


def english_active() -> bool:
    """Whether the page is being shown in English (the catalogue then shows its *_en texts)."""
    return (get_language() or "").lower().startswith("en")


def channel_errors(channels: object) -> str | None:
    """Why a channels value is not a list of distinct citizen-facing Channel values (None if it is)."""
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        return "办理渠道应为渠道代码的列表。"
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        return f"未知的办理渠道：{'、'.join(unknown)}。可选：{'、'.join(APPLY_CHANNELS)}。"
    staff_side = [str(Channel(c).label) for c in channels if c not in APPLY_CHANNELS]
    if staff_side:
        return f"“{'、'.join(staff_side)}”不是群众办理渠道，不能列入服务目录。"
    if len(set(channels)) != len(channels):
        return "办理渠道不能重复。"
    return None


class ServiceTypeQuerySet(ReferenceQuerySet["ServiceType"]):
    def active(self) -> ServiceTypeQuerySet:
        return self.filter(is_active=True)


class ServiceType(models.Model):
    """A service in the catalogue (服务事项), e.g. 法律咨询, 法律援助, 人民调解."""

    code = models.SlugField(
        _("代码"), max_length=32, unique=True, help_text=_("英文小写代码，如 consultation；创建后不要修改")
    )
    name = models.CharField(_("名称"), max_length=32)
    summary = models.CharField(_("简介"), max_length=200, help_text=_("一句话说明，显示在服务目录列表中"))
    audience = models.TextField(_("服务对象"), blank=True)
    content = models.TextField(_("服务内容"), blank=True)
    channels = models.JSONField(
        _("办理渠道"), default=list, blank=True, help_text=_('渠道代码列表，如 ["portal", "hotline"]')
    )
    required_materials = models.TextField(_("申请材料"), blank=True, help_text=_("每行一项"))
    legal_basis = models.TextField(_("法律依据"), blank=True, help_text=_("每行一条，写明法律名称和条款"))
    fee = models.CharField(_("收费标准"), max_length=200, blank=True, help_text=_("如：免费"))
    # English texts (shown instead of the Chinese ones when the page is in English and they are
    # filled in; an empty one falls back to the Chinese text).
    name_en = models.CharField(_("名称（英文）"), max_length=64, blank=True)
    summary_en = models.CharField(_("简介（英文）"), max_length=300, blank=True)
    audience_en = models.TextField(_("服务对象（英文）"), blank=True)
    content_en = models.TextField(_("服务内容（英文）"), blank=True, help_text=_("每行一项"))
    required_materials_en = models.TextField(_("申请材料（英文）"), blank=True, help_text=_("每行一项"))
    legal_basis_en = models.TextField(_("法律依据（英文）"), blank=True, help_text=_("每行一条"))
    fee_en = models.CharField(_("收费标准（英文）"), max_length=300, blank=True)
    handling_kind = models.CharField(
        _("办理方式"), max_length=16, choices=HandlingKind.choices, default=HandlingKind.ANSWER
    )
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后不在服务目录中显示，也不能选用"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("数字小的排在前面"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ServiceTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        error = channel_errors(self.channels)
        if error:
            raise ValidationError({"channels": error})

    def shown(self, field: str) -> str:
        """A text field in the active language: its English version (`<field>_en`) when the page is
        in English and that is filled in, else the Chinese one."""
        if field not in TRANSLATED_FIELDS:
            raise ValueError(f"{field} has no English version")
        if english_active():
            english = str(getattr(self, f"{field}_en", "") or "").strip()
            if english:
                return english
        return str(getattr(self, field) or "")

    @property
    def shown_name(self) -> str:
        return self.shown("name")

    @property
    def shown_summary(self) -> str:
        return self.shown("summary")

    @property
    def shown_audience(self) -> str:
        return self.shown("audience")

    @property
    def shown_fee(self) -> str:
        return self.shown("fee")

    @property
    def materials(self) -> list[str]:
        """The required materials (in the active language), one item per non-empty line."""
        return _lines(self.shown("required_materials"))

    @property
    def content_items(self) -> list[str]:
        return _lines(self.shown("content"))

    @property
    def legal_basis_items(self) -> list[str]:
        return _lines(self.shown("legal_basis"))

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels or [] if c in Channel.values]

    @property
    def how_to_apply(self) -> list[tuple[str, str]]:
        """(channel label, plain-language instruction) for each channel, in catalogue order."""
        return [
            (str(Channel(c).label), str(CHANNEL_HOW_TO[Channel(c)])) for c in self.channels or [] if c in CHANNEL_HOW_TO
        ]


# The ServiceType fields that have an English version `<field>_en`.
TRANSLATED_FIELDS = ("name", "summary", "audience", "content", "required_materials", "legal_basis", "fee")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SlaRule(models.Model):
    """A time limit (时限规则) for one stage of one service type, optionally for one channel.

    `region` empty: the national default. With a region: it applies to that region's whole
    subtree and overrides rules of regions above it.

    `channel` empty: any channel. With a citizen channel (APPLY_CHANNELS): only requests that came
    in through it, e.g. an online message (portal) answered within 24 hours while a letter is
    decided within 7 working days (rules.md §4).

    Which rule applies to a request of a channel in a region, on a day (selectors.sla_rule_for):
      1. the nearest region wins: any rule of the request's own region (or its nearest ancestor
         that has rules for the stage) beats every rule above it, channel or not. A region that
         sets its own limit sets it for its subtree; to keep a channel's different limit there it
         adds a row for that channel too;
      2. within that region, the rule for the request's channel beats the any-channel rule;
      3. among rows of the same region and channel, the latest `effective_from` not after the day.
    Rules for another channel never apply.
    """

    service_type = models.ForeignKey(
        ServiceType, verbose_name=_("服务事项"), on_delete=models.CASCADE, related_name="sla_rules"
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=SlaStage.choices)
    amount = models.PositiveIntegerField(_("时限"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("计时方式"), max_length=16, choices=SlaUnit.choices)
    source = models.CharField(
        _("依据"), max_length=SOURCE_MAX_LENGTH, blank=True, help_text=_("法律条款或配置说明，如：《公证法》第30条")
    )
    public_text = models.CharField(
        _("对群众的说明"),
        max_length=PUBLIC_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("服务目录中显示的时限说明；留空则自动生成，如“一般在 7 个工作日内办结”"),
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("适用区划"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_rules",
        help_text=_("留空为全国默认；填写后适用于该区划及其下级区划"),
    )
    channel = models.CharField(
        _("适用渠道"),
        max_length=16,
        blank=True,
        default="",
        choices=[("", _("所有渠道")), *((c.value, c.label) for c in APPLY_CHANNELS)],
        help_text=_("留空为所有渠道；填写后只适用于从该渠道提出的事项，优先于同一区划的“所有渠道”规则"),
    )
    public_text_en = models.CharField(
        _("对群众的说明（英文）"),
        max_length=PUBLIC_TEXT_MAX_LENGTH * 2,
        blank=True,
        help_text=_("英文页面显示；留空则自动生成"),
    )
    effective_from = models.DateField(_("生效日期"), default=DEFAULT_EFFECTIVE_FROM)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("时限规则")
        verbose_name_plural = _("时限规则")
        ordering = [
            "service_type__sort_order",
            "service_type__code",
            "stage",
            "region__code",
            "channel",
            "-effective_from",
        ]
        constraints = [
            # Two partial constraints because NULL regions are distinct in a plain unique index
            # (channel is never NULL: "" is any channel).
            models.UniqueConstraint(
                fields=["service_type", "stage", "region", "channel", "effective_from"],
                condition=Q(region__isnull=False),
                name="catalog_sla_unique_regional",
                violation_error_message="该服务事项在该区划已有同一阶段、同一渠道、同一生效日期的时限规则。",
            ),
            models.UniqueConstraint(
                fields=["service_type", "stage", "channel", "effective_from"],
                condition=Q(region__isnull=True),
                name="catalog_sla_unique_national",
                violation_error_message="该服务事项已有同一阶段、同一渠道、同一生效日期的全国默认时限规则。",
            ),
            models.CheckConstraint(condition=Q(amount__gte=1), name="catalog_sla_amount_positive"),
        ]
        indexes = [models.Index(fields=["service_type", "stage", "effective_from"], name="catalog_sla_lookup")]

    def __str__(self) -> str:
        where = self.region.name if self.region_id and self.region else "全国"
        if self.channel:
            where += f"，{self.get_channel_display()}"
        return f"{self.service_type} {self.get_stage_display()} {self.period_text}（{where}，自 {self.effective_from}）"

    def clean(self) -> None:
        super().clean()
        if self.unit and self.unit not in SlaUnit.values:
            raise ValidationError({"unit": gettext("未知的计时方式：{unit}。").format(unit=self.unit)})
        if self.stage and self.stage not in SlaStage.values:
            raise ValidationError({"stage": gettext("未知的时限阶段：{stage}。").format(stage=self.stage)})
        error = rule_channel_error(self.channel)
        if error:
            raise ValidationError({"channel": error})
        if self.amount is not None and self.unit:
            if self.amount < 1:
                raise ValidationError({"amount": gettext("时限应为正整数。")})
            limit = max_amount(self.unit)
            if self.amount > limit:
                raise ValidationError(
                    {
                        "amount": gettext("时限不能超过 365 天，按“{label}”计最多 {limit}。").format(
                            label=SlaUnit(self.unit).label, limit=limit
                        )
                    }
                )
        if self.service_type_id and self.stage and self.effective_from:
            duplicate = SlaRule.objects.filter(
                service_type_id=self.service_type_id,
                stage=self.stage,
                channel=self.channel or "",
                effective_from=self.effective_from,
            ).exclude(pk=self.pk)
            if self.region_id is None:
                duplicate = duplicate.filter(region__isnull=True)
            else:
                duplicate = duplicate.filter(region_id=self.region_id)
            if duplicate.exists():
                where = gettext("该区划") if self.region_id else gettext("全国默认")
                which = (
                    gettext("“{channel}”渠道").format(channel=self.get_channel_display())
                    if self.channel
                    else gettext("所有渠道")
                )
                raise ValidationError(
                    gettext("{where}已有该服务事项同一阶段、{which}、自 {effective_from} 生效的时限规则。").format(
                        where=where, which=which, effective_from=self.effective_from
                    )
                )

    @property
    def period_text(self) -> str:
        """The period in plain words: 24 小时, 7 个工作日, 8 个工作小时, 30 日."""
        return period_text(self.amount, self.unit)

    def plain_text(self) -> str:
        """The limit as a citizen reads it: `public_text` (`public_text_en` on an English page),
        else e.g. 一般在 7 个工作日内办结."""
        if english_active() and self.public_text_en.strip():
            return self.public_text_en.strip()
        if self.public_text.strip() and not english_active():
            return self.public_text.strip()
        return gettext("一般在 %(period)s内%(action)s") % {
            "period": self.period_text,
            "action": str(STAGE_ACTIONS.get(SlaStage(self.stage), self.get_stage_display())),
        }

    @property
    def channel_label(self) -> str:
        """The channel this rule is for, in plain words ("" for any channel)."""
        return str(Channel(self.channel).label) if self.channel in Channel.values else ""


def rule_channel_error(channel: object) -> str | None:
    """Why a time-limit rule's channel is not "" (any channel) or a citizen channel (None if it is)."""
    if channel in ("", None):
        return None
    if not isinstance(channel, str) or channel not in Channel.values:
        return f"未知的渠道：{channel}。可选：{'、'.join(APPLY_CHANNELS)}，或留空表示所有渠道。"
    if channel not in APPLY_CHANNELS:
        return f"“{Channel(channel).label}”不是群众办理渠道，时限规则只能按群众提出事项的渠道设置。"
    return None


STAGE_ACTIONS = {
    SlaStage.ACCEPT: _("受理"),
    SlaStage.FIRST_CONTACT: _("与您联系"),
    SlaStage.RESOLVE: _("办结"),
}


def period_text(amount: int, unit: str) -> str:
    # ngettext: Chinese has one form, English two ("1 working day", "7 working days").
    if unit == SlaUnit.HOURS:
        return ngettext("%(n)s 小时", "%(n)s 小时", amount) % {"n": amount}
    if unit == SlaUnit.WORKING_HOURS:
        return ngettext("%(n)s 个工作小时", "%(n)s 个工作小时", amount) % {"n": amount}
    if unit == SlaUnit.WORKING_DAYS:
        return ngettext("%(n)s 个工作日", "%(n)s 个工作日", amount) % {"n": amount}
    return ngettext("%(n)s 日", "%(n)s 日", amount) % {"n": amount}

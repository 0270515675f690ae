"""The service network (服务网络): regions, service points, agencies, people's postings.

Regions use the national 12-digit statistical division code (统计用区划代码). The code is itself
a materialised path: everything under a county 330102 has a code between 330102000000 and
330102999999, so "all descendants of X" is one range scan on the unique index of `code`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.refcache import ReferenceQuerySet
from gongfa.core.validators import validate_contact_phone, validate_region_code
from gongfa.network.choices import (
    CODE_PREFIX_LENGTH,
    TIER_LEVELS,
    AgencyKind,
    PointTier,
    RegionLevel,
    ServiceKind,
)


def code_prefix(code: str, level: int) -> str:
    return code[: CODE_PREFIX_LENGTH[RegionLevel(level)]]


def subtree_bounds(code: str, level: int) -> tuple[str, str]:
    """The inclusive code range covering a region and all its descendants."""
    prefix = code_prefix(code, level)
    return prefix.ljust(12, "0"), prefix.ljust(12, "9")


def ancestor_codes(code: str, level: int) -> list[str]:
    """Codes of the region's ancestors, province first (derived from the code, no query).

    A segment may be all zeros where a level is skipped (townships directly under a city without
    counties, like 东莞 441900003000), so duplicates are dropped."""
    codes: list[str] = []
    for parent in RegionLevel:
        if parent >= level:
            break
        candidate = code_prefix(code, parent).ljust(12, "0")
        if candidate != code and candidate not in codes:
            codes.append(candidate)
    return codes


def level_of_code(code: str) -> RegionLevel:
    """Infer the level from where the trailing zeros start (the code shape is the hierarchy)."""
    validate_region_code(code)
    for level in reversed(RegionLevel):
        length = CODE_PREFIX_LENGTH[level]
        parent_length = CODE_PREFIX_LENGTH[RegionLevel(level - 1)] if level > RegionLevel.PROVINCE else 0
        if code[length:].strip("0") == "" and code[parent_length:length].strip("0") != "":
            return level
    raise ValidationError(gettext("行政区划代码不合规：各级代码段不能全为0。"), code="region_code_shape")


class RegionQuerySet(ReferenceQuerySet["Region"]):
    def subtree(self, region: Region, *, include_self: bool = True) -> RegionQuerySet:
        low, high = subtree_bounds(region.code, region.level)
        queryset = self.filter(code__range=(low, high))
        return queryset if include_self else queryset.exclude(pk=region.pk)

    def subtree_of_codes(self, codes: list[tuple[str, int]]) -> RegionQuerySet:
        condition = Q()
        for code, level in codes:
            condition |= Q(code__range=subtree_bounds(code, level))
        return self.filter(condition) if codes else self.none()

    def villages(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.VILLAGE)


class Region(models.Model):
    """An administrative region (行政区划) at one of five levels, from province to village."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True, validators=[validate_region_code])
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The village's (or township's) centre: "near me" without geolocation starts from it.
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Seed plans: 100 % of these villages must have a legal adviser (coverage counts them apart).
    is_poverty_village = models.BooleanField(
        _("脱贫村（原建档立卡贫困村）"), default=False, help_text=_("仅村(社区)填写；覆盖率单独统计此类村")
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="network_region_level_code")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validate_region_code(self.code)
        level = level_of_code(self.code)
        if self.level and self.level != level:
            raise ValidationError(
                {"level": gettext("代码 {code} 对应的层级是“{label}”。").format(code=self.code, label=level.label)}
            )
        self.level = level
        if level > RegionLevel.PROVINCE:
            expected_parent = ancestor_codes(self.code, level)[-1]
            if self.parent_id is None or self.parent is None or self.parent.code != expected_parent:
                raise ValidationError(
                    {
                        "parent": gettext("代码 {code} 的上级区划应为 {expected_parent}。").format(
                            code=self.code, expected_parent=expected_parent
                        )
                    }
                )
        elif self.parent_id is not None:
            raise ValidationError({"parent": gettext("省级区划没有上级区划。")})

    @property
    def prefix(self) -> str:
        return code_prefix(self.code, self.level)

    def subtree_bounds(self) -> tuple[str, str]:
        return subtree_bounds(self.code, self.level)

    def contains(self, other: Region) -> bool:
        low, high = self.subtree_bounds()
        return low <= other.code <= high

    def ancestor_codes(self) -> list[str]:
        return ancestor_codes(self.code, self.level)

    def ancestors(self) -> RegionQuerySet:
        return Region.objects.filter(code__in=self.ancestor_codes())

    @property
    def full_name(self) -> str:
        """Names from the county down, e.g. 示范县 青山镇 桃源村 (used in pickers and lists)."""
        names = list(
            Region.objects.filter(code__in=self.ancestor_codes(), level__gte=RegionLevel.COUNTY)
            .order_by("level")
            .values_list("name", flat=True)
        )
        return " ".join([*names, self.name])


class ServicePointQuerySet(ReferenceQuerySet["ServicePoint"]):
    def in_region(self, region: Region) -> ServicePointQuerySet:
        return self.filter(region__code__range=region.subtree_bounds())

    def active(self) -> ServicePointQuerySet:
        return self.filter(is_active=True)


class ServicePoint(models.Model):
    """A physical service point (实体平台): centre, township station or village room."""

    name = models.CharField(_("名称"), max_length=128)
    tier = models.CharField(_("层级"), max_length=16, choices=PointTier.choices, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="points")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=128, blank=True, default="周一至周五 9:00-17:00")
    # The point's published office number, not personal data: kept in clear (not encrypted).
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_contact_phone])
    services = models.JSONField(_("提供的服务"), default=list, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    languages = models.JSONField(_("服务语言"), default=list, blank=True, help_text=_("如：普通话、彝语、英语"))
    accessibility = models.CharField(
        _("无障碍设施"), max_length=255, blank=True, help_text=_("如：无障碍通道、轮椅、手语服务、老年人优先窗口")
    )
    description = models.TextField(_("简介"), blank=True)
    is_listed = models.BooleanField(_("在法律服务名录中公开"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务点")
        verbose_name_plural = _("服务点")
        ordering = ["region__code", "tier"]
        constraints = [
            models.UniqueConstraint(fields=["region", "tier"], name="network_point_one_per_region_tier"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id and self.tier:
            allowed = TIER_LEVELS[PointTier(self.tier)]
            if self.region.level not in allowed:
                raise ValidationError(
                    {
                        "tier": gettext("“{label}”不能设在{label2}级区划。").format(
                            label=PointTier(self.tier).label, label2=RegionLevel(self.region.level).label
                        )
                    }
                )
        unknown = set(self.services or []) - set(ServiceKind.values)
        if unknown:
            raise ValidationError(
                {"services": gettext("未知的服务类型：{join}。").format(join="、".join(sorted(unknown)))}
            )

    @property
    def services_display(self) -> list[str]:
        return [str(ServiceKind(s).label) for s in self.services if s in ServiceKind.values]


class AgencyQuerySet(ReferenceQuerySet["Agency"]):
    def in_region(self, region: Region) -> AgencyQuerySet:
        return self.filter(region__code__range=region.subtree_bounds())


class Agency(models.Model):
    """A legal service agency (法律服务机构): legal aid centre, mediation committee, notary office …"""

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类型"), max_length=40, choices=AgencyKind.choices, db_index=True)
    industry = models.CharField(
        _("行业领域"), max_length=64, blank=True, help_text=_("行业性专业性调解委员会填写，如医疗纠纷、交通事故")
    )
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="agencies")
    point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("入驻服务点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )
    address = models.CharField(_("地址"), max_length=255, blank=True)
    # The agency's public office number, not personal data: kept in clear (not encrypted).
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_contact_phone])
    licence_number = models.CharField(_("执业许可证号/统一社会信用代码"), max_length=32, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=128, blank=True, default="周一至周五 9:00-17:00")
    services = models.JSONField(_("提供的服务"), default=list, blank=True)
    website = models.URLField(_("网站"), blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    languages = models.JSONField(_("服务语言"), default=list, blank=True, help_text=_("如：普通话、彝语、英语"))
    accessibility = models.CharField(
        _("无障碍设施"), max_length=255, blank=True, help_text=_("如：无障碍通道、轮椅、手语服务、老年人优先窗口")
    )
    description = models.TextField(_("简介"), blank=True)
    is_listed = models.BooleanField(_("在法律服务名录中公开"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("法律服务机构")
        verbose_name_plural = _("法律服务机构")
        ordering = ["region__code", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="network_agency_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == AgencyKind.INDUSTRY_MEDIATION_COMMITTEE and not self.industry:
            raise ValidationError({"industry": gettext("行业性专业性调解委员会须填写行业领域。")})


class PostingQuerySet(models.QuerySet["StaffPosting"]):
    def active(self) -> PostingQuerySet:
        return self.filter(is_active=True)


class StaffPosting(models.Model):
    """Where a person works and in what role (岗位): at a service point or an agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="postings"
    )
    point = models.ForeignKey(
        ServicePoint, verbose_name=_("服务点"), null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    role = models.CharField(_("岗位角色"), max_length=32, choices=Role.choices, db_index=True)
    topics = models.JSONField(_("擅长领域"), default=list, blank=True)
    # Only staff who agreed are shown by name in the public directory (法律服务名录).
    listed_publicly = models.BooleanField(_("同意在名录中公开"), default=False)
    is_active = models.BooleanField(_("在岗"), default=True)
    started_on = models.DateField(_("起始日期"), default=datetime.date.today)
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员岗位")
        verbose_name_plural = _("人员岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "point", "role"], condition=Q(is_active=True), name="network_posting_unique_point"
            ),
            models.UniqueConstraint(
                fields=["user", "agency", "role"], condition=Q(is_active=True), name="network_posting_unique_agency"
            ),
            models.CheckConstraint(
                condition=(Q(point__isnull=False) & Q(agency__isnull=True))
                | (Q(point__isnull=True) & Q(agency__isnull=False)),
                name="network_posting_point_xor_agency",
            ),
        ]
        indexes = [
            models.Index(fields=["point", "is_active"], name="network_posting_point_active"),
            models.Index(fields=["agency", "is_active"], name="network_posting_agency_active"),
            models.Index(fields=["user", "is_active"], name="network_posting_user_active"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.place}"

    @property
    def place(self) -> ServicePoint | Agency | None:
        return self.point or self.agency

    @property
    def region(self) -> Region:
        place = self.place
        assert place is not None
        return place.region

    def clean(self) -> None:
        if bool(self.point_id) == bool(self.agency_id):
            raise ValidationError(gettext("岗位必须且只能关联一个服务点或一个机构。"))


class DutyShift(models.Model):
    """One shift on a point's duty roster (值班表)."""

    point = models.ForeignKey(
        ServicePoint, verbose_name=_("服务点"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("值班人员"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    date = models.DateField(_("日期"))
    starts_at = models.TimeField(_("开始时间"), default=datetime.time(9, 0))
    ends_at = models.TimeField(_("结束时间"), default=datetime.time(17, 0))
    note = models.CharField(_("备注"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["point", "user", "date", "starts_at"], name="network_shift_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="network_shift_ends_after"),
        ]
        indexes = [models.Index(fields=["point", "date"], name="network_shift_point_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M}-{self.ends_at:%H:%M} {self.user}"


class AdvisorAssignment(models.Model):
    """A village legal advisor (村(居)法律顾问) serving one village or community.

    One advisor may serve at most `advisor.max_villages` villages (default 5, rules.md §3.8);
    network.services.assign_village_advisor enforces it.
    """

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("法律顾问"),
        on_delete=models.CASCADE,
        related_name="advisor_assignments",
    )
    village = models.ForeignKey(
        Region, verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="advisor_assignments"
    )
    is_active = models.BooleanField(_("在任"), default=True)
    started_on = models.DateField(_("聘任日期"), default=datetime.date.today)
    ended_on = models.DateField(_("解聘日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("村(居)法律顾问聘任")
        verbose_name_plural = _("村(居)法律顾问聘任")
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "village"], condition=Q(is_active=True), name="network_advisor_village_active"
            ),
        ]
        indexes = [
            models.Index(fields=["advisor", "is_active"], name="network_advisor_active"),
            models.Index(fields=["village", "is_active"], name="network_advisor_village"),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} → {self.village}"


class RegionSetting(models.Model):
    """A configurable number or switch for a region and its subtree, from a date (区域参数).

    The nearest ancestor's latest setting in force wins; without one, the registered default in
    network.region_settings applies. Every rule a region may set differently lives here.
    """

    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.CASCADE, related_name="settings")
    key = models.CharField(_("参数"), max_length=64)
    value = models.JSONField(_("取值"))
    effective_from = models.DateField(_("生效日期"), default=datetime.date(2000, 1, 1))
    note = models.CharField(_("依据/说明"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("区域参数")
        verbose_name_plural = _("区域参数")
        constraints = [
            models.UniqueConstraint(fields=["region", "key", "effective_from"], name="network_setting_unique"),
        ]
        indexes = [models.Index(fields=["key", "region"], name="network_setting_key_region")]

    def __str__(self) -> str:
        return f"{self.region} {self.key}={self.value!r} (自 {self.effective_from})"

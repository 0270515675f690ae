"""Registry of region-configurable parameters (区域参数) with their defaults and legal source.

Every number a region may set differently is declared here once. Lookups walk from the region up
to the province and take the latest value in force on the given date (one query).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from gongfa.network.choices import DayCountMode


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    label: str
    source: str
    kind: type
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def validate(self, value: Any) -> Any:
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(f"参数“{self.label}”应为整数。")
            if self.minimum is not None and value < self.minimum:
                raise ValidationError(f"参数“{self.label}”不能小于 {self.minimum}。")
            if self.maximum is not None and value > self.maximum:
                raise ValidationError(f"参数“{self.label}”不能大于 {self.maximum}。")
        elif self.kind is bool:
            if not isinstance(value, bool):
                raise ValidationError(f"参数“{self.label}”应为 true 或 false。")
        elif self.kind is str:
            if not isinstance(value, str):
                raise ValidationError(f"参数“{self.label}”应为文本。")
            if self.choices and value not in self.choices:
                raise ValidationError(f"参数“{self.label}”只能取：{'、'.join(self.choices)}。")
        return value


REGISTRY: dict[str, SettingSpec] = {}


def register(spec: SettingSpec) -> SettingSpec:
    REGISTRY[spec.key] = spec
    return spec


DAY_COUNT_MODE = register(
    SettingSpec(
        key="day_count_mode",
        default=DayCountMode.CALENDAR.value,
        label="期间计算方式",
        source="《民法典》第201–203条（默认自然日、末日顺延）；rules.md Day-count convention ⚠",
        kind=str,
        choices=tuple(DayCountMode.values),
    )
)
ADVISOR_MAX_VILLAGES = register(
    SettingSpec(
        key="advisor.max_villages",
        default=5,
        label="每名村(居)法律顾问最多服务村(社区)数",
        source="rules.md §3.8（金水区方案，地方实践）",
        kind=int,
        minimum=1,
        maximum=50,
    )
)


def spec_for(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise ValidationError(f"未登记的区域参数：{key}。") from None


def default_for(key: str) -> Any:
    return spec_for(key).default


def effective_date(on: datetime.date | None) -> datetime.date:
    return on or datetime.date.today()


# Work orders (issue #3): numbers a region may set differently; defaults are configuration.
RETURN_VISIT_SAMPLE_PERCENT = register(
    SettingSpec(
        key="workorder.return_visit_sample_percent",
        default=5,
        label="办结工单回访抽查比例（%）",
        source="rules.md §4 hotline.qc_sample_rate（安徽 ≥5%，◐ 省级指标）",
        kind=int,
        minimum=0,
        maximum=100,
    )
)
RATING_LINK_DAYS = register(
    SettingSpec(
        key="workorder.rating_link_days",
        default=15,
        label="评价链接有效天数",
        source="配置（无法定期限）",
        kind=int,
        minimum=1,
        maximum=90,
    )
)
RETURN_VISIT_DUE_HOURS = register(
    SettingSpec(
        key="workorder.return_visit_due_hours",
        default=24,
        label="差评回访时限（小时）",
        source="rules.md §4 hotline.callback_on_dissatisfied（不满意100%回访，◐）；时限为配置",
        kind=int,
        minimum=1,
        maximum=720,
    )
)
RECTIFICATION_DAYS = register(
    SettingSpec(
        key="workorder.rectification_days",
        default=7,
        label="整改期限（日）",
        source="配置",
        kind=int,
        minimum=1,
        maximum=90,
    )
)
DUPLICATE_WINDOW_DAYS = register(
    SettingSpec(
        key="workorder.duplicate_window_days",
        default=7,
        label="疑似重复工单比对天数",
        source="配置",
        kind=int,
        minimum=1,
        maximum=90,
    )
)
ESCALATION_HOURS = register(
    SettingSpec(
        key="workorder.escalation_hours",
        default=24,
        label="督办未解除时逐级上报间隔（小时）",
        source="配置（12345闭环督办，◐）",
        kind=int,
        minimum=1,
        maximum=720,
    )
)

"""The monthly report (月报) and the bulletin (通报).

Monthly report, from a template as data (ReportTemplate / ReportRow):
- generate_report: the reporting region (a county, template.reporting_level) generates its month.
  Indicator rows are computed from the rollups (compute.indicator_values over the whole month);
  typed rows start empty. Regenerating a draft or returned report refreshes its computed cells and
  keeps what was typed. Each cell carries last month's value: last month's report cell where
  there is one, else (indicator rows) the indicator computed for last month.
- save_typed_cells: only typed rows, numbers parsed strictly, every problem at once.
- check_report: warnings (never errors) for cells that moved against last month by more than the
  row's outlier ratio; shown before submitting.
- submit_report (a supervisor posted in the reporting region itself), return_report (with a
  reason) and accept_report (a supervisor of the level above: whose scope covers the parent
  region): the transition table REPORT_TRANSITIONS and the audit trail.

Due day: a month's report is due on the region setting ``performance.report_due_day`` (default
25) of the month after it: the November report is due on 25 December. Lateness counts from the
first submission (a report returned and resubmitted after the due day was not late, if it was
first submitted in time).

Bulletin: issue_bulletin ranks the regions one level below on chosen indicators, each in its
direction (higher or lower is better), ties sharing a rank (1, 1, 3); the rows are stored as
issued.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.network.models import Region, StaffPosting
from gongfa.network.region_settings import SettingSpec, register
from gongfa.network.scope import ScopeKind, scope_for
from gongfa.network.selectors import region_setting
from gongfa.performance import compute
from gongfa.performance.choices import REPORT_TRANSITIONS, Direction, ReportStatus, RowKind, ValueType
from gongfa.performance.models import Bulletin, Indicator, MonthlyReport, ReportCell, ReportRow, ReportTemplate
from gongfa.performance.periods import add_months, day_end, month_end, month_start

REPORT_DUE_DAY = register(
    SettingSpec(
        key="performance.report_due_day",
        default=25,
        label=gettext_lazy("月报报送截止日（次月几日）"),
        source="云南省公共法律服务惠民工程：每月25日前报送上月数据（issue #12）",
        kind=int,
        minimum=1,
        maximum=28,
    )
)

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# The largest magnitude a cell holds (ReportCell.value: 16 digits, 4 of them decimals).
MAX_CELL = Decimal("999999999999.9999")
MAX_BULLETIN_INDICATORS = 12
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_INTEGER = re.compile(r"^-?[0-9]+$")


# ---------------------------------------------------------------------------------------------
# Who acts for which level


def posted_in(user: User, region: Region) -> bool:
    """A supervisor with an active posting in the region itself (not above, not below)."""
    if not user.is_active or not user.is_supervisor:
        return False
    postings = StaffPosting.objects.filter(user=user, is_active=True, role=user.role).select_related(
        "point__region", "agency__region"
    )
    return any(p.place is not None and p.region.pk == region.pk for p in postings)


def is_level_above(user: User, region: Region) -> bool:
    """A supervisor whose scope covers the region's parent (the level that accepts its report),
    or an administrator."""
    scope = scope_for(user)
    if scope.kind == ScopeKind.ADMINISTRATOR:
        return True
    if scope.kind != ScopeKind.SUPERVISOR or region.parent_id is None:
        return False
    parent = region.parent
    assert parent is not None
    return scope.covers_region(parent)


def may_see(user: User, region: Region) -> bool:
    scope = scope_for(user)
    return scope.kind in (ScopeKind.ADMINISTRATOR, ScopeKind.SUPERVISOR) and scope.covers_region(region)


def visible_reports(user: User) -> QuerySet[MonthlyReport]:
    """The reports of the regions in the user's subtrees (the own region's and the children's)."""
    scope = scope_for(user)
    queryset = MonthlyReport.objects.select_related("template", "region", "submitted_by", "decided_by")
    if scope.kind == ScopeKind.ADMINISTRATOR:
        return queryset
    if scope.kind != ScopeKind.SUPERVISOR:
        return queryset.none()
    return queryset.filter(scope.region_q("region__code"))


def visible_bulletins(user: User) -> QuerySet[Bulletin]:
    scope = scope_for(user)
    queryset = Bulletin.objects.select_related("region", "issued_by")
    if scope.kind == ScopeKind.ADMINISTRATOR:
        return queryset
    if scope.kind != ScopeKind.SUPERVISOR:
        return queryset.none()
    return queryset.filter(scope.region_q("region__code"))


# ---------------------------------------------------------------------------------------------
# Dates


def due_date(region: Region, month: datetime.date) -> datetime.date:
    """The day the month's report is due: the region's due day of the following month."""
    following = add_months(month_start(month), 1)
    day = int(region_setting(region, REPORT_DUE_DAY.key, following))
    return following.replace(day=min(max(day, 1), 28))


def due_dates(regions: Sequence[Region], month: datetime.date) -> dict[int, datetime.date]:
    """Each region's due day for the month in one query (region_setting's rule: the nearest
    ancestor's latest setting in force on the first day of the following month wins)."""
    from gongfa.network.models import RegionSetting

    following = add_months(month_start(month), 1)
    settings = list(
        RegionSetting.objects.filter(key=REPORT_DUE_DAY.key, effective_from__lte=following)
        .order_by("effective_from")
        .values_list("region__code", "region__level", "value")
    )
    found: dict[int, datetime.date] = {}
    for region in regions:
        chain = {code: index for index, code in enumerate([*region.ancestor_codes(), region.code])}
        best: tuple[int, Any] | None = None
        for code, _level, value in settings:  # later rows win at the same depth
            depth = chain.get(code)
            if depth is not None and (best is None or depth >= best[0]):
                best = (depth, value)
        day = int(best[1]) if best is not None else int(REPORT_DUE_DAY.default)
        found[region.pk] = following.replace(day=min(max(day, 1), 28))
    return found


@dataclass(frozen=True)
class Expected:
    """A report the regions beneath owe for a month (报送情况): generated or not."""

    template: ReportTemplate
    region: Region
    report: MonthlyReport | None
    due_on: datetime.date
    days_late: int

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display()) if self.report is not None else gettext("未生成")


def expected_reports(
    user: User, month: datetime.date, *, today: datetime.date | None = None, limit: int = 500
) -> list[Expected]:
    """For a supervisor above the reporting level: every region of the subtree that owes the
    month's report, with its report (or none yet) and lateness. Four queries (and the user's scope)
    whatever the count."""
    scope = scope_for(user)
    if scope.kind not in (ScopeKind.ADMINISTRATOR, ScopeKind.SUPERVISOR):
        return []
    regions_q = Region.objects.all()
    if scope.kind == ScopeKind.SUPERVISOR:
        regions_q = regions_q.filter(scope.region_q("code"))
    return owed_reports(month, regions_q, today=today, limit=limit)


def owed_reports(
    month: datetime.date,
    regions_q: QuerySet[Region] | None = None,
    *,
    today: datetime.date | None = None,
    limit: int | None = None,
) -> list[Expected]:
    """Every (template, region) owing the month's report among regions_q (all regions when None)."""
    today = today or timezone.localdate()
    month = month_start(month)
    templates = list(ReportTemplate.objects.filter(is_active=True).order_by("code"))
    levels = {template.reporting_level for template in templates}
    if not levels:
        return []
    regions_q = (regions_q if regions_q is not None else Region.objects.all()).filter(level__in=levels).order_by("code")
    regions = list(regions_q[:limit] if limit is not None else regions_q)
    reports = {
        (report.template_id, report.region_id): report
        for report in MonthlyReport.objects.filter(month=month, region__in=regions, template__in=templates)
    }
    dues = due_dates(regions, month)
    expected: list[Expected] = []
    for template in templates:
        for region in regions:
            if region.level != template.reporting_level:
                continue
            report = reports.get((template.pk, region.pk))
            due = report.due_on if report is not None else dues[region.pk]
            late = days_late(report, today) if report is not None else max((today - due).days, 0)
            expected.append(Expected(template, region, report, due, late))
    return expected


def days_late(report: MonthlyReport, today: datetime.date | None = None) -> int:
    """Days past the due day: of the first submission, or (not yet submitted) of today."""
    submitted = report.submitted_at
    on = timezone.localdate(submitted) if submitted is not None else (today or timezone.localdate())
    return max((on - report.due_on).days, 0)


def is_late(report: MonthlyReport, today: datetime.date | None = None) -> bool:
    return days_late(report, today) > 0


# ---------------------------------------------------------------------------------------------
# Generation


def _indicator_rows(template: ReportTemplate) -> list[ReportRow]:
    return list(template.rows.select_related("indicator").order_by("order"))


def _computed(rows: Sequence[ReportRow], region: Region, month: datetime.date) -> dict[str, Decimal | None]:
    indicators = _distinct_indicators(rows)
    if not indicators:
        return {}
    values = compute.indicator_values(indicators, region, month, month_end(month))
    return {code: value.value for code, value in values.items()}


def _distinct_indicators(rows: Iterable[ReportRow]) -> list[Indicator]:
    found: dict[int, Indicator] = {}
    for row in rows:
        if row.kind == RowKind.INDICATOR and row.indicator is not None:
            found[row.indicator.pk] = row.indicator
    return list(found.values())


def _previous_values(
    template: ReportTemplate, region: Region, month: datetime.date, rows: Sequence[ReportRow], months_back: int = 1
) -> dict[int, Decimal | None]:
    """row id → the value `months_back` months before (1: 环比, 12: 同比): that month's report cell,
    else the indicator computed."""
    last_month = add_months(month, -months_back)
    previous: dict[int, Decimal | None] = {}
    earlier = MonthlyReport.objects.filter(template=template, region=region, month=last_month).first()
    if earlier is not None:
        for cell in earlier.cells.all():
            previous[cell.row_id] = cell.value
    missing = [row for row in rows if row.kind == RowKind.INDICATOR and previous.get(row.pk) is None]
    if missing:
        computed = _computed(missing, region, last_month)
        for row in missing:
            assert row.indicator is not None
            previous[row.pk] = computed.get(row.indicator.code)
    return previous


def check_generate(
    actor: User, template: ReportTemplate, region: Region, month: datetime.date, *, today: datetime.date | None = None
) -> None:
    """Refuse (all problems at once) a report the actor may not generate; writes nothing."""
    today = today or timezone.localdate()
    problems = Problems()
    if not (posted_in(actor, region) or scope_for(actor).kind == ScopeKind.ADMINISTRATOR):
        raise NotPermitted(gettext("只有本级区划的督办人员可以生成本级月报。"), code="wrong_level")
    if not template.is_active:
        problems.add("template", gettext("报表“{name}”已停用。").format(name=template.name), code="inactive")
    if region.level != template.reporting_level:
        problems.add(
            "region",
            gettext("报表“{name}”由{level_name}填报，{name2}不是该层级。").format(
                name=template.name, level_name=_level_name(template.reporting_level), name2=region.name
            ),
            code="wrong_level",
        )
    if month_end(month) >= today:
        problems.add(
            "month", gettext("{month:%Y年%m月}尚未结束，不能生成月报。").format(month=month), code="month_not_over"
        )
    problems.raise_if_any()


def _level_name(level: int) -> str:
    from gongfa.network.choices import RegionLevel

    try:
        return str(RegionLevel(level).label)
    except ValueError:
        return gettext("第{level}级").format(level=level)


def generate_report(
    actor: User,
    template: ReportTemplate,
    region: Region,
    month: datetime.date,
    *,
    today: datetime.date | None = None,
) -> MonthlyReport:
    """Generate (or regenerate) the region's report for the month from the rollups."""
    month = month_start(month)
    check_generate(actor, template, region, month, today=today)
    rows = _indicator_rows(template)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().filter(template=template, region=region, month=month).first()
        created = report is None
        if report is None:
            try:
                with transaction.atomic():
                    report = MonthlyReport.objects.create(
                        template=template,
                        region=region,
                        month=month,
                        due_on=due_date(region, month),
                        generated_by=actor,
                    )
            except IntegrityError:  # generated at the same moment by someone else
                raise DomainError(gettext("该月报刚由他人生成，请刷新后再试。"), code="concurrent") from None
        elif report.status not in EDITABLE:
            raise DomainError(
                gettext("该月报{get_status_display}，不能重新生成。").format(
                    get_status_display=report.get_status_display()
                ),
                code="not_editable",
                field="month",
            )
        else:
            report.generated_at = timezone.now()
            report.generated_by = actor
            report.save(update_fields=["generated_at", "generated_by"])
        computed = _computed(rows, region, month)
        previous = _previous_values(template, region, month, rows)
        last_year = _previous_values(template, region, month, rows, months_back=12)
        existing = {cell.row_id: cell for cell in report.cells.all()}
        now = timezone.now()
        new_cells: list[ReportCell] = []
        changed: list[ReportCell] = []
        for row in rows:
            if row.kind == RowKind.HEADING:
                continue
            cell = existing.get(row.pk)
            value = computed.get(row.indicator.code) if row.kind == RowKind.INDICATOR and row.indicator else None
            if cell is None:
                new_cells.append(
                    ReportCell(
                        report=report,
                        row=row,
                        value=value if row.kind == RowKind.INDICATOR else None,
                        previous=previous.get(row.pk),
                        last_year=last_year.get(row.pk),
                        computed=row.kind == RowKind.INDICATOR,
                        updated_at=now,
                    )
                )
                continue
            cell.previous = previous.get(row.pk)
            cell.last_year = last_year.get(row.pk)
            if row.kind == RowKind.INDICATOR:
                cell.value = value
                cell.computed = True
                cell.updated_at = now
            changed.append(cell)
        ReportCell.objects.bulk_create(new_cells)
        if changed:
            ReportCell.objects.bulk_update(changed, ["value", "previous", "last_year", "computed", "updated_at"])
        record_event(
            report,
            "performance.monthlyreport.generate",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"month": month.isoformat(), "template": template.code, "regenerated": not created},
            region=region,
        )
    return report


# ---------------------------------------------------------------------------------------------
# Typed cells


def _parse(row: ReportRow, raw: str, problems: Problems) -> tuple[Decimal | None, str]:
    """A typed value as (number, text); problems name the row."""
    field = f"cell_{row.code}"
    text = raw.strip()
    if row.value_type == ValueType.TEXT:
        if len(text) > 2000:
            problems.add(field, gettext("“{label}”不能超过 2000 个字。").format(label=row.label), code="too_long")
        return None, text
    if not text:
        return None, ""
    pattern = _INTEGER if row.value_type == ValueType.INTEGER else _NUMBER
    if not pattern.match(text):
        if row.value_type == ValueType.INTEGER:
            problems.add(
                field,
                gettext("“{label}”请填整数（如 12），现在是“{value}”。").format(label=row.label, value=text[:20]),
                code="not_a_number",
            )
        else:
            problems.add(
                field,
                gettext("“{label}”请填数字（如 12.5），现在是“{value}”。").format(label=row.label, value=text[:20]),
                code="not_a_number",
            )
        return None, ""
    try:
        value = Decimal(text)
    except InvalidOperation:  # the pattern makes this unreachable; keep the refusal plain anyway
        problems.add(field, gettext("“{label}”请填数字。").format(label=row.label), code="not_a_number")
        return None, ""
    ok = True
    if value < 0 and not row.allow_negative:
        problems.add(field, gettext("“{label}”不能为负数。").format(label=row.label), code="negative")
        ok = False
    if abs(value) > MAX_CELL:
        problems.add(field, gettext("“{label}”数值过大。").format(label=row.label), code="too_large")
        ok = False
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        problems.add(field, gettext("“{label}”最多保留 4 位小数。").format(label=row.label), code="too_many_decimals")
        ok = False
    if row.value_type == ValueType.PERCENT and value > 100:
        problems.add(field, gettext("“{label}”是百分比，不能大于 100。").format(label=row.label), code="over_100")
        ok = False
    return (value if ok else None), ""


def check_typed_cells(report: MonthlyReport, values: Mapping[str, str]) -> dict[int, tuple[Decimal | None, str]]:
    """Parse the typed values ({row code: text}); every problem at once. Writes nothing."""
    problems = Problems()
    if report.status not in EDITABLE:
        problems.add(
            None,
            gettext("该月报{get_status_display}，不能修改。").format(get_status_display=report.get_status_display()),
            code="not_editable",
        )
    rows = {row.code: row for row in report.template.rows.all()}
    parsed: dict[int, tuple[Decimal | None, str]] = {}
    for code, raw in values.items():
        row = rows.get(code)
        if row is None:
            problems.add(None, gettext("报表没有栏目“{code}”。").format(code=code), code="unknown_row")
            continue
        if row.kind != RowKind.TYPED:
            problems.add(
                f"cell_{code}",
                gettext("“{label}”由系统取数，不能手工修改。").format(label=row.label),
                code="computed_row",
            )
            continue
        parsed[row.pk] = _parse(row, str(raw or ""), problems)
    problems.raise_if_any()
    return parsed


def save_typed_cells(actor: User, report: MonthlyReport, values: Mapping[str, str]) -> MonthlyReport:
    """Save the typed cells of a draft or returned report (by a supervisor of its own region)."""
    if not posted_in(actor, report.region):
        raise NotPermitted(gettext("只有填报区划的督办人员可以填写月报。"), code="wrong_level")
    parsed = check_typed_cells(report, values)
    with transaction.atomic():
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise DomainError(
                gettext("该月报{get_status_display}，不能修改。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="not_editable",
            )
        cells = {cell.row_id: cell for cell in locked.cells.all()}
        now = timezone.now()
        changed: list[ReportCell] = []
        codes: list[str] = []
        rows = {row.pk: row for row in locked.template.rows.all()}
        for row_id, (value, text) in parsed.items():
            cell = cells.get(row_id)
            if cell is None:
                cell = ReportCell.objects.create(report=locked, row_id=row_id, computed=False)
            if cell.value == value and cell.text == text:
                continue
            cell.value, cell.text, cell.updated_at = value, text, now
            changed.append(cell)
            codes.append(rows[row_id].code)
        if changed:
            ReportCell.objects.bulk_update(changed, ["value", "text", "updated_at"])
            record_event(
                locked,
                "performance.monthlyreport.edit",
                actor=actor,
                channel=Channel.WORKBENCH,
                data={"rows": codes},
                region=locked.region,
            )
    return locked


# ---------------------------------------------------------------------------------------------
# Check before submitting


@dataclass(frozen=True)
class OutlierWarning:
    """An outlier (环比异常): shown before submitting, never refused."""

    row_code: str
    label: str
    value: Decimal
    previous: Decimal
    ratio: Decimal
    message: str


def report_cells(report: MonthlyReport) -> list[ReportCell]:
    return list(report.cells.select_related("row__indicator").order_by("row__order"))


def check_report(report: MonthlyReport, cells: Sequence[ReportCell] | None = None) -> list[OutlierWarning]:
    """Cells whose |value − previous| ÷ previous exceeds the row's outlier ratio (a previous of 0
    gives no ratio and no warning)."""
    warnings: list[OutlierWarning] = []
    for cell in cells if cells is not None else report_cells(report):
        if cell.value is None or cell.previous is None or cell.previous == 0:
            continue
        ratio = abs(cell.value - cell.previous) / abs(cell.previous)
        if ratio > cell.row.outlier_ratio:
            warnings.append(
                OutlierWarning(
                    row_code=cell.row.code,
                    label=cell.row.label,
                    value=cell.value,
                    previous=cell.previous,
                    ratio=ratio,
                    message=(
                        gettext(
                            "“{label}”本月 {plain}，上月 {plain2}，变化 {plain3}%，超过 {plain4}%，请核实。"
                        ).format(
                            label=cell.row.label,
                            plain=_plain(cell.value),
                            plain2=_plain(cell.previous),
                            plain3=_plain((ratio * 100).quantize(Decimal("0.1"))),
                            plain4=_plain(cell.row.outlier_ratio * 100),
                        )
                    ),
                )
            )
    return warnings


def _plain(value: Decimal) -> str:
    """12.5000 → 12.5, 30.00 → 30."""
    text = format(value.normalize(), "f")
    return text


def missing_required(report: MonthlyReport, cells: Sequence[ReportCell] | None = None) -> list[ReportCell]:
    return [
        cell
        for cell in (cells if cells is not None else report_cells(report))
        if cell.row.kind == RowKind.TYPED
        and cell.row.required
        and (cell.value is None if cell.row.value_type != ValueType.TEXT else not cell.text.strip())
    ]


# ---------------------------------------------------------------------------------------------
# Submit, return, accept


def check_submit(actor: User, report: MonthlyReport) -> None:
    if not posted_in(actor, report.region):
        raise NotPermitted(
            gettext("只有{name}的督办人员可以报送本级月报。").format(name=report.region.name), code="wrong_level"
        )
    REPORT_TRANSITIONS.get(report.status, "submit")
    problems = Problems()
    for cell in missing_required(report):
        problems.add(
            f"cell_{cell.row.code}", gettext("请填写“{label}”。").format(label=cell.row.label), code="required"
        )
    problems.raise_if_any()


def submit_report(actor: User, report: MonthlyReport, *, now: datetime.datetime | None = None) -> MonthlyReport:
    """Submit upward; the first submission's time is what lateness counts from."""
    now = now or timezone.now()
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().select_related("region", "template").get(pk=report.pk)
        check_submit(actor, report)
        first = report.submitted_at is None
        if first:
            report.submitted_at = now
        report.submitted_by = actor
        report.return_reason = ""
        late = max((timezone.localdate(now) - report.due_on).days, 0)
        transition(
            report,
            REPORT_TRANSITIONS,
            "submit",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"due_on": report.due_on.isoformat(), "days_late": late, "first": first},
            region=report.region,
            extra_update_fields=("submitted_at", "submitted_by", "return_reason"),
        )
    return report


def check_decide(actor: User, report: MonthlyReport, action: str, reason: str = "") -> None:
    if not is_level_above(actor, report.region) or posted_in(actor, report.region):
        raise NotPermitted(gettext("月报由上一级督办人员审核，本级不能审核本级月报。"), code="wrong_level")
    REPORT_TRANSITIONS.get(report.status, action)
    if action == "return" and not reason.strip():
        raise DomainError(gettext("退回须填写原因。"), code="reason_required", field="reason")
    if len(reason) > 1000:
        raise DomainError(gettext("退回原因不能超过 1000 个字。"), code="too_long", field="reason")


def _decide(actor: User, report: MonthlyReport, action: str, reason: str = "") -> MonthlyReport:
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().select_related("region", "template").get(pk=report.pk)
        check_decide(actor, report, action, reason)
        report.decided_at = timezone.now()
        report.decided_by = actor
        if action == "return":
            report.return_reason = reason.strip()
        transition(
            report,
            REPORT_TRANSITIONS,
            action,
            actor=actor,
            channel=Channel.WORKBENCH,
            reason=reason.strip(),
            region=report.region,
            extra_update_fields=("decided_at", "decided_by", "return_reason"),
        )
    return report


def return_report(actor: User, report: MonthlyReport, reason: str) -> MonthlyReport:
    """The level above returns a submitted report with a reason (退回修改)."""
    return _decide(actor, report, "return", reason)


def accept_report(actor: User, report: MonthlyReport) -> MonthlyReport:
    """The level above accepts a submitted report (审核通过)."""
    return _decide(actor, report, "accept")


# ---------------------------------------------------------------------------------------------
# Lateness reminders


LATE_VERB = "performance.report_late"


def remind_late_reports(*, today: datetime.date | None = None, now: datetime.datetime | None = None) -> int:
    """Record a lateness event (催报) for each report not submitted by its due day, at most once
    per report and day; the subscription table turns it into the reporting region's notices."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    late = (
        MonthlyReport.objects.filter(status__in=EDITABLE, due_on__lt=today)
        .select_related("region", "template")
        .order_by("due_on", "pk")
    )
    reminded = 0
    for report in late.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                MonthlyReport.objects.filter(pk=report.pk, status__in=EDITABLE)
                .exclude(reminded_at__gte=_day_start(today))
                .update(reminded_at=now)
            )
            if not claimed:
                continue
            record_event(
                report,
                LATE_VERB,
                actor=None,
                channel=Channel.SYSTEM,
                reason=f"{report.month:%Y年%m月}月报已超过报送期限（{report.due_on:%m月%d日}）",
                data={
                    "due_on": report.due_on.isoformat(),
                    "days_late": (today - report.due_on).days,
                    "notify_key": f"perf-late:{report.pk}:{today:%Y%m%d}",
                },
                region=report.region,
            )
            reminded += 1
    return reminded + remind_missing_reports(today=today)


MISSING_VERB = "performance.report_missing"


def remind_missing_reports(*, today: datetime.date | None = None) -> int:
    """Last month's reports not even generated by their due day: record a reminder on the region
    (催报), at most once per region, template and day."""
    today = today or timezone.localdate()
    month = add_months(month_start(today), -1)
    missing = [item for item in owed_reports(month, today=today) if item.report is None and item.days_late > 0]
    if not missing:
        return 0
    keys = {
        f"perf-missing:{item.template.code}:{item.region.code}:{month:%Y%m}:{today:%Y%m%d}": item for item in missing
    }
    from gongfa.audit.models import Event

    done = set(
        Event.objects.filter(verb=MISSING_VERB, occurred_at__gte=_day_start(today)).values_list(
            "data__notify_key", flat=True
        )
    )
    reminded = 0
    for key, item in keys.items():
        if key in done:
            continue
        record_event(
            item.region,
            MISSING_VERB,
            actor=None,
            channel=Channel.SYSTEM,
            reason=f"{month:%Y年%m月}{item.template.name}尚未生成，已超过报送期限（{item.due_on:%m月%d日}）",
            data={
                "template": item.template.code,
                "template_name": item.template.name,
                "month": month.isoformat(),
                "due_on": item.due_on.isoformat(),
                "days_late": item.days_late,
                "notify_key": key,
            },
            region=item.region,
        )
        reminded += 1
    return reminded


def _day_start(day: datetime.date) -> datetime.datetime:
    return day_end(day - datetime.timedelta(days=1))


# ---------------------------------------------------------------------------------------------
# Bulletin


def rank(values: Sequence[tuple[str, Decimal | None]], direction: str) -> dict[str, int | None]:
    """Competition ranking (1, 1, 3) of keyed values in the indicator's direction; no value, no rank."""
    present: list[tuple[str, Decimal]] = [(key, value) for key, value in values if value is not None]
    ordered = sorted(present, key=lambda item: item[1], reverse=direction != Direction.LOWER)
    ranks: dict[str, int | None] = {key: None for key, _ in values}
    previous: Decimal | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            current = position
            previous = value
        ranks[key] = current
    return ranks


def check_bulletin(
    actor: User,
    region: Region | None,
    start: datetime.date | None,
    end: datetime.date | None,
    indicator_codes: Sequence[str],
    title: str = "",
    *,
    today: datetime.date | None = None,
) -> list[Indicator]:
    today = today or timezone.localdate()
    problems = Problems()
    if region is None:
        problems.add("region", gettext("请选择通报单位。"), code="required")
    elif not may_see(actor, region):
        raise NotPermitted(gettext("只能对本人辖区内的区划制发通报。"), code="out_of_scope")
    elif not Region.objects.filter(parent=region).exists():
        problems.add("region", gettext("{name}没有下级区划，无法排名。").format(name=region.name), code="no_children")
    if start is None:
        problems.add("start", gettext("请填写起始日期。"), code="required")
    if end is None:
        problems.add("end", gettext("请填写截止日期。"), code="required")
    if start is not None and end is not None:
        if start > end:
            problems.add("end", gettext("截止日期不能早于起始日期。"), code="bad_period")
        elif end >= today:
            problems.add("end", gettext("截止日期须早于今天（当天数据尚未完整）。"), code="bad_period")
        elif (end - start).days > 366:
            problems.add("end", gettext("通报期间不能超过一年。"), code="bad_period")
    codes = list(dict.fromkeys(code for code in indicator_codes if code))
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}
    if not codes:
        problems.add("indicators", gettext("请至少选择一项排名指标。"), code="required")
    elif len(codes) > MAX_BULLETIN_INDICATORS:
        problems.add(
            "indicators",
            gettext("排名指标最多 {MAX_BULLETIN_INDICATORS} 项。").format(
                MAX_BULLETIN_INDICATORS=MAX_BULLETIN_INDICATORS
            ),
            code="too_many",
        )
    unknown = [code for code in codes if code not in found]
    if unknown:
        problems.add(
            "indicators", gettext("没有这些指标：{join}。").format(join="、".join(unknown)), code="unknown_indicator"
        )
    if len(title) > 128:
        problems.add("title", gettext("标题不能超过 128 个字。"), code="too_long")
    problems.raise_if_any()
    return [found[code] for code in codes]


def issue_bulletin(
    actor: User,
    region: Region,
    start: datetime.date,
    end: datetime.date,
    indicator_codes: Sequence[str],
    *,
    title: str = "",
    today: datetime.date | None = None,
) -> Bulletin:
    """Rank the regions one level below on the indicators and store the bulletin as issued."""
    indicators = check_bulletin(actor, region, start, end, indicator_codes, title, today=today)
    by_child = compute.indicator_values_by_child(indicators, region, start, end)
    ranks = {
        indicator.code: rank(
            [(child.code, values[indicator.code].value) for child, values in by_child], indicator.direction
        )
        for indicator in indicators
    }
    rows: list[dict[str, Any]] = []
    for child, values in by_child:
        cells = []
        for indicator in indicators:
            value = values[indicator.code]
            cells.append(
                {
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.get_unit_display(),
                    "direction": indicator.direction,
                    "value": None if value.value is None else str(value.value),
                    "numerator": value.numerator,
                    "denominator": value.denominator,
                    "rank": ranks[indicator.code][child.code],
                }
            )
        rows.append({"region_code": child.code, "region_name": child.name, "cells": cells})
    rows.sort(key=lambda row: (_rank_key(row["cells"][0]["rank"]), row["region_code"]))
    title = title.strip() or f"{region.name}{_period_words(start, end)}公共法律服务工作通报"
    with transaction.atomic():
        bulletin = Bulletin.objects.create(
            region=region,
            title=title[:128],
            period_start=start,
            period_end=end,
            indicator_codes=[indicator.code for indicator in indicators],
            rows=rows,
            issued_by=actor,
        )
        record_event(
            bulletin,
            "performance.bulletin.issue",
            actor=actor,
            channel=Channel.WORKBENCH,
            data={"indicators": bulletin.indicator_codes, "start": start.isoformat(), "end": end.isoformat()},
            region=region,
        )
    return bulletin


def _rank_key(value: int | None) -> int:
    return value if value is not None else 1_000_000


def _period_words(start: datetime.date, end: datetime.date) -> str:
    if start.day == 1 and end == month_end(start):
        return f"{start.year}年{start.month}月"
    return f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}"

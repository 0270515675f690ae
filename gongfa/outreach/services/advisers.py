"""Village legal advisers' work (村(居)法律顾问工作): recording a log entry and the monthly
reminder of visits that fell short.

`check_log` checks every input of an entry and refuses once with every problem (nothing is
written); `record_log` saves the entry, its photos (re-encoded without metadata by
core.uploads) and, for a consultation answered on the spot, a work order that is closed at once
(so the consultation counts once, in the work-order figures). The same client key saves once: a
double submit from a phone on a flaky connection returns the first entry.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.core.uploads import CheckedUpload, check_upload
from gongfa.core.validators import normalize_phone
from gongfa.mediation.models import MediationCase
from gongfa.network.choices import PointTier
from gongfa.network.models import Region, ServicePoint
from gongfa.network.selectors import region_setting
from gongfa.notifications.services import notify
from gongfa.outreach import rules
from gongfa.outreach.choices import AudienceGroup
from gongfa.outreach.models import AdvisorLog, Attachment, WorkLogKind
from gongfa.outreach.models.advisers import LOG_FIELDS
from gongfa.outreach.notifications.advisers import VISITS_SHORT_KIND, visits_short_key
from gongfa.outreach.selectors.advisers import linkable_cases, previous_month, serves, visit_shortfalls
from gongfa.outreach.services.common import CHANNEL
from gongfa.workorders.models import WorkOrder

MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SUMMARY_CHARS = 2000
MAX_AUDIENCE = 1_000_000  # the table's own limit (outreach_log_audience_sane)
MAX_DAYS_IN_VILLAGE = Decimal(31)
MAX_HOURS = Decimal(744)  # a month of hours: more in one entry is a typo
MAX_COUNT = 100_000
VERB_RECORD = "outreach.advisor_log.record"
# What intake calls a field, as the log form calls it.
INTAKE_FIELDS = {"contact_phone": "requester_phone", "text": "summary", "region": "village"}


@dataclass
class LogEntry:
    """What an adviser submits for one entry (fields the kind does not ask for are ignored)."""

    village: Region | None
    kind: WorkLogKind | None
    occurred_on: datetime.date | None
    summary: str = ""
    topic: str = ""
    days_in_village: Decimal | None = None
    audience: int | None = None
    audience_groups: list[str] = field(default_factory=list)
    questions_answered: int | None = None
    group_members: int | None = None
    document_title: str = ""
    mediation_case_id: int | None = None
    requester_name: str = ""
    requester_phone: str = ""
    hours: Decimal | None = None
    confirm_audience: bool = False
    photos: list[UploadedFile] = field(default_factory=list)
    client_key: str = ""


@dataclass
class Checked:
    """What check_log found usable: the photos to store, the case to link, the phone."""

    photos: list[CheckedUpload] = field(default_factory=list)
    case: MediationCase | None = None
    phone: str = ""
    room: ServicePoint | None = None


def _is_blank(value: object) -> bool:
    return value is None or value == "" or value == []


def _value(entry: LogEntry, name: str) -> object:
    return entry.mediation_case_id if name == "mediation_case" else getattr(entry, name)


def audience_confirm_above(village: Region | None) -> int:
    return int(region_setting(village, rules.AUDIENCE_CONFIRM_ABOVE.key))


def _check_numbers(entry: LogEntry, kind: WorkLogKind, problems: Problems) -> None:
    if kind.wants("audience") and entry.audience is not None:
        threshold = audience_confirm_above(entry.village)
        if entry.audience < 0:
            problems.add("audience", gettext("听众人数不能是负数。"), code="negative")
        elif entry.audience > MAX_AUDIENCE:
            problems.add(
                "audience",
                gettext("听众人数不能超过 {MAX_AUDIENCE:,} 人，请核对。").format(MAX_AUDIENCE=MAX_AUDIENCE),
                code="too_many",
            )
        elif entry.audience > threshold and not entry.confirm_audience:
            problems.add(
                "audience",
                gettext(
                    "听众人数 {audience:,} 人超过 {threshold:,} 人，请核对；确认无误请勾选“确认人数无误”后再提交。"
                ).format(audience=entry.audience, threshold=threshold),
                code="confirm_audience",
            )
    for name, label in (("questions_answered", "解答问题数"), ("group_members", "群成员数")):
        value = getattr(entry, name)
        if kind.wants(name) and value is not None:
            if value < 0:
                problems.add(name, gettext("{label}不能是负数。").format(label=label), code="negative")
            elif value > MAX_COUNT:
                problems.add(
                    name,
                    gettext("{label}不能超过 {MAX_COUNT:,}，请核对。").format(label=label, MAX_COUNT=MAX_COUNT),
                    code="too_many",
                )
    if kind.wants("days_in_village") and entry.days_in_village is not None:
        if entry.days_in_village <= 0:
            problems.add("days_in_village", gettext("驻村天数须大于 0。"), code="not_positive")
        elif entry.days_in_village > MAX_DAYS_IN_VILLAGE:
            problems.add("days_in_village", gettext("一条记录的驻村天数不能超过 31 天。"), code="too_many")
    if kind.wants("hours") and entry.hours is not None:
        if entry.hours < 0:
            problems.add("hours", gettext("服务时长不能是负数。"), code="negative")
        elif entry.hours > MAX_HOURS:
            problems.add("hours", gettext("一条记录的服务时长不能超过 744 小时。"), code="too_many")


def _check_consultation(advisor: User, entry: LogEntry, problems: Problems, checked: Checked) -> None:
    """A consultation becomes a work order: its intake's checks too, and the village's room."""
    from gongfa.workorders.services.intake import check_intake

    phone = normalize_phone(entry.requester_phone or "")
    if not phone:
        problems.add(
            "requester_phone", gettext("现场解答的咨询会生成一件工单，请填写咨询人电话。"), code="contact_required"
        )
    elif entry.village is not None:
        try:
            check_intake(
                channel=Channel.VILLAGE_ROOM,
                region=entry.village,
                text=entry.summary or "-",
                contact_phone=phone,
                received_by=advisor,
            )
        except DomainError as exc:
            for problem in exc.problems:
                if problem.field != "region":  # the village's own problems are reported above
                    name = INTAKE_FIELDS.get(problem.field or "", problem.field)
                    problems.add(name, problem.message, code=problem.code)
    checked.phone = phone
    if entry.village is not None:
        checked.room = ServicePoint.objects.filter(tier=PointTier.ROOM, region=entry.village, is_active=True).first()
        if checked.room is None:
            problems.add(
                "village",
                gettext("{name}尚未设立公共法律服务工作室，现场解答的咨询无法生成工单。").format(
                    name=entry.village.name
                ),
                code="no_room",
            )


def check_log(advisor: User, entry: LogEntry) -> Checked:
    """Every problem of an entry at once (ValidationFailed); writes nothing. Returns the photos as
    they will be stored and the linked case."""
    problems = Problems()
    checked = Checked()
    today = timezone.localdate()
    if entry.village is None:
        problems.add("village", gettext("请选择村(社区)。"), code="required")
    elif not serves(advisor, entry.village):
        problems.add(
            "village",
            gettext("您不是{name}的在任法律顾问，不能为该村(社区)登记工作。").format(name=entry.village.name),
            code="not_served",
        )
    if entry.occurred_on is None:
        problems.add("occurred_on", gettext("请填写日期。"), code="required")
    elif entry.occurred_on > today:
        problems.add("occurred_on", gettext("日期不能晚于今天。"), code="future_date")
    summary = (entry.summary or "").strip()
    if not summary:
        problems.add("summary", gettext("请填写工作内容。"), code="required")
    elif len(summary) > MAX_SUMMARY_CHARS:
        problems.add(
            "summary",
            gettext("工作内容不能超过 {MAX_SUMMARY_CHARS} 个字（现在 {len} 个字）。").format(
                MAX_SUMMARY_CHARS=MAX_SUMMARY_CHARS, len=len(summary)
            ),
            code="too_long",
        )
    kind = entry.kind
    if kind is None or not kind.is_active:
        problems.add("kind", gettext("请选择工作类型。"), code="required")
    else:
        for name in kind.field_names():
            if kind.requires(name) and _is_blank(_value(entry, name)) and name in LOG_FIELDS:
                problems.add(name, gettext("请填写{value}。").format(value=LOG_FIELDS[name]), code="required")
        _check_numbers(entry, kind, problems)
        unknown = sorted(set(entry.audience_groups) - set(AudienceGroup.values))
        if kind.wants("audience_groups") and unknown:
            problems.add("audience_groups", gettext("受众群体的选项不在列表中，请重新选择。"), code="invalid_choice")
        if kind.wants("mediation_case") and entry.mediation_case_id is not None:
            checked.case = linkable_cases(advisor).filter(pk=entry.mediation_case_id).first()
            if checked.case is None:
                problems.add(
                    "mediation_case",
                    gettext("所选调解案件不存在，或不是您服务的村(社区)的案件、也不是您参与调解的案件。"),
                    code="case_not_linkable",
                )
        if kind.creates_work_order:
            _check_consultation(advisor, entry, problems, checked)
    if len(entry.photos) > MAX_PHOTOS:
        problems.add(
            "photos",
            gettext("每条记录最多上传 {MAX_PHOTOS} 个文件。").format(MAX_PHOTOS=MAX_PHOTOS),
            code="too_many_files",
        )
    else:
        for upload in entry.photos:
            try:
                checked.photos.append(check_upload(upload, max_bytes=MAX_PHOTO_BYTES, field="photos"))
            except DomainError as exc:
                problems.add("photos", f"{upload.name}：{exc.message}", code=exc.code)
    problems.raise_if_any()
    return checked


def _consultation_order(advisor: User, entry: LogEntry, checked: Checked) -> WorkOrder:
    """The work order of a consultation answered on the spot: received at the village room by the
    adviser, handled by them, answered and closed (已解答) in one go."""
    from gongfa.workorders.choices import ResultCode
    from gongfa.workorders.services import answer_work_order
    from gongfa.workorders.services.dispatch import Target, _apply_dispatch
    from gongfa.workorders.services.intake import create_work_order

    assert entry.village is not None
    assert checked.room is not None
    summary = entry.summary.strip()
    text = f"{entry.topic.strip()}：{summary}" if entry.topic.strip() else summary
    result = create_work_order(
        channel=Channel.VILLAGE_ROOM,
        region=entry.village,
        text=text,
        contact_name=entry.requester_name.strip(),
        contact_phone=checked.phone,
        received_by=advisor,
        auto_dispatch=False,
    )
    order = result.order
    _apply_dispatch(
        order,
        Target(checked.room, advisor, f"{advisor.display_name}在{entry.village.name}现场解答"),
        actor=advisor,
        channel=Channel.VILLAGE_ROOM,
    )
    return answer_work_order(
        order=order, actor=advisor, answer=summary, close_with=ResultCode.ANSWERED, channel=Channel.VILLAGE_ROOM
    )


def _existing(client_key: str, advisor: User) -> AdvisorLog | None:
    if not client_key:
        return None
    found = AdvisorLog.objects.filter(client_key=client_key).first()
    if found is not None and found.advisor_id != advisor.pk:
        raise DomainError(gettext("页面已失效，请刷新后重新填写。"), code="stale_form")
    return found


def record_log(advisor: User, entry: LogEntry) -> tuple[AdvisorLog, bool]:
    """Save one entry (with its photos and, for a consultation, its closed work order); returns the
    entry and whether it is new (False: this client key was saved before, nothing is added)."""
    client_key = (entry.client_key or "").strip()[:64]
    known = _existing(client_key, advisor)
    if known is not None:
        return known, False
    checked = check_log(advisor, entry)
    kind = entry.kind
    assert kind is not None
    assert entry.village is not None
    assert entry.occurred_on is not None

    try:
        with transaction.atomic():
            order = _consultation_order(advisor, entry, checked) if kind.creates_work_order else None
            hours = entry.hours if kind.wants("hours") and entry.hours is not None else kind.default_hours
            log = AdvisorLog.objects.create(
                advisor=advisor,
                village=entry.village,
                kind=kind,
                occurred_on=entry.occurred_on,
                summary=entry.summary.strip(),
                topic=entry.topic.strip() if kind.wants("topic") else "",
                days_in_village=entry.days_in_village if kind.wants("days_in_village") else None,
                audience=entry.audience if kind.wants("audience") else None,
                audience_groups=sorted(set(entry.audience_groups)) if kind.wants("audience_groups") else [],
                questions_answered=entry.questions_answered if kind.wants("questions_answered") else None,
                group_members=entry.group_members if kind.wants("group_members") else None,
                document_title=entry.document_title.strip() if kind.wants("document_title") else "",
                hours=hours,
                work_order=order,
                mediation_case=checked.case,
                client_key=client_key or None,
            )
            for photo in checked.photos:
                Attachment.objects.create(
                    log=log,
                    file=ContentFile(photo.content, name=f"{uuid.uuid4().hex}.{photo.extension}"),
                    content_type=photo.content_type,
                    size=photo.size,
                    uploaded_by=advisor,
                )
            record_event(
                log,
                VERB_RECORD,
                actor=advisor,
                channel=CHANNEL,
                region=entry.village,
                data={
                    "kind": kind.code,
                    "occurred_on": entry.occurred_on.isoformat(),
                    "work_order": getattr(order, "tracking_number", None),
                    "photos": len(checked.photos),
                },
            )
    except IntegrityError:
        # A concurrent submit with the same key won: this one's writes are undone.
        again = _existing(client_key, advisor)
        if again is None:
            raise
        return again, False
    return log, True


# ---------------------------------------------------------------------------------------------
# The monthly reminder (每村每月到村服务次数)


def remind_missed_visits(year: int | None = None, month: int | None = None) -> int:
    """Tell each adviser whose visits to a village fell short last month (or in year/month) which
    villages; once per adviser and month (the dedupe key), so running it twice sends nothing more.
    Returns the number of notices created now."""
    if year is None or month is None:
        year, month = previous_month()
    by_advisor: dict[int, list] = {}
    for shortfall in visit_shortfalls(year, month):
        by_advisor.setdefault(shortfall.advisor.pk, []).append(shortfall)
    try:
        link = reverse("workbench:outreach_advisers_log")
    except NoReverseMatch:
        link = ""
    sent = 0
    for shortfalls in by_advisor.values():
        advisor = shortfalls[0].advisor
        lines = "；".join(f"{s.village.name}：到村服务 {s.visits} 次，应不少于 {s.expected} 次" for s in shortfalls)
        notice = notify(
            advisor,
            f"{year}年{month}月到村服务次数不足",
            body=f"{year}年{month}月，{lines}。请按要求定期到村服务，并及时登记工作日志。",
            link=link,
            kind=VISITS_SHORT_KIND,
            dedupe_key=visits_short_key(advisor.pk, year, month),
        )
        sent += notice is not None
    return sent

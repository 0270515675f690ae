"""Duty-lawyer help (值班律师法律帮助, rules.md §1.15, §5.4): the help log kept by a duty lawyer
stationed at a detention centre, procuratorate or court (《法律援助法》第14、30、37条), and the
legal-aid application forwarded from it within 24 hours (第39条第2款).

REQUESTED → HELP_GIVEN → CLOSED, or → APPLICATION_FORWARDED (spawning a §5.2 application).
Only the duty lawyer of the log and the staff of its legal aid centre may write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.core.validators import normalize_id_number, validate_id_number
from gongfa.legalaid.choices import DutyHelpKind, IntakeChannel
from gongfa.legalaid.models import DutyHelpLog, LegalAidApplication
from gongfa.legalaid.selectors import is_practitioner
from gongfa.legalaid.services.common import CHANNEL, require_text, setting
from gongfa.legalaid.services.intake import receive_application
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, Region
from gongfa.network.region_settings import LA_DUTY_LAWYER_FORWARD_HOURS
from gongfa.network.scope import ScopeKind, scope_for

S = DutyHelpLog.Status

DUTY_HELP = TransitionTable(
    "值班律师法律帮助",
    S,
    [
        Transition("record_help", (S.REQUESTED,), S.HELP_GIVEN, _("提供法律帮助")),
        Transition("close", (S.HELP_GIVEN,), S.CLOSED, _("办结")),
        Transition("forward_application", (S.HELP_GIVEN,), S.APPLICATION_FORWARDED, _("转交法律援助申请")),
    ],
)
MAX_NOTES = 2000


# A duty lawyer is a practitioner (第14条: the agency stations lawyers at courts and detention centres).
is_duty_lawyer = is_practitioner


def visible_duty_logs(user: User | AnonymousUser | None) -> QuerySet[DutyHelpLog]:
    """Help logs a person may read: administrators all; supervisors their region subtree; the
    legal aid centre's staff its logs; a duty lawyer their own."""
    scope = scope_for(user)
    logs = DutyHelpLog.objects.all()
    if scope.sees_everything:
        return logs
    if scope.kind == ScopeKind.SUPERVISOR:
        return logs.filter(scope.region_q("agency__region__code"))
    if scope.kind == ScopeKind.STAFF:
        return logs.filter(Q(agency_id__in=scope.agency_ids) | Q(duty_lawyer_id=scope.user_id))
    if scope.kind == ScopeKind.NOBODY and scope.user_id is not None:  # a lawyer without a posting
        return logs.filter(duty_lawyer_id=scope.user_id)
    return logs.none()


def _may_write(actor: User, *, agency_id: int, duty_lawyer_id: int) -> bool:
    return actor.is_active and (actor.pk == duty_lawyer_id or agency_id in scope_for(actor).agency_ids)


def _lock(actor: User, log: DutyHelpLog) -> DutyHelpLog:
    locked = DutyHelpLog.objects.select_for_update().select_related("agency__region").filter(pk=log.pk).first()
    if locked is None or not _may_write(actor, agency_id=locked.agency_id, duty_lawyer_id=locked.duty_lawyer_id):
        raise NotPermitted(gettext("只有本记录的值班律师或法律援助中心工作人员可以办理。"))
    return locked


def _moment(value: Any, *, field: str, label: str, required: bool = True) -> datetime.datetime | None:
    if value is None:
        if required:
            raise DomainError(gettext("请填写{label}。").format(label=label), code="required", field=field)
        return None
    if not isinstance(value, datetime.datetime):
        raise DomainError(gettext("{label}格式不正确。").format(label=label), code="invalid_time", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now():
        raise DomainError(gettext("{label}不能晚于现在。").format(label=label), code="future_time", field=field)
    return value


def _notes(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) > MAX_NOTES:
        raise DomainError(
            gettext("帮助情况不能超过 {MAX_NOTES} 个字（现在 {len} 个字）。").format(
                MAX_NOTES=MAX_NOTES, len=len(text)
            ),
            code="too_long",
            field="notes",
        )
    return text


def _step(log: DutyHelpLog, action: str, *, actor: User, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    transition(
        log,
        DUTY_HELP,
        action,
        actor=actor,
        channel=CHANNEL,
        data=data,
        region=log.agency.region,
        extra_update_fields=(*fields, "updated_at"),
    )


def _duty_request_input(
    *,
    duty_lawyer: User | None,
    station: str,
    person_name: str,
    requested_at: Any,
    id_number: str,
    notes: str,
) -> tuple[str, str, str, datetime.datetime | None, str]:
    """Every problem of a help request at once (ValidationFailed); the cleaned values otherwise."""
    problems = Problems()
    if duty_lawyer is None:
        problems.add("duty_lawyer", gettext("请选择值班律师。"), code="required")
    elif not is_duty_lawyer(duty_lawyer):
        problems.add("duty_lawyer", gettext("值班律师须为在册的律师或法律援助承办人员。"), code="invalid_duty_lawyer")
    station_name = name = text = ""
    when = None
    with problems.check():
        station_name = require_text(
            station, field="station", label=gettext("值班地点（看守所、法院或检察院名称）"), max_chars=128
        )
    with problems.check():
        name = require_text(person_name, field="person_name", label=gettext("犯罪嫌疑人、被告人姓名"), max_chars=64)
    number = normalize_id_number(id_number or "")
    if number:
        try:
            validate_id_number(number)
        except ValidationError as exc:
            problems.add("id_number", exc.messages[0], code="invalid_id_number")
    with problems.check():
        when = _moment(requested_at, field="requested_at", label=gettext("提出请求的时间"))
    with problems.check():
        text = _notes(notes)
    problems.raise_if_any()
    return station_name, name, number, when, text


def check_duty_request(
    *,
    duty_lawyer: User | None,
    station: str,
    person_name: str,
    requested_at: Any,
    id_number: str = "",
    notes: str = "",
) -> None:
    """What log_duty_request would refuse in this input, changing nothing."""
    _duty_request_input(
        duty_lawyer=duty_lawyer,
        station=station,
        person_name=person_name,
        requested_at=requested_at,
        id_number=id_number,
        notes=notes,
    )


def log_duty_request(
    *,
    actor: User,
    agency: Agency,
    station: str,
    duty_lawyer: User | None,
    person_name: str,
    requested_at: datetime.datetime | None,
    id_number: str = "",
    notes: str = "",
) -> DutyHelpLog:
    """登记法律帮助请求 (第37条): a suspect or defendant without a defender asks to meet the duty
    lawyer (directly or through the court, procuratorate or police). Written by the duty lawyer
    or the staff of the legal aid centre that stations them (第14条)."""
    if agency.kind != AgencyKind.LEGAL_AID_CENTRE:
        raise DomainError(
            gettext("值班律师由法律援助中心派驻，请选择法律援助中心。"), code="invalid_agency", field="agency"
        )
    if not _may_write(actor, agency_id=agency.pk, duty_lawyer_id=duty_lawyer.pk if duty_lawyer else actor.pk):
        raise NotPermitted(gettext("只有值班律师本人或法律援助中心工作人员可以登记法律帮助。"))
    station_name, name, number, when, text = _duty_request_input(
        duty_lawyer=duty_lawyer,
        station=station,
        person_name=person_name,
        requested_at=requested_at,
        id_number=id_number,
        notes=notes,
    )
    assert when is not None
    assert duty_lawyer is not None
    with transaction.atomic():
        log = DutyHelpLog.objects.create(
            agency=agency,
            station=station_name,
            duty_lawyer=duty_lawyer,
            person_name=name,
            id_number=number,
            requested_at=when,
            notes=text,
            created_by=actor,
        )
        record_event(
            log,
            "legalaid.dutyhelplog.log_request",
            actor=actor,
            channel=CHANNEL,
            to_status=log.status,
            data={"station": station_name},
            region=agency.region,
        )
    return log


def _kinds(kinds: Iterable[str] | str | None, *, plea_presence: bool) -> list[str]:
    values = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if plea_presence:
        values.append(DutyHelpKind.PLEA_PRESENCE)
    if not values:
        raise DomainError(gettext("请选择提供的法律帮助内容。"), code="required", field="help_kinds")
    unknown = [str(kind) for kind in values if kind not in DutyHelpKind.values]
    if unknown:
        raise DomainError(
            gettext("法律帮助内容不正确：{join}。").format(join="、".join(unknown)),
            code="invalid_help_kind",
            field="help_kinds",
        )
    return [kind for kind in DutyHelpKind.values if kind in values]


def record_help(
    *,
    log: DutyHelpLog,
    actor: User,
    kinds: Iterable[str] | str,
    helped_at: datetime.datetime | None = None,
    notes: str = "",
    plea_presence: bool = False,
) -> DutyHelpLog:
    """提供法律帮助 (第30条; §5.4 sub-types): consultation, procedure advice, applying to change
    coercive measures, an opinion on the case (written down: it goes on the file, 《刑事诉讼法》
    第173条), presence at the plea signing (《刑事诉讼法》第174条)."""
    chosen = _kinds(kinds, plea_presence=plea_presence)
    text = _notes(notes)
    if DutyHelpKind.CASE_OPINION in chosen and not text:
        raise DomainError(gettext("对案件处理提出意见的，请填写意见要点。"), code="required", field="notes")
    when = _moment(helped_at, field="helped_at", label=gettext("提供帮助的时间"), required=False) or timezone.now()
    with transaction.atomic():
        locked = _lock(actor, log)
        DUTY_HELP.get(locked.status, "record_help")
        if when < locked.requested_at:
            raise DomainError(
                gettext("提供帮助的时间不能早于提出请求的时间。"), code="before_request", field="helped_at"
            )
        locked.help_kinds, locked.helped_at = chosen, when
        locked.plea_presence = DutyHelpKind.PLEA_PRESENCE in chosen
        if text:
            locked.notes = f"{locked.notes}\n{text}".strip() if locked.notes else text
        _step(
            locked,
            "record_help",
            actor=actor,
            data={"kinds": chosen, "plea_presence": locked.plea_presence},
            fields=("help_kinds", "helped_at", "plea_presence", "notes"),
        )
    return locked


def close_duty_log(*, log: DutyHelpLog, actor: User, notes: str = "") -> DutyHelpLog:
    """办结: the help is done and no legal-aid application is to be forwarded."""
    text = _notes(notes)
    with transaction.atomic():
        locked = _lock(actor, log)
        if text:
            locked.notes = f"{locked.notes}\n{text}".strip() if locked.notes else text
        _step(locked, "close", actor=actor, data={}, fields=("notes",))
    return locked


def forward_application(*, log: DutyHelpLog, actor: User, region: Region, data: dict[str, Any]) -> LegalAidApplication:
    """转交法律援助申请 (第39条第2款): the person applies for legal aid through the duty lawyer,
    who forwards it to the legal aid agency of `region`: a RECEIVED application (§5.2) with
    forwarded_by = the station and the person's request time. More than
    la.duty_lawyer_forward_hours (24) after the request, the log and the application are flagged
    forward_overdue — flagged, never refused. `data` is the application form (receive_application);
    the name and ID number default to the log's."""
    if not isinstance(region, Region):
        raise DomainError(gettext("请选择申请人所在区划。"), code="required", field="region")
    payload = dict(data or {})
    with transaction.atomic():
        locked = _lock(actor, log)
        DUTY_HELP.get(locked.status, "forward_application")
        payload.setdefault("applicant_name", locked.person_name)
        if locked.id_number:
            payload.setdefault("id_number", locked.id_number)
        application = receive_application(
            actor=actor,
            region=region,
            data=payload,
            intake_channel=IntakeChannel.DUTY_LAWYER_FORWARD,
            forwarded_by=locked.station,
            requested_at=locked.requested_at,
        )
        now = timezone.now()
        limit = datetime.timedelta(hours=setting(application, LA_DUTY_LAWYER_FORWARD_HOURS.key))
        locked.forwarded_application, locked.forwarded_at = application, now
        locked.forward_overdue = now - locked.requested_at > limit
        _step(
            locked,
            "forward_application",
            actor=actor,
            data={"application": application.number, "forward_overdue": locked.forward_overdue},
            fields=("forwarded_application", "forwarded_at", "forward_overdue"),
        )
    return application

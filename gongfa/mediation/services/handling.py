"""The mediation itself (rules.md §2.5, §5.5): the rights-and-duties notice and the start of the
one-month clock, sessions and their records, extension by consent, escalation risk, expert
consultation, and termination at a party's request.

Events (verb `mediation.mediationcase.<action>`) that other parts hang on:
- `start_mediation` (data: due_on, resumed);
- `record_session` (data: session, mode, documents);
- `extend` (data: from, until);
- `report_escalation` (data: report, risk, people, police_notified, committee, region) — written
  as a table step in IN_MEDIATION and, before the first session (MEDIATOR_ASSIGNED), as an event
  with the same verb that leaves the status alone (the table would otherwise move the case into
  mediation without the rights notice and clock);
- `resolve_escalation` (data: report, prevented_criminal, prevented_group_petition, people);
- `request_consultation` / `answer_consultation` (data: consultation);
- `terminate_by_party` (data: party, routes).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problems
from gongfa.core.i18n import stored_text
from gongfa.core.uploads import CheckedUpload, check_upload
from gongfa.mediation import rules
from gongfa.mediation.choices import (
    HANDLING_STATUSES,
    CaseStatus,
    ConsultationStatus,
    DocumentKind,
    EscalationRisk,
    MediatorRole,
    Outcome,
    SessionMode,
)
from gongfa.mediation.models import (
    CaseDocument,
    CaseParty,
    EscalationReport,
    ExpertConsultation,
    MediationCase,
    MediationSession,
)
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import calendar_due, lock_for, note, require_text, setting, step
from gongfa.mediation.services.consent import ROUTES_ARTICLE, add_routes_notice, routes_for
from gongfa.mediation.states import MEDIATION

# What a mediator brings back from a session: evidence, the investigation notes, and the parties'
# identity papers and powers of attorney collected there (卷宗 items 3–6, practice.md §a).
ATTACHMENT_KINDS = (
    DocumentKind.INVESTIGATION,
    DocumentKind.EVIDENCE,
    DocumentKind.IDENTITY,
    DocumentKind.POWER_OF_ATTORNEY,
)
MAX_PEOPLE = 100_000


def max_upload_bytes() -> int:
    return int(getattr(settings, "MEDIATION_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


# --- start --------------------------------------------------------------------------------------------


def start_mediation(*, actor: User, case: MediationCase) -> MediationCase:
    """告知权利义务，开始调解: MEDIATOR_ASSIGNED → IN_MEDIATION. Before the first session the parties
    are told what people's mediation is, its principles and effect, and their rights and duties
    (Mediation Provisions 第30条 ◐; 《人民调解法》第23–24条): the 权利义务告知书 goes in the file. The
    soft limit (Mediation Provisions 第33条 ◐: 一般在一个月内调结) runs from today: due_on =
    TIME_LIMIT_DAYS later by the region's day count. A case that returns here after a mediator
    was added or replaced resumes with its first start, clock and notice unchanged."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        MEDIATION.get(locked.status, "start_mediation")
        if not locked.mediators.filter(role=MediatorRole.PRESIDING, recused_at__isnull=True).exists():
            raise DomainError(gettext("请先指定主持调解员。"), code="no_presiding_mediator", field="mediators")
        resumed = locked.mediation_started_at is not None
        if not resumed:
            now = timezone.now()
            today = timezone.localdate(now)
            locked.mediation_started_at = now
            locked.due_on = calendar_due(locked, today, setting(locked, rules.TIME_LIMIT_DAYS.key, today))
            CaseDocument.objects.create(
                case=locked,
                kind=DocumentKind.RIGHTS_NOTICE,
                title=gettext("人民调解权利义务告知书"),
                generated=True,
                added_by=actor,
            )
        step(
            locked,
            "start_mediation",
            actor=actor,
            data={"due_on": locked.due_on.isoformat() if locked.due_on else None, "resumed": resumed},
            fields=("mediation_started_at", "due_on"),
        )
    return locked


# --- sessions -----------------------------------------------------------------------------------------


def _check_attachments(
    attachments: Sequence[tuple[str, UploadedFile | None]], problems: Problems
) -> list[tuple[str, CheckedUpload]]:
    checked: list[tuple[str, CheckedUpload]] = []
    for index, (kind, upload) in enumerate(attachments):
        field = f"attachments.{index}"
        if kind not in ATTACHMENT_KINDS:
            problems.add(
                field, gettext("附件只能是调查记录、证据、身份证明或授权委托书。"), code="invalid_attachment_kind"
            )
        if upload is None:
            problems.add(field, gettext("请选择要上传的文件。"), code="required")
            continue
        try:
            checked.append((kind, check_upload(upload, max_bytes=max_upload_bytes(), field=field)))
        except DomainError as error:
            problems.add_error(error)
    return checked


def record_session(
    *,
    actor: User,
    case: MediationCase,
    held_at: datetime.datetime | None,
    mode: str,
    place: str = "",
    video_link: str = "",
    attendees: str,
    record: str,
    is_public: bool = False,
    attachments: Sequence[tuple[str, UploadedFile | None]] = (),
) -> MediationSession:
    """记录调解过程 (《人民调解法》第27条: the mediator records the mediation): a session with its time,
    place (in person) or video link (video), who attended (第20条: others invited with the parties'
    consent), whether it was public (Mediation Provisions 第29条 ◐) and the record; attachments are
    evidence or investigation notes (kind, file), each checked by parsing (gongfa.core.uploads)."""
    problems = Problems()
    if mode not in SessionMode.values:
        problems.add("mode", gettext("请选择调解方式。"), code="invalid_mode")
    now = timezone.now()
    if held_at is not None and timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if held_at is None:
        problems.add("held_at", gettext("请填写调解时间。"), code="required")
    elif held_at > now:
        problems.add("held_at", gettext("调解时间不能晚于现在。"), code="future_time")
    place, video_link = (place or "").strip(), (video_link or "").strip()
    if mode == SessionMode.IN_PERSON and not place:
        problems.add("place", gettext("现场调解须填写调解地点。"), code="required")
    if len(place) > 200:
        problems.add(
            "place", gettext("调解地点不能超过 200 个字（现在 {len} 个字）。").format(len=len(place)), code="too_long"
        )
    if mode == SessionMode.VIDEO:
        if not video_link:
            problems.add("video_link", gettext("视频调解须填写视频链接。"), code="required")
        else:
            try:
                URLValidator(schemes=["https", "http"])(video_link)
                if len(video_link) > 200:
                    raise ValidationError("too long")
            except ValidationError:
                problems.add(
                    "video_link", gettext("视频链接格式不正确，应为以 https:// 开头的网址。"), code="invalid_url"
                )
    with problems.check():
        attendees = require_text(attendees, field="attendees", label=gettext("参加人员"), max_chars=2000)
    with problems.check():
        record = require_text(record, field="record", label=gettext("调解记录"), max_chars=20000)
    checked = _check_attachments(attachments, problems)
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        MEDIATION.get(locked.status, "record_session")
        # The form gives minutes: a session in the very minute of registration is not "before" it.
        if held_at is not None and held_at < locked.registered_at.replace(second=0, microsecond=0):
            problems.add("held_at", gettext("调解时间不能早于案件登记时间。"), code="before_registration")
        problems.raise_if_any()
        assert held_at is not None
        session = MediationSession.objects.create(
            case=locked,
            held_at=held_at,
            mode=mode,
            place=place,
            video_link=video_link if mode == SessionMode.VIDEO else "",
            attendees=attendees,
            is_public=bool(is_public),
            record=record,
            recorded_by=actor,
            created_at=now,
        )
        day = timezone.localdate(held_at)
        documents = [
            CaseDocument.objects.create(
                case=locked,
                kind=DocumentKind.SESSION_RECORD,
                title=gettext("调解记录（{day:%Y-%m-%d}）").format(day=day),
                generated=True,
                session=session,
                added_by=actor,
            )
        ]
        for kind, upload in checked:
            document = CaseDocument(
                case=locked,
                kind=kind,
                title=f"{stored_text(DocumentKind(kind).label)}（{day:%Y-%m-%d}）",
                content_type=upload.content_type,
                session=session,
                added_by=actor,
            )
            document.file.save(f"upload.{upload.extension}", ContentFile(upload.content), save=False)
            document.save()
            documents.append(document)
        step(
            locked,
            "record_session",
            actor=actor,
            data={"session": session.pk, "mode": mode, "documents": [d.pk for d in documents]},
        )
    return session


# --- extension ----------------------------------------------------------------------------------------


def extend_limit(
    *,
    actor: User,
    case: MediationCase,
    until: datetime.date | None,
    reason: str,
    consent_of_all: bool = True,
) -> MediationCase:
    """经双方同意延长调解期限 (local rules ◐, e.g. a city rule 第36条): only with every party's consent
    (the form confirms it), to a day after the present limit and at most EXTENSION_MAX_DAYS past
    the month (due_on)."""
    problems = Problems()
    if not consent_of_all:
        problems.add("consent_of_all", gettext("延长调解期限须经双方当事人同意。"), code="consent_required")
    text = ""
    with problems.check():
        text = require_text(reason, field="reason", label=gettext("延长理由"), max_chars=255)
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        MEDIATION.get(locked.status, "extend")
        today = timezone.localdate()
        limit = locked.extended_until or locked.due_on
        if until is None:
            problems.add("until", gettext("请填写延长后的调结期限。"), code="required")
        elif locked.due_on is None:
            problems.add("until", gettext("案件尚未开始计算调解期限，不能延长。"), code="no_limit")
        elif locked.due_on is not None and limit is not None:
            latest = locked.due_on + datetime.timedelta(days=setting(locked, rules.EXTENSION_MAX_DAYS.key, today))
            if until <= limit:
                problems.add(
                    "until",
                    gettext("延长后的期限须晚于现在的期限（{limit:%Y-%m-%d}）。").format(limit=limit),
                    code="not_later",
                )
            elif until < today:
                problems.add("until", gettext("延长后的期限不能早于今天。"), code="in_the_past")
            if until > latest:
                problems.add(
                    "until",
                    gettext("最多只能延长至 {latest:%Y-%m-%d}（调结期限后 {days} 日）。").format(
                        latest=latest, days=(latest - locked.due_on).days
                    ),
                    code="too_long_extension",
                )
        problems.raise_if_any()
        assert until is not None
        previous = limit
        locked.extended_until = until
        locked.extension_reason = text
        step(
            locked,
            "extend",
            actor=actor,
            reason=text,
            data={"from": previous.isoformat() if previous else None, "until": until.isoformat()},
            fields=("extended_until", "extension_reason"),
        )
    return locked


# --- escalation (第25条) -------------------------------------------------------------------------------


def _people(value: Any, field: str, label: str, problems: Problems, *, minimum: int) -> int:
    try:
        people = int(value)
        if isinstance(value, bool) or str(value).strip() != str(people):
            raise ValueError
    except (TypeError, ValueError):
        problems.add(field, gettext("{label}须为整数。").format(label=label), code="invalid_people")
        return 0
    if people < minimum or people > MAX_PEOPLE:
        problems.add(
            field,
            gettext("{label}须在 {minimum} 至 {MAX_PEOPLE} 之间。").format(
                label=label, minimum=minimum, MAX_PEOPLE=MAX_PEOPLE
            ),
            code="invalid_people",
        )
        return 0
    return people


def _handling_step(case: MediationCase, action: str, *, actor: User, reason: str, data: dict[str, Any]) -> None:
    """report_escalation / request_consultation: a table step in mediation; before the first
    session an event of the same verb that leaves the status as it is (see the module docstring)."""
    if case.status == CaseStatus.IN_MEDIATION:
        step(case, action, actor=actor, reason=reason, data=data)
    else:
        MEDIATION.get(case.status, action)
        note(case, action, actor=actor, data={**data, "reason": reason})


def report_escalation(
    *, actor: User, case: MediationCase, risk: str, description: str, people: Any
) -> EscalationReport:
    """报告纠纷激化风险 (《人民调解法》第25条): where a dispute may turn into a public-order or criminal
    case (民转刑), a group petition or self-harm, the mediator takes preventive steps and reports
    at once. The case is flagged (escalation_risk); when the region's ESCALATION_NOTIFIES_POLICE is
    on, the police liaison is told (police_notified_at; the notifications app sends it from the
    `report_escalation` event, which names the committee and the region)."""
    problems = Problems()
    if risk not in EscalationRisk.values:
        problems.add("risk", gettext("请选择激化风险的类别。"), code="invalid_risk")
    with problems.check():
        description = require_text(
            description, field="description", label=gettext("情况及已采取的预防措施"), max_chars=2000
        )
    count = _people(people, "people", gettext("涉及人数"), problems, minimum=1)
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        if locked.status not in HANDLING_STATUSES:
            MEDIATION.get(locked.status, "report_escalation")
        problems.raise_if_any()
        now = timezone.now()
        police = bool(setting(locked, rules.ESCALATION_NOTIFIES_POLICE.key))
        report = EscalationReport.objects.create(
            case=locked,
            risk=risk,
            description=description,
            people=count,
            reported_by=actor,
            reported_at=now,
            police_notified_at=now if police else None,
        )
        locked.escalation_risk = True
        locked.save(update_fields=["escalation_risk"])
        _handling_step(
            locked,
            "report_escalation",
            actor=actor,
            reason=f"{stored_text(EscalationRisk(risk).label)}：{description}"[:1000],
            data={
                "report": report.pk,
                "risk": risk,
                "people": count,
                "police_notified": police,
                "committee": locked.committee_id,
                "region": locked.region_id,
            },
        )
    return report


def resolve_escalation(
    *,
    actor: User,
    case: MediationCase,
    report: EscalationReport,
    prevented_criminal: bool = False,
    prevented_group_petition: bool = False,
    criminal_people: Any = 0,
    group_petition_people: Any = 0,
) -> EscalationReport:
    """风险化解: the risk reported is over. Where escalation was prevented, the case counts for 防止民转刑
    or 防止群体性上访 with the people concerned (the monthly report's items; the case keeps the largest
    number any of its reports concerned). The flag clears when no report is open."""
    problems = Problems()
    counts = {}
    for flag, value, field, label in (
        (prevented_criminal, criminal_people, "criminal_people", "防止民转刑涉及人数"),
        (prevented_group_petition, group_petition_people, "group_petition_people", "防止群体性上访涉及人数"),
    ):
        counts[field] = _people(value, field, label, problems, minimum=1 if flag else 0)
        if not flag and counts[field]:
            problems.add(
                field,
                gettext("未勾选相应的防止情形，不能填写{label}。").format(label=label),
                code="people_without_flag",
            )
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        current = EscalationReport.objects.select_for_update().filter(pk=report.pk, case=locked).first()
        if current is None:
            raise DomainError(gettext("该风险报告不属于本案。"), code="unknown_report", field="report")
        if current.resolved_at is not None:
            problems.add("report", gettext("该风险已标记为化解。"), code="already_resolved")
        if locked.status == CaseStatus.CLOSED:
            problems.add("report", gettext("案件已结案归档。"), code="case_closed")
        problems.raise_if_any()
        current.resolved_at = timezone.now()
        current.save(update_fields=["resolved_at"])
        if prevented_criminal:
            locked.prevented_criminal = True
            locked.prevented_criminal_people = max(locked.prevented_criminal_people, counts["criminal_people"])
        if prevented_group_petition:
            locked.prevented_group_petition = True
            locked.prevented_group_petition_people = max(
                locked.prevented_group_petition_people, counts["group_petition_people"]
            )
        locked.escalation_risk = locked.escalations.filter(resolved_at__isnull=True).exists()
        locked.save(
            update_fields=[
                "escalation_risk",
                "prevented_criminal",
                "prevented_criminal_people",
                "prevented_group_petition",
                "prevented_group_petition_people",
            ]
        )
        note(
            locked,
            "resolve_escalation",
            actor=actor,
            data={
                "report": current.pk,
                "prevented_criminal": bool(prevented_criminal),
                "prevented_group_petition": bool(prevented_group_petition),
                **counts,
            },
        )
    return current


# --- expert consultation (专家会诊) -----------------------------------------------------------------


def request_consultation(*, actor: User, case: MediationCase, question: str, experts: str = "") -> ExpertConsultation:
    """申请专家会诊 on a difficult dispute (issue #13; practice: 疑难复杂纠纷专家会诊)."""
    problems = Problems()
    with problems.check():
        question = require_text(question, field="question", label=gettext("会诊事项"), max_chars=2000)
    experts = (experts or "").strip()
    if len(experts) > 255:
        problems.add("experts", gettext("会诊专家不能超过 255 个字。"), code="too_long")
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        if locked.status not in HANDLING_STATUSES:
            MEDIATION.get(locked.status, "request_consultation")
        problems.raise_if_any()
        consultation = ExpertConsultation.objects.create(
            case=locked, question=question, experts=experts, requested_by=actor
        )
        _handling_step(locked, "request_consultation", actor=actor, reason="", data={"consultation": consultation.pk})
    return consultation


def answer_consultation(
    *, actor: User, consultation: ExpertConsultation, experts: str, opinion: str
) -> ExpertConsultation:
    """会诊意见: the experts who took part and their opinion, recorded on the request."""
    problems = Problems()
    with problems.check():
        experts = require_text(experts, field="experts", label=gettext("会诊专家"), max_chars=255)
    with problems.check():
        opinion = require_text(opinion, field="opinion", label=gettext("会诊意见"), max_chars=5000)
    with transaction.atomic():
        locked = lock_for(actor, consultation.case, Action.HANDLE)
        current = ExpertConsultation.objects.select_for_update().get(pk=consultation.pk)
        if current.status != ConsultationStatus.REQUESTED:
            problems.add(
                None,
                gettext("该会诊申请{get_status_display}，不能再记录会诊意见。").format(
                    get_status_display=current.get_status_display()
                ),
                code="not_requested",
            )
        if locked.status == CaseStatus.CLOSED:
            problems.add(None, gettext("案件已结案归档。"), code="case_closed")
        problems.raise_if_any()
        current.status = ConsultationStatus.ANSWERED
        current.experts = experts
        current.opinion = opinion
        current.answered_at = timezone.now()
        current.save(update_fields=["status", "experts", "opinion", "answered_at"])
        note(locked, "answer_consultation", actor=actor, data={"consultation": current.pk})
    return current


# --- termination at a party's request (第23条第(二)项) --------------------------------------------------


def terminate_by_party(*, actor: User, case: MediationCase, party: CaseParty | None, reason: str) -> MediationCase:
    """当事人要求终止调解: a party may ask to stop at any time (《人民调解法》第23条第(二)项). The case
    ends (TERMINATED_BY_PARTY, outcome TERMINATED) and the parties are told the other routes
    (第26条) in a notice."""
    problems = Problems()
    text = ""
    with problems.check():
        text = require_text(reason, field="reason", label=gettext("终止理由"), max_chars=1000)
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        MEDIATION.get(locked.status, "terminate_by_party")
        target = locked.parties.filter(pk=party.pk).first() if party is not None else None
        if target is None:
            problems.add("party", gettext("请选择要求终止调解的当事人（须为本案当事人）。"), code="unknown_party")
        problems.raise_if_any()
        assert target is not None
        locked.outcome = Outcome.TERMINATED
        locked.ended_at = timezone.now()
        step(
            locked,
            "terminate_by_party",
            actor=actor,
            reason=f"{stored_text(target.get_side_display())}{target.name}要求终止调解：{text}",
            data={
                "party": target.pk,
                "side": target.side,
                "routes": list(routes_for(locked)),
                "article": ROUTES_ARTICLE,
            },
            fields=("outcome", "ended_at"),
        )
        add_routes_notice(locked, actor=actor, title=gettext("终止调解告知书（当事人要求终止，告知其他途径）"))
    return locked

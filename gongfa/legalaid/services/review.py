"""Review (审查, 《法律援助法》第41–44条): the eligibility proposal, the one-time supplement notice
with its paused clock and deemed withdrawal, advance aid, and the grant or refusal."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, Problems
from gongfa.core.i18n import stored_text
from gongfa.legalaid.choices import APPLICATION_MATERIAL_KINDS, ApplicationStatus, MaterialKind, Route
from gongfa.legalaid.eligibility import (
    OUTSIDE_CATALOGUE,
    OUTSIDE_CATALOGUE_MATTER,
    ApplicationFacts,
    MatterRule,
    Proposal,
    assess,
    cite,
)
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice, SupplementRequest
from gongfa.legalaid.selectors import hardship_rule_for, matter_by_code
from gongfa.legalaid.services.common import (
    days_used,
    due_after,
    issue_notice,
    lock_as_party,
    lock_for,
    require_text,
    setting,
    step,
)
from gongfa.legalaid.services.orders import close_order_for
from gongfa.network.region_settings import (
    LA_ASSIGN_DAYS_AFTER_GRANT,
    LA_LITIGATION_MONTHS,
    LA_OBJECTION_FILING_DAYS,
    LA_RECONSIDERATION_DAYS,
    LA_REVIEW_DAYS,
    LA_SUPPLEMENT_DEADLINE_DAYS,
    LA_SUPPLEMENT_PAUSES_CLOCK,
)

# The article every decision on an application is made under (决定, 《法律援助法》第四十三条).
ART_DECISION = "《法律援助法》第四十三条"


def facts_of(application: LegalAidApplication) -> ApplicationFacts:
    matter: MatterRule | None = OUTSIDE_CATALOGUE_MATTER
    if application.matter_code != OUTSIDE_CATALOGUE:
        matter = matter_by_code(application.region, application.matter_code)
    if matter is None:
        raise DomainError(gettext("申请事项已不在事项目录中，请重新选择。"), code="unknown_matter", field="matter_code")
    has_proof = application.materials.filter(kind=MaterialKind.EXEMPT_PROOF).exists() if application.pk else False
    return ApplicationFacts(
        matter=matter,
        has_agent=application.has_agent,
        retrial_started=application.retrial_started,
        other_reasons=application.other_reasons,
        exempt_group=application.exempt_group,
        exempt_proof=has_proof,
        household_size=application.household_size,
        household_monthly_income=application.household_monthly_income,
        applicant_monthly_income=application.applicant_monthly_income,
        opponent_co_resident=application.opponent_co_resident,
        verification=application.verification,
        credit_commitment_barred=application.credit_commitment_barred,
        low_income_certificate=application.low_income_certificate,
        is_foreign=application.is_foreign,
        special_groups=application.special_groups,
    )


def proposal_dict(proposal: Proposal) -> dict[str, Any]:
    data = asdict(proposal)
    data["reasons"] = [dict(r) for r in data["reasons"]]
    data["missing"] = list(proposal.missing)
    for key in ("per_capita_income", "threshold"):
        data[key] = None if data[key] is None else str(data[key])
    return data


def refresh_proposal(application: LegalAidApplication, *, save: bool = True) -> Proposal | None:
    """Run the eligibility engine on the case as it stands and store its proposal (审查建议).
    The standard is the accepting agency's (rules.md §1.5 la.hardship.standard_location)."""
    if application.route != Route.APPLICATION:
        return None
    on = timezone.localdate(application.received_at) if application.received_at else timezone.localdate()
    proposal = assess(facts_of(application), hardship_rule_for(application.agency.region, on))
    application.proposal = proposal_dict(proposal)
    application.proposal_outcome = proposal.outcome
    if save:
        application.save(update_fields=["proposal", "proposal_outcome", "updated_at"])
    return proposal


def start_review(*, application: LegalAidApplication, actor: User) -> LegalAidApplication:
    with transaction.atomic():
        locked = lock_for(actor, application)
        step(locked, "start_review", actor=actor)
    return locked


def _pause_review_clock(application: LegalAidApplication, today: datetime.date) -> None:
    if not setting(application, LA_SUPPLEMENT_PAUSES_CLOCK.key):
        return
    region = application.agency.region
    assert application.received_at is not None
    application.review_days_used = days_used(region, timezone.localdate(application.received_at), today)
    application.review_paused_on = today


def _resume_review_clock(application: LegalAidApplication, today: datetime.date) -> None:
    """The review period goes on from where the notice stopped it (at least one day remains)."""
    if application.review_paused_on is None:
        return
    total = setting(application, LA_REVIEW_DAYS.key)
    remaining = max(total - application.review_days_used, 1)
    application.review_due, warnings = due_after(application.agency.region, today, remaining)
    application.deadline_warnings = list(warnings)
    application.review_paused_on = None


def check_supplement(
    *, application: LegalAidApplication, items: list[dict[str, str]], due_days: int | None = None
) -> tuple[list[dict[str, str]], int]:
    """A supplement notice's items and period, every problem at once; writes nothing. Returns the
    items as stored and the period in days (the region's default when none is given)."""
    problems = Problems()
    cleaned = []
    if not items:
        problems.add("items", gettext("请列出需要补充的全部材料。"), code="no_items")
    for number, item in enumerate(items, start=1):
        kind = item.get("kind", "")
        if kind not in APPLICATION_MATERIAL_KINDS:  # the applicant's materials, not the provider's documents
            problems.add(
                "items", gettext("第{number}项材料类别不正确。").format(number=number), code="invalid_material_kind"
            )
            continue
        note = (item.get("note") or "").strip()[:255]
        cleaned.append({"kind": kind, "label": stored_text(MaterialKind(kind).label), "note": note})
    if len({item["kind"] for item in cleaned}) != len(cleaned):
        problems.add("items", gettext("同一类材料请合并为一项说明。"), code="duplicate_items")
    if application.supplement_requests.exists():
        problems.add(
            "items",
            gettext("补充材料通知只能一次性发出；如确需另行说明，请在审查意见中写明。"),
            code="supplement_already_requested",
        )
    days = due_days if due_days is not None else setting(application, LA_SUPPLEMENT_DEADLINE_DAYS.key)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1 or days > 90:
        problems.add("due_days", gettext("请填写补充材料期限（1–90日）。"), code="invalid_due_days")
    problems.raise_if_any()
    return cleaned, days


def request_supplement(
    *,
    application: LegalAidApplication,
    actor: User,
    items: list[dict[str, str]],
    due_days: int | None = None,
) -> SupplementRequest:
    """一次性告知: one notice listing every missing item (第43条第2款); the review clock pauses
    (la.supplement_pauses_clock) and the applicant has until the stated day."""
    with transaction.atomic():
        locked = lock_for(actor, application)
        cleaned, days = check_supplement(application=locked, items=items, due_days=due_days)
        today = timezone.localdate()
        due, _ = due_after(locked.agency.region, today, days)
        _pause_review_clock(locked, today)
        request = SupplementRequest.objects.create(application=locked, items=cleaned, due=due, issued_by=actor)
        step(
            locked,
            "request_supplement",
            actor=actor,
            data={"items": [item["kind"] for item in cleaned], "due": due.isoformat()},
            fields=("review_days_used", "review_paused_on"),
        )
        issue_notice(
            locked,
            LegalAidNotice.Kind.SUPPLEMENT,
            {"items": cleaned, "due": due.isoformat(), "basis": "《法律援助法》第四十三条第二款"},
            actor=actor,
        )
    return request


def open_supplement(application: LegalAidApplication) -> SupplementRequest | None:
    return application.supplement_requests.filter(fulfilled_at=None, lapsed_at=None).first()


def missing_items(application: LegalAidApplication, request: SupplementRequest) -> list[dict[str, str]]:
    """The requested items with no material of that kind uploaded since the notice."""
    have = set(
        application.materials.filter(uploaded_at__gte=request.issued_at).values_list("kind", flat=True).distinct()
    )
    return [item for item in request.items if item["kind"] not in have]


def receive_supplement(*, application: LegalAidApplication, actor: User) -> LegalAidApplication:
    """材料已补齐: every listed item is in; the review resumes (by the applicant or the reviewer)."""
    with transaction.atomic():
        if actor.is_citizen:
            locked = lock_as_party(actor, application)
            channel = Channel.PORTAL
        else:
            locked = lock_for(actor, application)
            channel = Channel.WORKBENCH
        request = open_supplement(locked)
        if locked.status != ApplicationStatus.SUPPLEMENT_REQUESTED or request is None:
            raise DomainError(gettext("该申请没有待补充的材料。"), code="no_open_supplement")
        missing = missing_items(locked, request)
        if missing:
            names = "、".join(item["label"] for item in missing)
            raise DomainError(
                gettext("还缺少：{names}。请上传后再提交。").format(names=names), code="items_missing", field="items"
            )
        today = timezone.localdate()
        request.fulfilled_at = timezone.now()
        request.save(update_fields=["fulfilled_at"])
        _resume_review_clock(locked, today)
        refresh_proposal(locked, save=False)
        step(
            locked,
            "receive_supplement",
            actor=actor,
            channel=channel,
            fields=("review_due", "deadline_warnings", "review_paused_on", "proposal", "proposal_outcome"),
        )
    return locked


def lapse_supplements(today: datetime.date | None = None) -> int:
    """Deemed withdrawal (视为撤回, 第43条第2款) for every notice whose deadline has passed with
    nothing supplied. Safe to run again: a lapsed notice is not looked at twice."""
    today = today or timezone.localdate()
    count = 0
    due = SupplementRequest.objects.filter(fulfilled_at=None, lapsed_at=None, due__lt=today).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            request = (
                SupplementRequest.objects.select_for_update().filter(pk=pk, fulfilled_at=None, lapsed_at=None).first()
            )
            if request is None:
                continue
            application = LegalAidApplication.objects.select_for_update().get(pk=request.application_id)
            if application.status != ApplicationStatus.SUPPLEMENT_REQUESTED:
                continue
            request.lapsed_at = timezone.now()
            request.save(update_fields=["lapsed_at"])
            step(
                application,
                "deem_withdrawn",
                actor=None,
                channel=Channel.SYSTEM,
                reason=f"补充材料期限（{request.due:%Y年%m月%d日}）届满未补充，视为撤回申请（《法律援助法》第四十三条第二款）",
            )
            issue_notice(
                application,
                LegalAidNotice.Kind.DEEMED_WITHDRAWAL,
                {"due": request.due.isoformat(), "basis": "《法律援助法》第四十三条第二款"},
                actor=None,
            )
            close_order_for(application)
            count += 1
    return count


def start_advance_aid(*, application: LegalAidApplication, actor: User, urgent_reason: str) -> LegalAidApplication:
    """先行提供法律援助 (第44条): in an urgent case aid starts before the decision; formalities follow."""
    reason = require_text(urgent_reason, field="urgent_reason", label=gettext("紧急情形"), max_chars=255)
    with transaction.atomic():
        locked = lock_for(actor, application)
        locked.advance_aid = True
        locked.urgent_reason = reason
        step(locked, "start_advance_aid", actor=actor, reason=reason, fields=("advance_aid", "urgent_reason"))
        issue_notice(
            locked,
            LegalAidNotice.Kind.ADVANCE_AID,
            {"reason": reason, "basis": "《法律援助法》第四十四条"},
            actor=actor,
        )
    return locked


def confirm_advance_aid(*, application: LegalAidApplication, actor: User) -> LegalAidApplication:
    """Review after advance aid found the applicant eligible: the case goes on in service."""
    with transaction.atomic():
        locked = lock_for(actor, application)
        if locked.provider_id is None:
            raise DomainError(gettext("先行援助的案件须先指派承办人员。"), code="no_provider")
        locked.decided_at, locked.decided_by = timezone.now(), actor
        step(locked, "confirm_advance_aid", actor=actor, fields=("decided_at", "decided_by"))
        issue_notice(locked, LegalAidNotice.Kind.GRANT, _grant_body(locked, "审查符合法律援助条件"), actor=actor)
    return locked


def decision_articles(application: LegalAidApplication) -> list[str]:
    """The whole basis of a grant or refusal: what the proposal rests on (the matter's article, the
    means test or the exemption, the decisive reason's) and 第43条, under which the decision is made.
    A proposal stored before it carried its basis falls back to the matter's article."""
    stored = application.proposal.get("basis") if isinstance(application.proposal, dict) else None
    articles = [str(a) for a in stored] if isinstance(stored, list) and stored else [application.matter_article]
    return [*dict.fromkeys(a for a in [*articles, ART_DECISION] if a)]


def _decision_body(application: LegalAidApplication, reasons: str) -> dict[str, Any]:
    articles = decision_articles(application)
    body: dict[str, Any] = {
        "matter": application.matter_name,
        "reasons": reasons,
        "proposal": application.proposal.get("reasons", []),
        "basis": cite(articles),
        "articles": articles,
    }
    return body


def _grant_body(application: LegalAidApplication, reasons: str) -> dict[str, Any]:
    return _decision_body(application, reasons)


def _remedies(application: LegalAidApplication) -> dict[str, Any]:
    """The routes a refusal or termination notice must state (第49条; 《行政复议法》第20条;
    《行政诉讼法》第46条)."""
    filing_days = setting(application, LA_OBJECTION_FILING_DAYS.key)
    return {
        "objection": (
            "如对本决定有异议，可以向设立本机构的司法行政部门提出，"
            "司法行政部门应当自收到异议之日起五日内审查（《法律援助法》第四十九条）。"
        )
        + (f"异议应当在收到本决定之日起{filing_days}日内提出。" if filing_days else ""),
        "reconsideration_days": setting(application, LA_RECONSIDERATION_DAYS.key),
        "litigation_months": setting(application, LA_LITIGATION_MONTHS.key),
    }


def check_grant(*, application: LegalAidApplication) -> None:
    """Whether the file allows a grant now (the supplement in, the required proof there), every
    problem at once; writes nothing."""
    problems = Problems()
    if open_supplement(application) is not None:
        problems.add(None, gettext("补充材料尚未补齐，不能作出决定。"), code="supplement_pending")
    missing = [stored_text(MaterialKind(kind).label) for kind in application.proposal.get("missing", [])]
    if missing:
        problems.add(
            None,
            gettext("尚缺必需材料：{join}。请一次性告知补充，材料齐全后再决定。").format(join="、".join(missing)),
            code="mandatory_proof_missing",
        )
    problems.raise_if_any()


def grant(*, application: LegalAidApplication, actor: User, reasons: str = "") -> LegalAidApplication:
    """决定给予法律援助 (第43条): assign within 3 days."""
    with transaction.atomic():
        locked = lock_for(actor, application)
        check_grant(application=locked)
        today = timezone.localdate()
        locked.decided_at, locked.decided_by = timezone.now(), actor
        locked.decision_reasons = (reasons or "").strip() or "经审查，符合法律援助条件。"
        locked.assign_due, _ = due_after(locked.agency.region, today, setting(locked, LA_ASSIGN_DAYS_AFTER_GRANT.key))
        step(
            locked,
            "grant",
            actor=actor,
            reason=locked.decision_reasons,
            data={"proposal": locked.proposal_outcome},
            fields=("decided_at", "decided_by", "decision_reasons", "assign_due"),
        )
        issue_notice(locked, LegalAidNotice.Kind.GRANT, _grant_body(locked, locked.decision_reasons), actor=actor)
    return locked


def check_refuse(*, application: LegalAidApplication, reasons: str) -> str:
    """A refusal's reasons and whether this case may be refused, both at once; writes nothing.
    Returns the reasons as stored."""
    problems = Problems()
    text = ""
    with problems.check():
        text = require_text(reasons, field="reasons", label=gettext("不予法律援助的理由"))
    if application.route != Route.APPLICATION:
        problems.add(None, gettext("通知辩护/代理案件不经审查，不能决定不予援助。"), code="notified_case")
    problems.raise_if_any()
    return text


def refuse(*, application: LegalAidApplication, actor: User, reasons: str) -> LegalAidApplication:
    """决定不予法律援助 (第43条): in writing, with reasons and the objection route."""
    with transaction.atomic():
        locked = lock_for(actor, application)
        text = check_refuse(application=locked, reasons=reasons)
        locked.decided_at, locked.decided_by, locked.decision_reasons = timezone.now(), actor, text
        step(locked, "refuse", actor=actor, reason=text, fields=("decided_at", "decided_by", "decision_reasons"))
        close_order_for(locked)
        issue_notice(
            locked,
            LegalAidNotice.Kind.REFUSAL,
            {**_decision_body(locked, text), **_remedies(locked)},
            actor=actor,
        )
    return locked


def redirect(*, application: LegalAidApplication, actor: User, reason: str) -> LegalAidApplication:
    """Not this agency's competence (第38条): tell the applicant where to apply."""
    text = require_text(reason, field="reason", label=gettext("告知应向哪一机构申请"), max_chars=500)
    with transaction.atomic():
        locked = lock_for(actor, application)
        step(locked, "redirect", actor=actor, reason=text)
        close_order_for(locked)
    return locked


WITHDRAW_REASON_MAX = 500


def withdraw(*, application: LegalAidApplication, actor: User, reason: str = "") -> LegalAidApplication:
    """The applicant withdraws (撤回申请) before aid starts. Staff may record it on the applicant's
    behalf (代为撤回) but must say why (when and how the applicant asked); the event then names the
    staff member as actor and carries on_behalf_of_applicant, so the audit never reads as if the
    applicant had withdrawn themselves."""
    on_behalf = not actor.is_citizen
    if on_behalf:
        label = "代为撤回的原因（申请人何时、以何种方式提出撤回）"
        text = require_text(reason, field="reason", label=label, max_chars=WITHDRAW_REASON_MAX)
    else:
        text = (reason or "").strip()[:WITHDRAW_REASON_MAX] or "申请人撤回申请"
    with transaction.atomic():
        locked = lock_for(actor, application) if on_behalf else lock_as_party(actor, application)
        step(
            locked,
            "withdraw",
            actor=actor,
            channel=Channel.WORKBENCH if on_behalf else Channel.PORTAL,
            reason=text,
            data={"on_behalf_of_applicant": on_behalf},
        )
        close_order_for(locked)
    return locked


def is_decision_possible(application: LegalAidApplication) -> bool:
    return application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.UNDER_REVIEW)

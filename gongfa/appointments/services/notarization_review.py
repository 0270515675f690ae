"""Review of an issued certificate (复查, 《公证法》第39条; 公证程序规则第61、63条 ◐): asked within a year
(a party: from receiving the certificate; an interested person: from when they knew or should have
known, never beyond REVIEW_CAP_YEARS from issue), decided within REVIEW_DECISION_DAYS ⚠."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.appointments import rules
from gongfa.appointments.choices import ReviewOutcome, ReviewRequester
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization_common import (
    check_order,
    clean,
    lock_for,
    release_order_for,
    setting,
    step,
    today,
)
from gongfa.core.errors import Problems
from gongfa.core.i18n import stored_text
from gongfa.workdays.services import add_calendar_days


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_deadline(case: NotarizationCase, requester: str, known_on: datetime.date | None) -> datetime.date | None:
    """The last day a review may be asked for (None: not computable yet)."""
    if case.issued_on is None:
        return None
    window = int(setting(case, rules.REVIEW_WINDOW_DAYS.key))
    if requester == ReviewRequester.INTERESTED:
        if known_on is None:
            return None
        cap = _add_years(case.issued_on, int(setting(case, rules.REVIEW_CAP_YEARS.key)))
        return min(known_on + datetime.timedelta(days=window), cap)
    return case.issued_on + datetime.timedelta(days=window)


def request_review(
    *,
    actor: User,
    case: NotarizationCase,
    requester: str,
    reason: str,
    requested_on: datetime.date | None = None,
    known_on: datetime.date | None = None,
) -> NotarizationCase:
    """申请复查: → REVIEW_PENDING, with the decision due REVIEW_DECISION_DAYS later."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "request_review")
        problems = Problems()
        on = requested_on or today()
        if requester not in ReviewRequester.values:
            problems.add("requester", gettext("请选择复查申请人（当事人或利害关系人）。"), code="requester_required")
        why = ""
        with problems.check():
            why = clean(reason, field="reason", label=gettext("复查理由"), max_chars=2000)
        if on > today():
            problems.add("requested_on", gettext("申请日期不能晚于今天。"), code="future")
        if requester == ReviewRequester.INTERESTED:
            if known_on is None:
                problems.add(
                    "known_on", gettext("利害关系人申请复查的，请填写其知道或应当知道该公证书之日。"), code="required"
                )
            elif locked.issued_on is not None and known_on < locked.issued_on:
                problems.add("known_on", gettext("知道或应当知道之日不能早于出证日期。"), code="before_issue")
            elif known_on > on:
                problems.add("known_on", gettext("知道或应当知道之日不能晚于申请日期。"), code="after_request")
        deadline = review_deadline(locked, requester, known_on) if requester in ReviewRequester.values else None
        if deadline is not None and on > deadline:
            problems.add(
                "requested_on",
                gettext(
                    "已超过申请复查的期限（最迟{deadline:%Y年%m月%d日}），不能申请复查（《公证程序规则》第六十一条）。"
                ).format(deadline=deadline),
                code="too_late",
            )
        problems.raise_if_any()
        locked.review_requested_on = on
        locked.review_requester = requester
        locked.review_known_on = known_on if requester == ReviewRequester.INTERESTED else None
        locked.review_reason = why
        locked.review_due = add_calendar_days(on, int(setting(locked, rules.REVIEW_DECISION_DAYS.key)))
        locked.review_outcome = ""
        locked.review_decided_on = None
        locked.review_note = ""
        step(
            locked,
            "request_review",
            actor=actor,
            reason=why,
            data={"requester": requester, "review_due": locked.review_due.isoformat()},
            fields=(
                "review_requested_on",
                "review_requester",
                "review_known_on",
                "review_reason",
                "review_due",
                "review_outcome",
                "review_decided_on",
                "review_note",
            ),
        )
    return locked


def decide_review(*, actor: User, case: NotarizationCase, outcome: str, note: str) -> NotarizationCase:
    """复查决定 (公证程序规则第63条 ◐): uphold, correct or revoke; the case goes (back) to the archive."""
    with transaction.atomic():
        locked = lock_for(actor, case)
        check_order(locked, "decide_review")
        problems = Problems()
        if outcome not in ReviewOutcome.values:
            problems.add("outcome", gettext("请选择复查结论。"), code="outcome_required")
        text = ""
        with problems.check():
            text = clean(note, field="note", label=gettext("复查处理说明"), max_chars=2000)
        problems.raise_if_any()
        locked.review_outcome = outcome
        locked.review_note = text
        locked.review_decided_on = today()
        if locked.archived_on is None:
            locked.archived_on = today()
        step(
            locked,
            "decide_review",
            actor=actor,
            reason=f"{stored_text(ReviewOutcome(outcome).label)}；{text}",
            data={"outcome": outcome},
            fields=("review_outcome", "review_note", "review_decided_on", "archived_on"),
        )
        release_order_for(locked)  # a rating held for the review is asked now (notarization_rating)
    return locked

"""When the citizen is asked to rate a notarization (好差评, issue #16 item 9).

A case's work order closes when the case ends, and closing it texts the citizen the rating link
(workorders.tasks.notify_requester_closed). An issued certificate may still be reviewed (复查,
《公证法》第39条; 公证程序规则第61条 ◐: a party within REVIEW_WINDOW_DAYS of receiving it). Where
the region's rule for notarization is "final" (rating_after.notarization), the order of an issued
case stays open until:

- the review is decided (decide_review releases it at once);
- no review was asked within the window: the daily release_final_certificates() closes it then.

Refusals, terminations and non-acceptance close at once: the platform offers no challenge to them.
The default rule is "close" (asked when the certificate is issued)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongfa.appointments import rules
from gongfa.appointments.choices import NotarizationStatus as S
from gongfa.appointments.models import NotarizationCase
from gongfa.appointments.services.notarization_common import release_order_for, setting
from gongfa.network.region_settings import RATING_AFTER_FINAL, RATING_AFTER_NOTARIZATION
from gongfa.workorders.choices import WorkOrderStatus

# Where a held order's case can be: issued, archived without review, or reviewed and archived.
HELD_STATUSES = (S.ISSUED, S.ARCHIVED)


def rating_waits_for_final(case: NotarizationCase) -> bool:
    """Whether this case's rating waits until its certificate can no longer be reviewed."""
    return bool(setting(case, RATING_AFTER_NOTARIZATION.key) == RATING_AFTER_FINAL)


def review_window_ends(case: NotarizationCase) -> datetime.date | None:
    """The last day a party may ask for review (None: no certificate issued)."""
    if case.issued_on is None:
        return None
    return case.issued_on + datetime.timedelta(days=int(setting(case, rules.REVIEW_WINDOW_DAYS.key)))


def release_final_certificates(today: datetime.date | None = None) -> int:
    """Close the orders of certificates whose review window passed with no review pending, so the
    citizen is asked to rate them now. Safe to run again: only orders still open with the case are
    looked at, and each case is locked while its order closes."""
    today = today or timezone.localdate()
    waiting = NotarizationCase.objects.filter(
        status__in=HELD_STATUSES, work_order__status=WorkOrderStatus.CONVERTED, issued_on__isnull=False
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(waiting):
        with transaction.atomic():
            case = (
                NotarizationCase.objects.select_for_update()
                .select_related("office__region")
                .filter(pk=pk, status__in=HELD_STATUSES)
                .first()
            )
            if case is None:
                continue
            last = review_window_ends(case)
            if last is not None and last < today and release_order_for(case):
                count += 1
    return count

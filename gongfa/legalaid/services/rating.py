"""When the citizen is asked to rate a legal-aid case (好差评, issue #16 item 9).

The work order a case hangs on closes when the case ends, and closing it texts the citizen the
rating link (workorders.tasks.notify_requester_closed). A refusal or a termination is not the end
while the applicant may still object (异议, 《法律援助法》第49条): asked then, the citizen would rate
a decision that may yet change. So where the region's rule for legal aid is "final"
(rating_after.legal_aid, a setting per case type), the order stays with the case until:

- the objection is decided and the decision upheld (decide_objection closes it at once);
- the objection corrects the decision (the case goes on; its order was never closed);
- no objection came by the region's filing deadline (la.objection_filing_days), or, where the
  region sets none (the Law sets none), by la.rating_wait_days after the decision: the periodic
  release_final_decisions() closes it then, and the citizen is asked.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication, LegalAidNotice
from gongfa.legalaid.services.common import due_after, setting
from gongfa.legalaid.services.orders import CHALLENGEABLE_STATUSES, close_order_for
from gongfa.network.region_settings import (
    LA_OBJECTION_FILING_DAYS,
    LA_RATING_WAIT_DAYS,
    RATING_AFTER_FINAL,
    RATING_AFTER_LEGAL_AID,
)
from gongfa.workorders.choices import WorkOrderStatus


def rating_waits_for_final(application: LegalAidApplication) -> bool:
    """Whether this case's rating waits until its decision is final (the region's rule)."""
    return bool(setting(application, RATING_AFTER_LEGAL_AID.key) == RATING_AFTER_FINAL)


def decision_day(application: LegalAidApplication) -> datetime.date | None:
    """The day of the decision the applicant may object to: the termination notice's for a
    termination, else the decision's (a refusal)."""
    issued: datetime.datetime | None
    if application.status == ApplicationStatus.TERMINATED:
        issued = (
            application.notices.filter(kind=LegalAidNotice.Kind.TERMINATION).values_list("issued_at", flat=True).last()
        )
    else:
        issued = application.decided_at
    return timezone.localdate(issued) if issued is not None else None


def final_after(application: LegalAidApplication) -> datetime.date | None:
    """The last day the decision may still be objected to (the rating is asked the day after):
    the region's filing deadline, or its rating wait where it sets none. None: no decision day."""
    day = decision_day(application)
    if day is None:
        return None
    days = setting(application, LA_OBJECTION_FILING_DAYS.key) or setting(application, LA_RATING_WAIT_DAYS.key)
    last, _ = due_after(application.agency.region, day, days)
    return last


def release_final_decisions(today: datetime.date | None = None) -> int:
    """Close the orders of refusals and terminations that became final with no objection, so the
    citizen is asked to rate them now. Safe to run again: an order closed is not looked at twice
    (only orders still with the case are), and each case is locked while it is closed."""
    today = today or timezone.localdate()
    waiting = LegalAidApplication.objects.filter(
        status__in=CHALLENGEABLE_STATUSES, work_order__status=WorkOrderStatus.CONVERTED
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(waiting):
        with transaction.atomic():
            application = (
                LegalAidApplication.objects.select_for_update()
                .select_related("agency__region")
                .filter(pk=pk, status__in=CHALLENGEABLE_STATUSES)
                .first()
            )
            if application is None:
                continue
            last = final_after(application)
            if last is None or today <= last:
                continue
            close_order_for(application, final=True)
            count += 1
    return count

"""The work order a legal-aid case hangs on (DESIGN: the one flow): converted when the case is
received, closed when the case ends, so the timeline, the KPIs and the citizen's rating follow."""

from __future__ import annotations

from gongfa.core.choices import Channel
from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication
from gongfa.workorders.choices import ResultCode, WorkOrderStatus
from gongfa.workorders.models import WorkOrder

# How the order ends for each way the case can end.
RESULT_FOR_STATUS = {
    ApplicationStatus.CLOSED: ResultCode.CONVERTED,
    ApplicationStatus.WITHDRAWN: ResultCode.WITHDRAWN,
    ApplicationStatus.DEEMED_WITHDRAWN: ResultCode.WITHDRAWN,
    ApplicationStatus.REDIRECTED: ResultCode.REFERRED,
    ApplicationStatus.OBJECTION_UPHELD: ResultCode.OTHER,
    # Refusal and termination end the case unless an objection reopens it (reopen_order_for).
    ApplicationStatus.REFUSED: ResultCode.OTHER,
    ApplicationStatus.TERMINATED: ResultCode.OTHER,
}


def mark_order_converted(order: WorkOrder) -> None:
    """The order was routed to the legal aid centre; the case now carries it (已转案件)."""
    from gongfa.workorders.services.common import step

    locked = WorkOrder.objects.select_for_update().get(pk=order.pk)
    if locked.status == WorkOrderStatus.ASSIGNED:
        step(locked, "accept", actor=None, channel=Channel.SYSTEM, reason="法律援助申请已由法律援助机构受理")
    if locked.status in (WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.ANSWERED):
        step(locked, "convert", actor=None, channel=Channel.SYSTEM, data={"kind": "legal_aid"})


# Decisions the applicant may still object to (第49条): while the route is open the case has not
# ended, so where the region waits for the final decision (rating_after.legal_aid = final) the order
# stays with the case and the citizen is not yet asked to rate it (services.rating).
CHALLENGEABLE_STATUSES = (ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED)


def close_order_for(application: LegalAidApplication, *, final: bool = False) -> None:
    """Close the work order when the case has ended; the citizen is then asked to rate it. A
    refusal or termination whose objection route is still open waits (unless `final`: the route
    has closed, see services.rating.release_final_decisions)."""
    result = RESULT_FOR_STATUS.get(ApplicationStatus(application.status))
    if result is None or application.work_order_id is None:
        return
    if not final and application.status in CHALLENGEABLE_STATUSES:
        from gongfa.legalaid.services.rating import rating_waits_for_final

        if rating_waits_for_final(application):
            return
    from gongfa.workorders.services.handling import _close

    order = WorkOrder.objects.select_for_update().get(pk=application.work_order_id)
    if order.status == WorkOrderStatus.CONVERTED:
        _close(order, actor=None, result_code=result, channel=Channel.SYSTEM)


def reopen_order_for(application: LegalAidApplication) -> None:
    """An objection corrected a refusal or termination: the case goes on, so its order does too."""
    if application.work_order_id is None:
        return
    from gongfa.workorders.services.common import step

    order = WorkOrder.objects.select_for_update().get(pk=application.work_order_id)
    if order.status != WorkOrderStatus.CLOSED:
        return
    order.closed_at = None
    order.result_code = ""
    step(
        order,
        "reopen",
        actor=None,
        channel=Channel.SYSTEM,
        reason="异议审查责令改正，法律援助案件继续办理",
        fields=("closed_at", "result_code"),
    )
    step(order, "convert", actor=None, channel=Channel.SYSTEM, data={"kind": "legal_aid"})

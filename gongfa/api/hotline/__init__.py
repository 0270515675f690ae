"""The 12348 hotline's endpoints (/api/v1/hotline/): the call-centre software (CTI) reports each
call (ring, answer, hang-up), imports call records and hands over messages left after hours;
supervisors list the calls of their regions with the KPIs. Thin: they validate, call
workorders.services.calls / selectors_calls and shape the response. Contract: docs/cti.md."""

from ninja import Router

from gongfa.api.hotline import calls, records

router = Router(tags=["hotline"])
router.add_router("", calls.router)
router.add_router("", records.router)

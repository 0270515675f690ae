"""Outreach endpoints (/api/v1/outreach/): the village advisers' work log (phone apps), the
coverage of a region for its supervisors, and the public typical cases. Thin: they validate, call
outreach.services / outreach.selectors and shape the response."""

from ninja import Router

from gongfa.api.outreach import cases, coverage, logs

router = Router(tags=["outreach"])
router.add_router("", logs.router)
router.add_router("", coverage.router)
router.add_router("", cases.router)

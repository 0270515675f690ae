"""Appointments API: the appraisal endpoints (none yet)."""

from ninja import Router

router = Router(tags=["appointments"])

"""Appointments API: the booking endpoints (none yet)."""

from ninja import Router

router = Router(tags=["appointments"])

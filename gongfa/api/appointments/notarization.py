"""Appointments API: the notarization endpoints (none yet)."""

from ninja import Router

router = Router(tags=["appointments"])

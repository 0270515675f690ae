"""Appointments endpoints (/api/v1/appointments/): public slot search and booking (Idempotency-Key,
rate limit), and the staff actions on notarization cases and appraisal referrals (token scopes).
Thin: they validate, call appointments.services and shape the response."""

from ninja import Router

from gongfa.api.appointments import appraisal, booking, notarization

router = Router(tags=["appointments"])
router.add_router("", booking.router)
router.add_router("", notarization.router)
router.add_router("", appraisal.router)

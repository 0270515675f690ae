"""Background work of the appointments app: the booking texts queued after commit by the services
(confirmation with the material list, reschedule, cancellation, the day-before reminder) and the
scheduled sweeps.

Beat entries (settings.CELERY_BEAT_SCHEDULE)::

    "appointments-booking-reminders": {
        "task": "gongfa.appointments.tasks.send_booking_reminders",
        "schedule": crontab(hour=9, minute=10),
    },
    "appointments-record-no-shows": {
        "task": "gongfa.appointments.tasks.record_no_shows",
        "schedule": crontab(minute="*/15"),
    },

Each is also a management command (booking_reminders, record_no_shows). All are safe to run
twice: a reminder is sent once per booking and slot (reminded_at under the row lock), a no-show is
recorded once (the booking leaves BOOKED), and each text carries a dedupe key.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import OperationalError

from gongfa.accounts.sms import SMS_TASK_OPTIONS, send_sms

SWEEP_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 240,
    "time_limit": 270,
}


@shared_task(**SWEEP_OPTIONS)
def send_booking_reminders(self: object) -> int:
    """The day-before reminders (预约提醒), once per booking."""
    from gongfa.appointments.services.booking import send_booking_reminders as remind

    return remind()


@shared_task(**SWEEP_OPTIONS)
def record_no_shows(self: object) -> int:
    """Bookings still open past their start + NO_SHOW_AFTER_MINUTES become no-shows."""
    from gongfa.appointments.services.booking import record_no_shows as sweep

    return sweep()


def booking_text(booking_id: int, kind: str) -> str:
    """The text of one booking message (empty when it no longer applies)."""
    from gongfa.appointments.choices import BookingStatus
    from gongfa.appointments.models import Booking

    booking = (
        Booking.objects.select_related("office", "resource", "matter")
        .prefetch_related("matter__materials")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        return ""
    when = f"{booking.date:%m月%d日} {booking.starts_at:%H:%M}-{booking.ends_at:%H:%M}"
    place = f"{booking.office.name}·{booking.resource.name}"
    matter = booking.matter.name if booking.matter else "公证"
    if kind == "cancel":
        if booking.status != BookingStatus.CANCELLED:
            return ""
        return f"您在{booking.office.name}的公证预约（{booking.number}，{when}）已取消。如需办理，请重新预约。"
    if booking.status != BookingStatus.BOOKED:
        return ""
    materials = ""
    if booking.matter is not None:
        names = [m.name for m in booking.matter.materials.all() if m.required]
        if names:
            materials = "请携带：" + "；".join(f"{i}.{n}" for i, n in enumerate(names, 1)) + "。"
    address = f"上门地址：{booking.address}。" if booking.address else ""
    if kind == "remind":
        return f"提醒：您明天（{when}）在{place}办理“{matter}”（预约号 {booking.number}）。{address}{materials}"
    verb = "已改约至" if kind == "reschedule" else "预约成功："
    return (
        f"您的公证预约{verb}{when}，{place}，事项“{matter}”，预约号 {booking.number}。{address}{materials}"
        f"如需改约或取消，请在预约开始前按规定时间办理。"
    )


@shared_task(**SMS_TASK_OPTIONS)
def text_booking(self: object, booking_id: int, kind: str, key: str) -> bool:
    """Text the citizen (who may have no account: the booking's own phone) about the booking:
    confirm (with the material list, 一次性告知), reschedule, cancel or remind. Twice: the dedupe
    key names the booking, the kind and the slot, so a retry sends nothing."""
    from gongfa.appointments.models import Booking

    booking = Booking.objects.filter(pk=booking_id).only("pk", "phone").first()
    if booking is None or not booking.phone:
        return False
    text = booking_text(booking_id, kind)
    if not text:
        return False
    return send_sms(booking.phone, text, purpose=f"booking_{kind}", dedupe_key=f"booking:{booking_id}:{key}")


@shared_task(soft_time_limit=120, time_limit=150)
def release_final_certificate_ratings_task() -> int:
    """Ask for the rating of certificates whose review window passed (rating_after.notarization =
    final; issue #16 item 9). Safe to run twice: only orders still open with their case are closed."""
    from gongfa.appointments.services.notarization_rating import release_final_certificates

    return release_final_certificates()

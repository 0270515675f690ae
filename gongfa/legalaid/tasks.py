"""Scheduled legal-aid jobs (each also a management command)."""

from celery import shared_task


@shared_task
def lapse_supplements_task() -> int:
    """Deemed withdrawal when a supplement deadline has passed (第43条第2款); safe to repeat."""
    from gongfa.legalaid.services import lapse_supplements

    return lapse_supplements()

"""Scheduled legal-aid jobs (each also a management command)."""

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=150)
def lapse_supplements_task() -> int:
    """Deemed withdrawal when a supplement deadline has passed (第43条第2款).

    Twice: each notice is locked and must still be open (not fulfilled, not lapsed) and its
    application still waiting for the supplement, all in one transaction with the event and the
    notice, so a rerun or a concurrent run lapses each one once."""
    from gongfa.legalaid.services import lapse_supplements

    return lapse_supplements()


@shared_task(soft_time_limit=120, time_limit=150)
def release_final_ratings_task() -> int:
    """Ask for the rating of refusals and terminations that became final with no objection
    (issue #16 item 9; `manage.py release_legal_aid_ratings`).

    Twice: only orders still with the case are looked at, each case locked while its order closes,
    and the rating text is deduplicated per closing (workorders.tasks.notify_requester_closed)."""
    from gongfa.legalaid.services.rating import release_final_decisions

    return release_final_decisions()

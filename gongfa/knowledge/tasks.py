"""Background work for the statute corpus."""

from celery import shared_task


@shared_task(soft_time_limit=120, time_limit=150)
def refresh_current_law_versions() -> int:
    """Daily: a revision whose day has come becomes the text in force (also
    `manage.py import_statutes --refresh-only`).

    Twice: it sets each law's current version to what the dates say, so a rerun finds nothing
    to change."""
    from gongfa.knowledge.services import refresh_current_versions

    return refresh_current_versions()


@shared_task(soft_time_limit=200, time_limit=240)
def train_topic_classifier() -> str:
    """Nightly: retrain the triage topic model so the day's staff corrections (重新分类) count.

    Twice: it writes a whole new model file atomically (rename), or nothing; a killed run leaves the
    previous model in place and the rerun trains the same data again."""
    from gongfa.knowledge.topics import NotEnoughData, train_and_save

    try:
        return str(train_and_save().path)
    except NotEnoughData as exc:
        return f"skipped: {exc}"


@shared_task(soft_time_limit=120, time_limit=150)
def purge_question_logs() -> int:
    """Daily: forget Q&A questions older than settings.QA_LOG_KEEP_DAYS (they may hold personal
    details; demand analysis needs a year at most). Hand-overs keep their text on the work order.

    Twice: a delete by age; a rerun finds nothing older left."""
    from gongfa.knowledge.qa import purge_question_logs as purge

    return purge()

"""Background work for the statute corpus."""

from celery import shared_task


@shared_task
def refresh_current_law_versions() -> int:
    """Daily: a revision whose day has come becomes the text in force (also
    `manage.py import_statutes --refresh-only`). Safe to run any number of times."""
    from gongfa.knowledge.services import refresh_current_versions

    return refresh_current_versions()


@shared_task
def train_topic_classifier() -> str:
    """Nightly: retrain the triage topic model so the day's staff corrections (重新分类) count.
    Safe to retry: it writes a whole new model file atomically, or nothing."""
    from gongfa.knowledge.topics import NotEnoughData, train_and_save

    try:
        return str(train_and_save().path)
    except NotEnoughData as exc:
        return f"skipped: {exc}"


@shared_task
def purge_question_logs() -> int:
    """Daily: forget Q&A questions older than settings.QA_LOG_KEEP_DAYS (they may hold personal
    details; demand analysis needs a year at most). Hand-overs keep their text on the work order."""
    from gongfa.knowledge.qa import purge_question_logs as purge

    return purge()

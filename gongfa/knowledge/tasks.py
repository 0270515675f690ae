"""Background work for the statute corpus."""

from celery import shared_task


@shared_task
def refresh_current_law_versions() -> int:
    """Daily: a revision whose day has come becomes the text in force (also
    `manage.py import_statutes --refresh-only`). Safe to run any number of times."""
    from gongfa.knowledge.services import refresh_current_versions

    return refresh_current_versions()

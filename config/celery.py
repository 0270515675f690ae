"""Celery application. Tasks are queued after commit by the domain services and are safe to retry."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("gongfa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

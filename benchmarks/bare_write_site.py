"""Settings for the benchmark's own gunicorn (#17 item 7): the project's settings, with the URLs of
benchmarks/bare_write_urls.py (the project's plus `POST /bench/bare-write/`).

    DJANGO_SETTINGS_MODULE=bare_write_site PYTHONPATH=benchmarks gunicorn config.wsgi

Never part of the shipped application: `benchmarks/` is not on its path."""

from config.settings import *  # noqa: F403 - a settings module: the project's, with another URL conf

ROOT_URLCONF = "bare_write_urls"

"""Views that fail on purpose, for the error-page tests (with the project's handler500)."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path


def broken(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug")


def broken_database(request: HttpRequest) -> HttpResponse:
    try:
        raise OperationalError("could not connect to server")
    except OperationalError as exc:
        raise RuntimeError("while loading the page") from exc


urlpatterns = [
    path("broken", broken),
    path("api/broken", broken),
    path("broken-db", broken_database),
    path("api/broken-db", broken_database),
]

handler500 = "gongfa.core.views.server_error"

"""client_ip: the peer address, and X-Forwarded-For only through trusted proxies (客户端地址)."""

import pytest
from django.test import RequestFactory

from gongfa.core.http import client_ip


def _request(remote: str, xff: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if xff is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = xff
    return request


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_peer_that_is_not_trusted_cannot_forge_the_header(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("203.0.113.9", "10.0.0.5, 198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("xff", "expected"),
    [
        ("198.51.100.1", "198.51.100.1"),
        # The client may prepend anything; the right-most untrusted hop is what our proxy saw.
        ("6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two proxies of ours in a row are skipped.
        ("198.51.100.1, 10.0.0.7", "198.51.100.1"),
        ("2001:db8::1", "2001:db8::1"),
        # A garbled hop our proxy appended: key on the proxy rather than guess.
        ("198.51.100.1, not-an-ip", "10.0.0.2"),
        ("", "10.0.0.2"),
        # Only proxies of ours: the left-most is the nearest to the client we know.
        ("10.0.0.9, 10.0.0.8", "10.0.0.9"),
    ],
)
def test_a_trusted_proxy_is_walked_from_the_right(settings, xff, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.2", xff)) == expected


def test_a_single_trusted_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(_request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    assert client_ip(_request("127.0.0.2", "198.51.100.1")) == "127.0.0.2"


def test_no_request_and_no_address():
    assert client_ip(None) is None
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) is None

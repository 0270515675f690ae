"""Small request helpers shared by views."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The `next` parameter (POST, then GET) when it points at this site, else `default`:
    an external address is never followed (open-redirect protection)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@functools.lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    """Whether an address is one of settings.TRUSTED_PROXIES (IPs or CIDR networks)."""
    ip = _parse_ip(address or "")
    if ip is None:
        return False
    return any(ip in network for network in _trusted_networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest | None) -> str | None:
    """The real client's address, the one key for every per-address rate limit (客户端地址).

    REMOTE_ADDR is the peer. Only when that peer is a trusted proxy (settings.TRUSTED_PROXIES,
    default none) is X-Forwarded-For read, from the right, skipping the trusted hops: the first
    untrusted hop is the client. Anyone can send the header, so with no trusted proxy it is ignored.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if _parse_ip(hop) is None:
            # A garbled hop: what lies left of it cannot be trusted either; key on the proxy.
            return remote
        if not is_trusted_proxy(hop):
            return hop
    # Every hop was a trusted proxy: the left-most is the closest we know to the client.
    return hops[0] if hops else remote

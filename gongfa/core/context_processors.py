from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "公法通",
        "SITE_TAGLINE": "公共法律服务平台",
        "HOTLINE": "12348",
        "elder_mode": getattr(request, "elder_mode", False),
    }

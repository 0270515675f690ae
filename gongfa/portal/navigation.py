"""The portal's menu entries (门户导航): open to everyone, signed in or not."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.core.navigation import ANONYMOUS, Area, NavEntry, register

EVERYONE = frozenset({ANONYMOUS, *Role.values})


def _entry(key: str, label: object, url_name: str, order: int, *, exact: bool = False) -> NavEntry:
    return NavEntry(key=key, label=label, url_name=url_name, roles=EVERYONE, area=Area.PORTAL, order=order, exact=exact)


register(
    _entry("portal.home", _("首页"), "portal:home", 10, exact=True),
    _entry("portal.qa", _("智能问答"), "portal:qa", 30),
    _entry("portal.ask", _("我要咨询"), "portal:ask", 40),
    _entry("portal.legal_aid", _("法律援助"), "portal:legal_aid", 50),
    _entry("portal.drafting", _("文书代书"), "portal:drafting_choose", 52),
    _entry("portal.directory", _("法律服务名录"), "portal:directory", 55),
    # Visitors see it too: it leads to the sign-in page, then to their requests.
    _entry("portal.my_items", _("我的事项"), "portal:my_items", 60),
    _entry("portal.transparency", _("数据公开"), "portal:transparency", 65),
)

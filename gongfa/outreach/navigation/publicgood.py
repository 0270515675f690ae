"""The workbench menu entries of outreach: public-good service (公益法律服务).

- 公益法律服务积分表 and 公益服务待认定: supervisors, administrators and window staff who manage
  some region (outreach.selectors.access.is_manager);
- 我的公益服务 (one's own archive, with 申报公益服务 on it): lawyers and grassroots legal workers,
  mediators and village advisers.

The pages themselves check whose archive a person may see (outreach.selectors.publicgood)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.navigation import NavEntry, register
from gongfa.outreach.selectors.access import is_manager

_CACHE = "_gongfa_publicgood_manager"


def manages_some_region(user: User) -> bool:
    found = getattr(user, _CACHE, None)
    if found is None:
        found = is_manager(user)
        setattr(user, _CACHE, found)
    return bool(found)


register(
    NavEntry(
        key="workbench.outreach_publicgood_mine",
        label=_("我的公益服务"),
        url_name="workbench:outreach_publicgood_mine",
        roles=frozenset({Role.LAWYER, Role.MEDIATOR, Role.VILLAGE_ADVISOR}),
        order=76,
        testid="publicgood-mine-link",
    ),
)

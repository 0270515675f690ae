"""普法与公益: the one workbench menu entry of outreach for the people who manage it in a region
(supervisors, administrators, window staff with a posting). Its page links each part (advisers'
coverage, publicity, public good, volunteers and experts, typical cases), so the menu does not
grow by six entries. Personal entries (我的工作日志, 我的公益服务, 典型案例 for those who nominate)
stay in their parts' modules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.core.navigation import NavEntry, register
from gongfa.outreach.navigation.publicgood import manages_some_region
from gongfa.outreach.selectors.access import MANAGER_ROLES

register(
    NavEntry(
        key="workbench.outreach_home",
        label=_("普法与公益"),
        url_name="workbench:outreach_home",
        roles=frozenset(MANAGER_ROLES),
        when=manages_some_region,
        order=72,
        testid="outreach-home-link",
    ),
)

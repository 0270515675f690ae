"""The workbench's menu entries (工作台导航) and each role's landing page (首页).

Who sees an entry follows who can use the page (see the views' access checks): the hotline desk
for 12348 agents, window intake for the staff who receive walk-ins (window staff, village
advisors in their rooms), legal aid for the people who register, review or oversee applications,
supervision and demand analysis for supervisors, the admin site for administrators.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import STAFF_ROLES, Role
from gongfa.accounts.models import User
from gongfa.core.navigation import Area, NavEntry, register
from gongfa.notifications.services import unread_count

R = Role
OVERSIGHT = frozenset({R.SUPERVISOR, R.ADMINISTRATOR})


def _unread(user: User) -> int:
    return unread_count(user)


def _may_use_admin_site(user: User) -> bool:
    return user.is_active and user.is_staff  # Django's admin site lets in only is_staff accounts


register(
    NavEntry(
        key="workbench.overview",
        label=_("概览"),
        url_name="workbench:overview",
        roles=OVERSIGHT,
        order=10,
        landing_for=frozenset({R.SUPERVISOR}),
    ),
    NavEntry(
        key="workbench.my_legal_aid",
        label=_("我的案件"),
        url_name="workbench:my_legal_aid",
        roles=frozenset({R.LAWYER}),
        order=10,
        landing_for=frozenset({R.LAWYER}),
    ),
    NavEntry(
        key="workbench.hotline",
        label=_("热线坐席台"),
        url_name="workbench:hotline",
        roles=frozenset({R.HOTLINE_AGENT}),
        order=15,
        landing_for=frozenset({R.HOTLINE_AGENT}),
    ),
    NavEntry(
        key="workbench.queue",
        label=_("待办队列"),
        url_name="workbench:queue",
        # Orders are dispatched to service points and agencies (mediation committees and notary
        # offices too); lawyers get legal-aid cases, not work orders.
        roles=frozenset(STAFF_ROLES - {R.LAWYER}),
        order=20,
        # Arbitration staff answer the 仲裁指引 orders dispatched to their commission. Notary and
        # appraisal staff land on their case queues (appointments.navigation); without a posting
        # there, the work-order queue is /workbench/'s fallback.
        landing_for=frozenset({R.VILLAGE_ADVISOR, R.WINDOW_STAFF, R.ADMINISTRATOR, R.ARBITRATION_STAFF}),
    ),
    NavEntry(
        key="workbench.intake",
        label=_("窗口受理"),
        url_name="workbench:intake",
        roles=frozenset({R.WINDOW_STAFF, R.VILLAGE_ADVISOR}),
        order=30,
    ),
    NavEntry(
        key="workbench.legal_aid",
        label=_("法律援助"),
        url_name="workbench:legal_aid_queue",
        roles=frozenset({R.LEGAL_AID_REVIEWER, R.WINDOW_STAFF}) | OVERSIGHT,
        order=40,
        landing_for=frozenset({R.LEGAL_AID_REVIEWER}),
    ),
    NavEntry(
        key="workbench.duty_logs",
        label=_("值班律师法律帮助"),
        url_name="workbench:legal_aid_duty_logs",
        roles=frozenset({R.LAWYER}),
        order=41,
    ),
    NavEntry(
        key="workbench.peer_review",
        label=_("同行评估"),
        url_name="workbench:legal_aid_peer_review",
        roles=frozenset({R.LAWYER}),
        order=42,
    ),
    NavEntry(
        key="workbench.drafting",
        label=_("文书代书"),
        url_name="workbench:drafting_choose",
        roles=frozenset({R.WINDOW_STAFF, R.VILLAGE_ADVISOR, R.LAWYER}) | OVERSIGHT,
        order=45,
    ),
    NavEntry(
        key="workbench.supervision",
        label=_("督办"),
        url_name="workbench:supervision",
        roles=OVERSIGHT,
        order=50,
    ),
    NavEntry(
        key="workbench.answer_templates",
        label=_("答复模板"),
        url_name="workbench:answer_templates",
        roles=OVERSIGHT,
        order=55,
    ),
    NavEntry(
        key="workbench.calls",
        label=_("话务与质检"),
        url_name="workbench:calls_list",
        roles=OVERSIGHT,
        order=56,
        testid="calls-link",
    ),
    NavEntry(
        key="workbench.qa_demand",
        label=_("需求研判"),
        url_name="workbench:qa_demand",
        roles=OVERSIGHT,
        order=60,
    ),
    NavEntry(
        key="workbench.qa_verification",
        label=_("问题核实"),
        url_name="workbench:qa_verification",
        roles=OVERSIGHT,
        order=61,
    ),
    NavEntry(
        key="workbench.notifications",
        label=_("通知"),
        url_name="workbench:notifications",
        roles=frozenset(STAFF_ROLES),
        order=90,
        badge=_unread,
        badge_label=_("条未读"),
        testid="notifications-link",
    ),
    NavEntry(
        key="workbench.admin",
        label=_("管理后台"),
        url_name="admin:index",
        roles=frozenset({R.ADMINISTRATOR}),
        when=_may_use_admin_site,
        order=99,
    ),
    # On the portal, staff get a way back to their workbench.
    NavEntry(
        key="portal.workbench",
        label=_("工作台"),
        url_name="workbench:home",
        roles=frozenset(STAFF_ROLES),
        area=Area.PORTAL,
        order=95,
        exact=True,
    ),
)

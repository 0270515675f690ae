"""村(居)法律顾问聘任 sheet: one appointment a row, through network.services.assign_village_advisor,
so every row passes the same rules as an appointment made by hand: the person is qualified
(network.qualifications), the region is a village, and no adviser serves more villages than the
region allows, counting the rows above in the same file. A refusal is the row's error."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.xlsx import SheetRow
from gongfa.network.imports.common import Column, Row, SheetKind, regions_by_code
from gongfa.network.services import assign_village_advisor

USERNAME = "法律顾问用户名"
VILLAGE = "村(社区)区划代码"
STARTED = "聘任日期"


class AdviserSheet(SheetKind):
    slug = "advisers"
    title = _("村(居)法律顾问聘任")
    columns = (
        Column(
            USERNAME, _("法律顾问的登录用户名：账号须已存在，且为执业律师、基层法律服务工作者或专职人民调解员。"), True
        ),
        Column(VILLAGE, _("聘任到的村(社区)的12位区划代码。"), True),
        Column(STARTED, _("聘任日期，如 2026-01-01，不填为今天。")),
    )
    examples = (("zhanglvshi", "330102001001", "2026-01-01"),)

    def __init__(self, rows: Sequence[SheetRow], *, actor: User | None, channel: str) -> None:
        super().__init__(rows, actor=actor, channel=channel)
        self.villages = regions_by_code(rows, VILLAGE)
        names = {Row(r).text(USERNAME) for r in rows} - {""}
        self.advisers = {user.username: user for user in User.objects.filter(username__in=names)}

    def write_row(self, row: Row) -> None:
        username = row.text(USERNAME, required=True)
        adviser = self.advisers.get(username) if username else None
        if username and adviser is None:
            row.problem(gettext("{USERNAME}“{username}”不存在。").format(USERNAME=USERNAME, username=username))
        village = row.region(VILLAGE, self.villages)
        started = row.date(STARTED)
        if adviser is not None and village is not None:
            earlier = self.seen.repeat((adviser.pk, village.pk), row.line)
            if earlier is not None:
                row.problem(
                    gettext("{username}聘任到“{name}”与第{earlier}行重复。").format(
                        username=username, name=village.name, earlier=earlier
                    )
                )
        row.done()
        assert adviser is not None
        assert village is not None
        assign_village_advisor(advisor=adviser, village=village, actor=self.actor, started_on=started)

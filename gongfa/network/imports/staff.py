"""工作人员 sheet: one staff account a row, with its posting (岗位) at a service point or an agency.

The account gets the row's role and no password (the administrator sets one on the user page,
where the posting can also be changed); phone and ID number are checked by the validators the
user model uses and stored encrypted. A username, phone or ID number already used by another
staff account, in the file or in the database, is refused. Messages never repeat a phone or an
ID number: they name the column."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.choices import STAFF_ROLES, Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.crypto import blind_index
from gongfa.core.validators import normalize_id_number, normalize_phone, validate_id_number, validate_mobile
from gongfa.core.xlsx import SheetRow
from gongfa.network.imports.common import Column, Row, SheetKind, one_by_name, places_by_name, split_list
from gongfa.network.models import Agency, ServicePoint, StaffPosting

USERNAME = "用户名"
NAME = "姓名"
ROLE = "账号角色"
PHONE = "手机号"
ID_NUMBER = "身份证号"
POSTING_ROLE = "岗位角色"
POINT = "服务点"
AGENCY = "机构"
TOPICS = "擅长领域"
LISTED = "同意在名录中公开"
STARTED = "起始日期"
STAFF_ROLE_LABELS = "、".join(str(Role(r).label) for r in Role.values if r in STAFF_ROLES)


class StaffSheet(SheetKind):
    slug = "staff"
    title = _("工作人员")
    columns = (
        Column(USERNAME, _("登录用户名，字母、数字或 @ . + - _，不能与已有账号相同。"), True),
        Column(NAME, _("真实姓名。"), True),
        Column(ROLE, format_lazy(_("可选：{STAFF_ROLE_LABELS}。"), STAFF_ROLE_LABELS=STAFF_ROLE_LABELS), True),
        Column(PHONE, _("11位手机号。")),
        Column(ID_NUMBER, _("18位居民身份证号。")),
        Column(POSTING_ROLE, _("岗位上的角色，不填则与账号角色相同。")),
        Column(POINT, _("岗位所在服务点的名称；服务点和机构填且只填一个。")),
        Column(AGENCY, _("岗位所在机构的名称；服务点和机构填且只填一个。")),
        Column(TOPICS, _("擅长的咨询类别名称，多项用“、”分隔，如：劳动纠纷、婚姻家庭。")),
        Column(LISTED, _("是否同意在法律服务名录中公开姓名，填“是”或“否”，不填为“否”。")),
        Column(STARTED, _("岗位起始日期，如 2026-01-01，不填为今天。")),
    )
    examples = (
        ("zhangsan", "张三", "窗口工作人员", "13900000000", "", "", "示范县公共法律服务中心", "", "", "否", ""),
    )

    def __init__(self, rows: Sequence[SheetRow], *, actor: User | None, channel: str) -> None:
        from gongfa.workorders.models import Topic

        super().__init__(rows, actor=actor, channel=channel)
        read = [Row(r) for r in rows]
        self.points = places_by_name(ServicePoint.objects.filter(name__in={r.text(POINT) for r in read} - {""}))
        self.agencies = places_by_name(Agency.objects.filter(name__in={r.text(AGENCY) for r in read} - {""}))
        self.topics = {t.name: t.code for t in Topic.objects.all()} | {t.code: t.code for t in Topic.objects.all()}
        staff = User.objects.exclude(role=Role.CITIZEN)
        self.usernames = set(
            User.objects.filter(username__in={r.text(USERNAME) for r in read}).values_list("username", flat=True)
        )
        phones = {blind_index(normalize_phone(r.text(PHONE)), "phone") for r in read if r.text(PHONE)}
        self.phones = set(staff.filter(phone_hash__in=phones).values_list("phone_hash", flat=True))
        ids = {blind_index(normalize_id_number(r.text(ID_NUMBER)), "id_number") for r in read if r.text(ID_NUMBER)}
        self.id_numbers = set(User.objects.filter(id_number_hash__in=ids).values_list("id_number_hash", flat=True))

    def write_row(self, row: Row) -> None:
        username = row.text(USERNAME, required=True, max_length=150)
        real_name = row.text(NAME, required=True, max_length=User._meta.get_field("real_name").max_length)
        role = self._role(row, ROLE, required=True)
        posting_role = self._role(row, POSTING_ROLE, required=False) or role
        phone = self._personal(row, PHONE, normalize_phone, validate_mobile, "phone", self.phones)
        id_number = self._personal(
            row, ID_NUMBER, normalize_id_number, validate_id_number, "id_number", self.id_numbers
        )
        point, agency = self._place(row)
        topics = self._topics(row)
        listed = row.yes_no(LISTED, default=False)
        started = row.date(STARTED)
        if username and row.validated(USERNAME, username, User.username_validator):
            earlier = self.seen.repeat(("username", username), row.line)
            if earlier is not None:
                row.problem(
                    gettext("{USERNAME}“{username}”与第{earlier}行重复。").format(
                        USERNAME=USERNAME, username=username, earlier=earlier
                    )
                )
            elif username in self.usernames:
                row.problem(gettext("{USERNAME}“{username}”已被使用。").format(USERNAME=USERNAME, username=username))
        row.done()
        user = User(username=username, real_name=real_name, role=role, phone=phone, id_number=id_number)
        user.set_unusable_password()
        user.save()
        posting = StaffPosting(
            user=user, point=point, agency=agency, role=posting_role, topics=topics, listed_publicly=listed
        )
        if started is not None:
            posting.started_on = started
        posting.save()
        record_event(user, "accounts.user_imported", actor=self.actor, channel=self.channel, data={"role": role})
        place = point or agency
        assert place is not None
        record_event(
            posting,
            "network.posting_imported",
            actor=self.actor,
            channel=self.channel,
            region=place.region,
            data={"role": posting_role},
        )

    def _role(self, row: Row, column: str, *, required: bool) -> str:
        found = row.choice(column, Role, required=required)
        if found is None:
            return ""
        if found not in STAFF_ROLES:
            row.problem(
                gettext("{column}“{text}”不是工作人员角色，可选：{STAFF_ROLE_LABELS}。").format(
                    column=column, text=row.text(column), STAFF_ROLE_LABELS=STAFF_ROLE_LABELS
                )
            )
            return ""
        return str(found.value)

    def _personal(
        self,
        row: Row,
        column: str,
        normalize: Callable[[str], str],
        validator: Callable[[str], None],
        kind: str,
        taken: set[str],
    ) -> str:
        """A phone or ID number: checked, normalised, unique among staff (the value is never echoed)."""
        raw = row.text(column)
        if not raw or not row.validated(column, raw, validator):
            return ""
        value = normalize(raw)
        digest = blind_index(value, kind)
        earlier = self.seen.repeat((kind, digest), row.line)
        if earlier is not None:
            row.problem(gettext("{column}与第{earlier}行相同。").format(column=column, earlier=earlier))
        elif digest in taken:
            row.problem(gettext("{column}已被其他账号使用。").format(column=column))
        return str(value)

    def _place(self, row: Row) -> tuple[ServicePoint | None, Agency | None]:
        point_name, agency_name = row.text(POINT), row.text(AGENCY)
        if bool(point_name) == bool(agency_name):
            row.problem(gettext("{POINT}和{AGENCY}须填且只填一个。").format(POINT=POINT, AGENCY=AGENCY))
            return None, None
        if point_name:
            return one_by_name(row, POINT, point_name, self.points), None
        return None, one_by_name(row, AGENCY, agency_name, self.agencies)

    def _topics(self, row: Row) -> list[str]:
        codes: list[str] = []
        for word in split_list(row.text(TOPICS)):
            code = self.topics.get(word)
            if code is None:
                row.problem(gettext("{TOPICS}中的“{word}”不是已有的咨询类别。").format(TOPICS=TOPICS, word=word))
            elif code not in codes:
                codes.append(code)
        return codes

"""工作人员 import: an account and its posting a row; phone and ID number checked by the user
model's validators, stored encrypted and never repeated in an error; no duplicates."""

from __future__ import annotations

import logging

import pytest

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.network.imports import NetworkImportError, StaffSheet, import_sheet
from gongfa.network.models import StaffPosting
from gongfa.network.tests.xlsx_files import workbook
from gongfa.testing.factories import UserFactory, build_network, make_id_number

pytestmark = pytest.mark.django_db


def test_a_row_becomes_an_account_with_its_posting():
    network = build_network(townships=1, villages_per_township=1)
    id_number = make_id_number(seq=7)
    row = {
        "用户名": "zhangsan",
        "姓名": "张三",
        "账号角色": "窗口工作人员",
        "手机号": "139 0000 1234",
        "身份证号": id_number.lower(),
        "服务点": network.centre.name,
        "擅长领域": "",
        "同意在名录中公开": "是",
        "起始日期": "2026-01-05",
    }
    assert import_sheet(StaffSheet, workbook(StaffSheet, [row])).created == 1
    user = User.objects.get(username="zhangsan")
    assert user.role == Role.WINDOW_STAFF and user.real_name == "张三" and not user.has_usable_password()
    assert user.phone == "13900001234" and user.id_number == id_number.upper()
    assert User.objects.with_phone("13900001234").get() == user
    posting = StaffPosting.objects.get(user=user)
    assert posting.point == network.centre and posting.role == Role.WINDOW_STAFF and posting.listed_publicly
    assert str(posting.started_on) == "2026-01-05"


def test_a_posting_at_an_agency_with_its_own_role():
    network = build_network(townships=1, villages_per_township=1)
    row = {
        "用户名": "li",
        "姓名": "李四",
        "账号角色": "lawyer",
        "岗位角色": "人民调解员",
        "机构": network.legal_aid_centre.name,
    }
    import_sheet(StaffSheet, workbook(StaffSheet, [row]))
    posting = StaffPosting.objects.get(user__username="li")
    assert posting.agency == network.legal_aid_centre and posting.role == Role.MEDIATOR


def test_every_bad_row_is_reported_nothing_imported_and_no_personal_data_echoed(caplog):
    network = build_network(townships=1, villages_per_township=1)
    UserFactory(username="taken", phone="13911112222")
    centre = network.centre.name
    users, postings = User.objects.count(), StaffPosting.objects.count()
    good = {"姓名": "好人", "账号角色": "窗口工作人员", "服务点": centre}
    rows = [
        {**good, "用户名": "good1", "手机号": "13800000001"},
        {**good, "用户名": "badphone", "手机号": "12345"},
        {**good, "用户名": "badid", "身份证号": "110101199001011239"},
        {**good, "用户名": "taken"},
        {**good, "用户名": "samephone", "手机号": "13800000001"},
        {**good, "用户名": "citizen", "账号角色": "群众"},
        {**good, "用户名": "twoplaces", "机构": network.legal_aid_centre.name},
        {**good, "用户名": "good2", "手机号": "13911112222"},
    ]
    with caplog.at_level(logging.DEBUG), pytest.raises(NetworkImportError) as caught:
        import_sheet(StaffSheet, workbook(StaffSheet, rows))
    errors = caught.value.errors
    assert errors == [
        "第3行：手机号：手机号码格式不正确，应为以1开头的11位数字。",
        "第4行：身份证号：身份证号校验位不正确，请核对后重新输入。",
        "第5行：用户名“taken”已被使用。",
        "第6行：手机号与第2行相同。",
        f"第7行：账号角色“群众”不是工作人员角色，可选：{errors[4].split('可选：')[1]}",
        "第8行：服务点和机构须填且只填一个。",
        "第9行：手机号已被其他账号使用。",
    ]
    for secret in ("12345", "110101199001011239", "13800000001", "13911112222"):
        assert all(secret not in error for error in errors)
        assert secret not in caplog.text
    assert (User.objects.count(), StaffPosting.objects.count()) == (users, postings)


def test_unknown_places_topics_and_repeated_usernames():
    network = build_network(townships=1, villages_per_township=1)
    good = {"姓名": "某", "账号角色": "窗口工作人员", "服务点": network.centre.name}
    rows = [
        {**good, "用户名": "a"},
        {**good, "用户名": "a"},
        {**good, "用户名": "b", "服务点": "无此点"},
        {**good, "用户名": "c", "擅长领域": "炼丹"},
        {**good, "用户名": "d e"},
    ]
    with pytest.raises(NetworkImportError) as caught:
        import_sheet(StaffSheet, workbook(StaffSheet, rows))
    errors = caught.value.errors
    assert errors[:3] == [
        "第3行：用户名“a”与第2行重复。",
        "第4行：服务点“无此点”不存在。",
        "第5行：擅长领域中的“炼丹”不是已有的咨询类别。",
    ]
    assert errors[3].startswith("第6行：用户名：") and len(errors) == 4
    assert not User.objects.filter(username="a").exists()

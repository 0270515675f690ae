import pytest
from django.urls import reverse

from gongfa.accounts.models import User
from gongfa.accounts.services import update_real_name
from gongfa.audit.models import Event
from gongfa.core.errors import DomainError
from gongfa.testing.factories import CitizenFactory, make_id_number

VALID = make_id_number("330102", seq=456)


@pytest.fixture
def citizen(db):
    return CitizenFactory(real_name="", id_number="")


def test_name_and_id_number_are_saved_and_logged_without_the_number(citizen):
    update_real_name(user=citizen, real_name=" 王小明 ", id_number=VALID.lower())
    fresh = User.objects.get(pk=citizen.pk)
    assert (fresh.real_name, fresh.id_number) == ("王小明", VALID)
    event = Event.objects.get(verb="accounts.real_name_updated")
    assert event.data == {"id_number_changed": True}
    assert VALID not in str(event.data) and VALID not in event.reason


def test_an_empty_id_number_keeps_the_current_one(citizen):
    update_real_name(user=citizen, real_name="王小明", id_number=VALID)
    update_real_name(user=citizen, real_name="王晓明", id_number="")
    assert User.objects.get(pk=citizen.pk).id_number == VALID


@pytest.mark.parametrize(
    ("real_name", "id_number", "field", "message"),
    [
        ("", VALID, "real_name", "请填写姓名"),
        ("<script>", "", "real_name", "不能包含特殊符号"),
        ("王小明", VALID[:17] + ("0" if VALID[17] != "0" else "1"), "id_number", "校验位不正确"),
        ("王小明", "33010219701301123X", "id_number", "出生日期不是有效日期"),
        ("王小明", "1234", "id_number", "应为18位"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(citizen, real_name, id_number, field, message):
    with pytest.raises(DomainError, match=message) as excinfo:
        update_real_name(user=citizen, real_name=real_name, id_number=id_number)
    assert excinfo.value.field == field
    fresh = User.objects.get(pk=citizen.pk)
    assert (fresh.real_name, fresh.id_number) == ("", "")
    assert not Event.objects.filter(verb="accounts.real_name_updated").exists()


def test_the_page_shows_the_id_number_masked(client, citizen):
    update_real_name(user=citizen, real_name="王小明", id_number=VALID)
    client.force_login(citizen)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert VALID[:4] + "*" * 10 + VALID[-4:] in page
    assert VALID not in page


def test_a_wrong_check_digit_is_explained_on_the_page(client, citizen):
    client.force_login(citizen)
    wrong = VALID[:17] + ("0" if VALID[17] != "0" else "1")
    response = client.post(reverse("accounts:profile"), {"real_name": "王小明", "id_number": wrong})
    page = response.content.decode()
    assert "身份证号校验位不正确，请核对后重新输入。" in page and 'class="error-summary"' in page
    assert User.objects.get(pk=citizen.pk).id_number == ""


def test_the_page_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:citizen_login") in response["Location"]

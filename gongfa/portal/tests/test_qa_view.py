"""The portal's Q&A page (智能问答) and its hand-over to a person (转人工)."""

import pytest
from django.urls import reverse

from gongfa.knowledge.models import QuestionLog
from gongfa.testing.factories import CitizenFactory, UserFactory
from gongfa.workorders.models import WorkOrder

URL = reverse("portal:qa")
WAGES = "老板拖欠工资三个月不给怎么办"


def _ask(client, question):
    return client.post(URL, {"question": question})


def test_anyone_can_open_the_page(client, db):
    page = client.get(URL).content.decode()
    assert client.get(URL).status_code == 200
    assert 'class="skip-link"' in page and 'for="id_question"' in page


def test_the_answer_shows_marked_articles_services_and_hand_over(client, statute_corpus):
    page = _ask(client, WAGES).content.decode()
    assert "《劳动合同法》第三十条" in page and "现行有效" in page
    assert "<mark>拖欠</mark>" in page
    assert "法律援助" in page and "免予核查经济困难状况" in page
    log = QuestionLog.objects.get()
    assert reverse("portal:qa_handover", args=[log.pk]) in page


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "请输入您要咨询的问题。"),
        ("   ", "请输入您要咨询的问题。"),
        ("。。。！！", "问题不能只有标点符号"),
        ("Мне не платят зарплату", "目前只能回答用中文描述的问题"),  # neither Chinese nor English
        ("欠" * 2001, "问题不能超过 2000 个字（现在 2001 个字）"),
    ],
)
def test_bad_questions_show_the_error_summary(client, statute_corpus, question, message):
    response = _ask(client, question)
    page = response.content.decode()
    assert "data-error-summary" in page and message in page
    assert 'href="#id_question"' in page
    assert not QuestionLog.objects.exists()


def test_an_english_question_gets_an_english_reply_and_the_hand_over(client, statute_corpus):
    page = _ask(client, "My boss has not paid my wages").content.decode()
    assert 'lang="en"' in page and "asked in Chinese" in page
    log = QuestionLog.objects.get()
    assert reverse("portal:qa_handover", args=[log.pk]) in page


def test_markup_in_a_question_is_shown_escaped(client, statute_corpus):
    page = _ask(client, "<script>alert(1)</script>拖欠工资").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;拖欠工资" in page


def test_hand_over_asks_to_sign_in_first(client, statute_corpus):
    _ask(client, WAGES)
    log = QuestionLog.objects.get()
    response = client.get(reverse("portal:qa_handover", args=[log.pk]))
    assert response.status_code == 302 and reverse("accounts:citizen_login") in response["Location"]


def test_a_question_asked_before_signing_in_is_handed_over(client, statute_corpus, network):
    _ask(client, WAGES)
    log = QuestionLog.objects.get()
    citizen = CitizenFactory()
    client.force_login(citizen)  # the session keeps what it asked
    village = network.villages[0]
    url = reverse("portal:qa_handover", args=[log.pk])
    form = client.get(url).content.decode()
    assert WAGES in form and "《劳动合同法》第三十条" in form
    response = client.post(url, {"village": village.code, "note": "在工地干活"}, follow=True)
    order = WorkOrder.objects.get()
    assert response.redirect_chain[-1][0] == reverse("portal:item_detail", args=[order.tracking_number])
    assert order.requester == citizen and order.region == village
    assert "在工地干活" in order.text and "智能问答已答复" in order.text
    log.refresh_from_db()
    assert log.work_order == order and log.asked_by == citizen
    again = client.get(url, follow=True)
    assert "已经转人工" in again.content.decode()
    assert WorkOrder.objects.count() == 1


def test_someone_elses_question_cannot_be_handed_over(client, statute_corpus, network):
    other = client.__class__()
    _ask(other, WAGES)
    log = QuestionLog.objects.get()
    client.force_login(CitizenFactory())
    url = reverse("portal:qa_handover", args=[log.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"village": network.villages[0].code}).status_code == 404
    assert not WorkOrder.objects.exists()


def test_hand_over_needs_a_village(client, statute_corpus, network):
    citizen = CitizenFactory()
    client.force_login(citizen)
    _ask(client, WAGES)
    log = QuestionLog.objects.get()
    response = client.post(reverse("portal:qa_handover", args=[log.pk]), {"village": ""})
    page = response.content.decode()
    assert "请选择您所在的村(社区)。" in page and "data-error-summary" in page
    assert not WorkOrder.objects.exists()


def test_staff_are_sent_to_the_workbench(client, statute_corpus, network):
    client.force_login(UserFactory())
    _ask(client, WAGES)
    log = QuestionLog.objects.get()
    response = client.get(reverse("portal:qa_handover", args=[log.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("workbench:queue")


def test_danger_gets_emergency_guidance_before_the_legal_answer(client, statute_corpus):
    page = _ask(client, "我想杀了他").content.decode()
    assert 'data-safety="urgent"' in page and 'role="alert"' in page
    assert page.index("data-safety") < page.index("data-short-answer")
    assert page.index("data-safety") < page.index("data-suggestions")
    assert 'href="tel:110"' in page and "12356" in page and "12348" in page
    assert "作为紧急事项交给工作人员" in page
    ordinary = _ask(client, WAGES).content.decode()
    assert "data-safety" not in ordinary


def test_the_hand_over_form_of_a_dangerous_question_repeats_the_emergency_numbers(client, statute_corpus, network):
    _ask(client, "我不想活了")
    log = QuestionLog.objects.get()
    client.force_login(CitizenFactory())
    url = reverse("portal:qa_handover", args=[log.pk])
    page = client.get(url, {"county": network.county.code}).content.decode()
    assert 'data-safety="urgent"' in page and "拨打 110" in page
    _ask(client, WAGES)
    ordinary = QuestionLog.objects.get(question=WAGES)
    page = client.get(reverse("portal:qa_handover", args=[ordinary.pk]), {"county": network.county.code})
    assert "data-safety" not in page.content.decode()

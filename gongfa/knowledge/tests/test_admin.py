"""The admin edits what a law is called; texts are read-only."""

import pytest
from django.urls import reverse

from gongfa.knowledge.models import Article, Law, LawVersion
from gongfa.knowledge.services import import_statutes
from gongfa.knowledge.sources import read_folder

from .test_import_statutes import _law_json


@pytest.fixture
def law(db, tmp_path):
    _law_json(tmp_path)
    import_statutes(read_folder(tmp_path), source="test")
    return Law.objects.get()


def test_aliases_one_per_line(admin_client, law):
    url = reverse("admin:knowledge_law_change", args=[law.pk])
    response = admin_client.post(url, {"short_name": "测试法", "aliases": "试法\n\n测试法律\n试法\n"})
    assert response.status_code == 302
    law.refresh_from_db()
    assert law.aliases == ["试法", "测试法律"]
    assert law.names()[0] == "中华人民共和国测试法"


def test_an_overlong_alias_is_refused(admin_client, law):
    url = reverse("admin:knowledge_law_change", args=[law.pk])
    response = admin_client.post(url, {"short_name": "测试法", "aliases": "法" * 101})
    assert response.status_code == 200 and "别名不能超过 100 个字" in response.content.decode()
    law.refresh_from_db()
    assert law.aliases == []


def test_texts_cannot_be_changed_in_the_admin(admin_client, law):
    article = Article.objects.get(number=1)
    assert admin_client.get(reverse("admin:knowledge_article_changelist")).status_code == 200
    url = reverse("admin:knowledge_article_change", args=[article.pk])
    admin_client.post(url, {"text": "改过的"})
    article.refresh_from_db()
    assert article.text == "为了测试，制定本法。"
    assert admin_client.get(reverse("admin:knowledge_lawversion_add")).status_code == 403
    assert LawVersion.objects.count() == 1


def test_staff_add_colloquial_words(admin_client, db):
    from gongfa.knowledge.models import VocabularyEntry

    response = admin_client.post(
        reverse("admin:knowledge_vocabularyentry_add"), {"word": "东家", "terms": "用人单位 雇主", "is_active": "on"}
    )
    assert response.status_code == 302
    assert VocabularyEntry.objects.get().term_list() == ["用人单位", "雇主"]
    again = admin_client.post(reverse("admin:knowledge_vocabularyentry_add"), {"word": "东家", "terms": "x"})
    assert again.status_code == 200 and VocabularyEntry.objects.count() == 1

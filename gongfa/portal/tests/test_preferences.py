from django.urls import reverse

from gongfa.testing.factories import CitizenFactory


def test_home_is_chinese_with_skip_link(client, db):
    page = client.get("/").content.decode()
    assert '<html lang="zh-Hans"' in page
    assert 'href="#main-content" class="skip-link"' in page
    assert 'id="main-content"' in page
    assert "我要咨询" in page


def test_elder_mode_persists_in_a_cookie(client, db):
    response = client.post(reverse("portal:elder_mode"), {"elder_mode": "1", "next": "/my/"})
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert response.cookies["gongfa_elder"].value == "1"
    assert 'class="elder"' in client.get("/").content.decode()
    client.post(reverse("portal:elder_mode"), {"elder_mode": "0", "next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


def test_elder_mode_is_saved_on_the_account(client, db):
    citizen = CitizenFactory()
    client.force_login(citizen)
    client.post(reverse("portal:elder_mode"), {"elder_mode": "1"})
    citizen.refresh_from_db()
    assert citizen.elder_mode is True
    client.cookies.clear()
    client.force_login(citizen)
    assert 'class="elder"' in client.get("/").content.decode()


def test_elder_mode_ignores_external_redirects(client, db):
    response = client.post(reverse("portal:elder_mode"), {"elder_mode": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")


def test_english_switch(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "Ask a question" in page

"""The guided legal-aid application on the portal: only the questions the answers make necessary,
saved and resumable, with every bad input explained and nothing changed."""

import pytest

from gongfa.legalaid.choices import ApplicationStatus
from gongfa.legalaid.models import LegalAidApplication, Material
from gongfa.legalaid.tests.conftest import PDF
from gongfa.testing.factories import CitizenFactory


def _start(client, network, matter="labour_pay"):
    response = client.post(
        f"/legal-aid/apply/?county={network.county.code}", {"village": network.villages[0].code, "matter_code": matter}
    )
    assert response.status_code == 302
    return LegalAidApplication.objects.latest("pk"), response["Location"]


@pytest.mark.django_db
def test_migrant_worker_skips_the_income_questions_and_submits(client, network, worker, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(worker)
    draft, location = _start(client, network)
    assert location.endswith(f"/legal-aid/apply/{draft.pk}/facts/")
    page = client.get(location).content.decode()
    assert "发生了什么事？" in page and "请求支付劳动报酬" in page

    facts = {"applicant_name": "张务工", "id_number": worker.id_number, "phone": "13900001111"}
    response = client.post(location, {**facts, "opponent_name": "某公司", "facts": "欠薪三个月"})
    assert response["Location"].endswith("/conditions/")
    page = client.get(response["Location"]).content.decode()
    assert "进城务工人员" in page  # the 第42条 group that fits this matter …
    assert "社会救助、司法救助或者优抚对象" in page
    response = client.post(response["Location"], {"has_agent": "no", "exempt_group": "migrant_worker"})
    assert response["Location"].endswith("/materials/")  # … so no income step (第42条)

    with open(tmp_path / "x.pdf", "wb") as fh:
        fh.write(PDF)
    with open(tmp_path / "x.pdf", "rb") as fh:
        response = client.post(
            f"/legal-aid/cases/{draft.pk}/materials/", {"kind": "exempt_proof", "file": fh, "back": "materials"}
        )
    assert response.status_code == 302 and Material.objects.filter(application=draft).count() == 1

    confirm = client.get(f"/legal-aid/apply/{draft.pk}/confirm/").content.decode()
    assert "第四十二条" in confirm  # the proposal preview cites the article
    response = client.post(f"/legal-aid/apply/{draft.pk}/confirm/")
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.RECEIVED and response["Location"].endswith(f"/legal-aid/cases/{draft.pk}/")
    page = client.get(response["Location"]).content.decode()
    assert "已收到，正在审查" in page and draft.number in page


@pytest.mark.django_db
def test_other_matters_ask_about_income_and_explain_bad_answers(client, network, worker):
    client.force_login(worker)
    draft, _ = _start(client, network, matter="traffic_injury")
    client.post(f"/legal-aid/apply/{draft.pk}/conditions/", {"has_agent": "no", "exempt_group": ""})
    response = client.post(
        f"/legal-aid/apply/{draft.pk}/income/",
        {"household_size": "0", "household_monthly_income": "-5", "verification": "statement"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "提交的内容有问题" in page and "家庭人口数至少是 1" in page and "收入不能是负数" in page
    draft.refresh_from_db()
    assert draft.household_size is None and draft.household_monthly_income is None


@pytest.mark.django_db
def test_a_bad_file_is_explained_and_not_kept(client, network, worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(worker)
    draft, _ = _start(client, network)
    with open(tmp_path / "fake.pdf", "wb") as fh:
        fh.write(b"<html>not a pdf</html>")
    with open(tmp_path / "fake.pdf", "rb") as fh:
        response = client.post(
            f"/legal-aid/cases/{draft.pk}/materials/", {"kind": "identity", "file": fh, "back": "materials"}
        )
    assert response.status_code == 400
    assert "只能上传 PDF、JPG 或 PNG 格式的文件" in response.content.decode()
    assert not Material.objects.exists()


@pytest.mark.django_db
def test_someone_elses_application_is_not_found(client, network, worker):
    client.force_login(worker)
    draft, _ = _start(client, network)
    client.force_login(CitizenFactory())
    assert client.get(f"/legal-aid/apply/{draft.pk}/facts/").status_code == 404
    assert client.get(f"/legal-aid/cases/{draft.pk}/").status_code == 404
    assert client.post(f"/legal-aid/cases/{draft.pk}/withdraw/").status_code == 404


@pytest.mark.django_db
def test_leaving_and_coming_back_resumes_the_draft(client, network, worker):
    client.force_login(worker)
    draft, location = _start(client, network)
    client.post(
        location, {"applicant_name": "张务工", "id_number": worker.id_number, "phone": "13900001111", "facts": "欠薪"}
    )
    page = client.get("/legal-aid/").content.decode()
    assert "继续填写" in page
    assert client.get(f"/legal-aid/cases/{draft.pk}/")["Location"].endswith(f"/legal-aid/apply/{draft.pk}/facts/")
    assert "欠薪" in client.get(f"/legal-aid/apply/{draft.pk}/facts/").content.decode()


@pytest.mark.django_db
def test_an_invalid_id_number_is_explained(client, network, worker):
    client.force_login(worker)
    draft, location = _start(client, network)
    response = client.post(
        location,
        {"applicant_name": "张务工", "id_number": "110101199003071234", "phone": "13900001111", "facts": "欠薪"},
    )
    assert response.status_code == 400
    assert "身份证号校验位不正确" in response.content.decode()
    draft.refresh_from_db()
    assert draft.facts == ""

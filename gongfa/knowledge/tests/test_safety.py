"""First do no harm: questions that signal danger, by the shipped cue list (knowledge.safety), and
the ordinary legal questions that must not be taken for them."""

import pytest

from gongfa.knowledge import safety
from gongfa.knowledge.choices import SafetyKind
from gongfa.knowledge.models import SafetyCue


@pytest.fixture(autouse=True)
def fresh_table():
    safety.forget_cues()
    yield
    safety.forget_cues()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("我想杀了他", SafetyKind.HARM_TO_OTHERS),
        ("我真想 杀 了 他，他欠我钱不还", SafetyKind.HARM_TO_OTHERS),
        ("再不还钱我就砍死他", SafetyKind.HARM_TO_OTHERS),
        ("实在忍不了了，想跟他同归于尽", SafetyKind.HARM_TO_OTHERS),
        ("工资要不回来，我不想活了", SafetyKind.SELF_HARM),
        ("被骗了三十万，活不下去了", SafetyKind.SELF_HARM),
        ("老板不给钱我就去跳楼", SafetyKind.SELF_HARM),
        ("我想自杀", SafetyKind.SELF_HARM),
        ("老公喝醉了就打我怎么办", SafetyKind.DOMESTIC_VIOLENCE),
        ("长期被家暴想离婚", SafetyKind.DOMESTIC_VIOLENCE),
        ("昨天在路上被打了，头破了", SafetyKind.VIOLENCE),
        ("后妈经常虐待孩子，邻居能管吗", SafetyKind.CHILD_ABUSE),
        ("儿媳妇不给老人饭吃还骂他", SafetyKind.ELDER_ABUSE),
        ("哥哥经常打我妈", SafetyKind.ELDER_ABUSE),
        ("他威胁说不还钱就杀我全家", SafetyKind.THREAT),
        ("前男友扬言要弄死我", SafetyKind.THREAT),
        ("我被关起来了，手机也被收走", SafetyKind.CONFINEMENT),
        ("朋友被骗进传销，被关在一个小区里不让走", SafetyKind.CONFINEMENT),
    ],
)
def test_danger_is_recognised(db, question, kind):
    found = safety.assess(question)
    assert found is not None, question
    assert kind in found.kinds
    assert found.level == "urgent"
    numbers = [h.number for h in found.hotlines]
    assert numbers[0] in {"110", "120"} and numbers[-1] == "12348"


@pytest.mark.parametrize(
    "question",
    [
        "故意杀人罪判几年",
        "杀人罪和故意伤害罪有什么区别",
        "过失致人死亡怎么赔偿",
        "打官司要花多少钱",
        "在外地打工被拖欠工资",
        "他给我打了欠条但一直不还",
        "快递员打我电话说要签收",
        "商家大数据杀熟怎么投诉",
        "跳楼价买的东西能退吗",
        "保险合同的自杀条款是什么意思",
        "反家庭暴力法规定了什么",
        "公司把钱打到我卡上又要回去",
        "他没有打我，只是骂我，能离婚吗",
        "不是家暴，就是吵架，能要抚养权吗",
        "老板威胁要辞退我怎么办",
        "遭到电话推销打扰怎么办",
        "非法拘禁罪的立案标准",
        "离婚后孩子归谁抚养",
    ],
)
def test_ordinary_legal_questions_are_not_danger(db, question):
    assert safety.assess(question) is None, safety.assess(question)


def test_guidance_fits_the_kind_and_puts_each_number_once(db):
    dv = safety.assess("老公打我，还威胁要杀了我")
    assert dv is not None
    assert set(dv.kinds) == {SafetyKind.DOMESTIC_VIOLENCE, SafetyKind.THREAT, SafetyKind.HARM_TO_OTHERS} or {
        SafetyKind.DOMESTIC_VIOLENCE,
        SafetyKind.THREAT,
    } <= set(dv.kinds)
    numbers = [h.number for h in dv.hotlines]
    assert numbers[:2] == ["110", "120"] and "12338" in numbers and len(numbers) == len(set(numbers))
    self_harm = safety.assess("不想活了")
    assert self_harm is not None and "12356" in self_harm.message
    assert [h.number for h in self_harm.hotlines] == ["110", "120", "12356", "12355", "12348"]
    assert self_harm.as_dict()["guidance"][2] == {
        "number": "12356",
        "name": "全国心理援助热线",
        "when": safety.CRISIS.when,
    }


def test_detect_is_a_pure_function_of_the_table():
    table = safety.compile_cues([("威胁*烧", SafetyKind.THREAT), ("烧烤", SafetyKind.EXCLUDE)])
    assert safety.detect("他威胁说要一把火烧了我家", table) is not None
    assert safety.detect("他威胁说要一把火，然后烧烤", table) is None  # the exclusion overlaps
    assert safety.detect("他威胁我。后来我们去烧烤", table) is None  # `*` does not cross a sentence
    assert safety.detect("威胁一二三四五六七八九烧", table) is None  # nor more than 8 characters
    assert safety.detect("任何问题", safety.CueTable()) is None


def test_staff_edits_take_effect(db, monkeypatch):
    monkeypatch.setattr(safety, "CHECK_EVERY_SECONDS", 0.0)
    assert safety.assess("他要把我埋了") is None
    cue = SafetyCue.objects.create(phrase="把我埋了", kind=SafetyKind.THREAT)
    assert safety.assess("他要把我埋了") is not None
    cue.is_active = False
    cue.save()
    assert safety.assess("他要把我埋了") is None
    SafetyCue.objects.filter(phrase="家暴").delete()
    SafetyCue.objects.filter(phrase="家庭暴力").delete()
    assert safety.assess("长期被家暴") is None


def test_the_table_is_read_once_per_check_period(db, django_assert_num_queries):
    safety.assess("你好")
    with django_assert_num_queries(0):
        safety.assess("我想杀了他")


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("*杀", "* 只能用在两段文字之间"),
        ("威胁**杀", "* 只能用在两段文字之间"),
        ("abc", "提示词须含中文"),
        ("杀\x00", "控制字符"),
    ],
)
def test_a_bad_phrase_is_refused_with_the_reason(db, phrase, message):
    from django.core.exceptions import ValidationError

    cue = SafetyCue(phrase=phrase, kind=SafetyKind.THREAT)
    with pytest.raises(ValidationError) as raised:
        cue.full_clean()
    assert message in str(raised.value)


def test_staff_maintain_the_list_in_the_admin_and_it_applies_at_once(admin_client, db):
    from django.urls import reverse

    assert safety.assess("他说要把我埋了") is None  # the table is now loaded in this process
    add = reverse("admin:knowledge_safetycue_add")
    response = admin_client.post(add, {"phrase": "把我 埋了", "kind": SafetyKind.THREAT, "is_active": "on", "note": ""})
    assert response.status_code == 302
    assert SafetyCue.objects.get(phrase="把我埋了").kind == SafetyKind.THREAT  # spaces dropped
    found = safety.assess("他说要把我埋了")
    assert found is not None and found.kinds == (SafetyKind.THREAT,)
    bad = admin_client.post(add, {"phrase": "*埋", "kind": SafetyKind.THREAT, "note": ""})
    assert bad.status_code == 200 and "* 只能用在两段文字之间" in bad.content.decode()
    assert not SafetyCue.objects.filter(phrase="*埋").exists()
    assert admin_client.get(reverse("admin:knowledge_safetycue_changelist")).status_code == 200

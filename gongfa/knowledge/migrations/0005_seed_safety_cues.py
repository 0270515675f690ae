"""The default safety cue list (安全风险提示词), kept here as it was shipped: staff edit it in the
admin afterwards. Reversing removes only the phrases added here that staff have not changed."""

from django.db import migrations

HARM_TO_OTHERS = [
    "杀了他",
    "杀了她",
    "杀了你",
    "杀了他们",
    "杀死他",
    "杀死她",
    "弄死他",
    "弄死她",
    "弄死你",
    "搞死他",
    "砍死",
    "捅死",
    "打死他",
    "打死她",
    "砍了他",
    "捅了他",
    "宰了他",
    "想杀",
    "杀人",
    "同归于尽",
    "报复社会",
    "放火烧",
    "炸了他",
    "灭了他全家",
    "让他偿命",
]
SELF_HARM = [
    "不想活",
    "活不下去",
    "活着没意思",
    "自杀",
    "轻生",
    "寻死",
    "想死",
    "去死",
    "死了算了",
    "一死了之",
    "一了百了",
    "结束生命",
    "跳楼",
    "跳河",
    "跳江",
    "喝农药",
    "吃安眠药",
    "割腕",
    "上吊",
]
DOMESTIC_VIOLENCE = [
    "家暴",
    "家庭暴力",
    "老公*打我",
    "丈夫*打我",
    "老婆*打我",
    "妻子*打我",
    "男朋友*打我",
    "前夫*打我",
    "老公*打了我",
    "丈夫*打了我",
    "对象*打我",
    "被老公打",
    "被丈夫打",
    "被老婆打",
    "被男朋友打",
    "被前夫打",
    "打老婆",
    "打媳妇",
]
VIOLENCE = ["打我", "被打", "殴打我", "揍我", "被殴打", "被打伤", "被强奸", "被性侵", "被猥亵", "强奸了我", "性侵了我"]
CHILD_ABUSE = [
    "虐待孩子",
    "虐待儿童",
    "虐待小孩",
    "孩子被打",
    "孩子被虐待",
    "打孩子",
    "打小孩",
    "孩子被性侵",
    "孩子被猥亵",
    "女儿被性侵",
    "儿子被打",
    "女儿被打",
    "学生被打",
]
ELDER_ABUSE = [
    "虐待老人",
    "打老人",
    "老人被打",
    "老人被虐待",
    "不给老人饭吃",
    "把老人赶出",
    "打我爸",
    "打我妈",
    "打父母",
    "虐待父母",
    "虐待我爸",
    "虐待我妈",
]
THREAT = [
    "威胁*杀",
    "扬言*杀",
    "威胁*砍",
    "扬言*砍",
    "威胁*弄死",
    "扬言*弄死",
    "威胁*打死",
    "扬言*打死",
    "威胁*泼硫酸",
    "要杀我",
    "要弄死我",
    "要砍我",
    "要杀我全家",
    "上门报复",
    "拿刀*逼",
    "拿刀*威胁",
]
CONFINEMENT = [
    "被关起来",
    "被关在",
    "把我关",
    "被锁在",
    "不让我出门",
    "不让我走",
    "不让我离开",
    "被囚禁",
    "被非法拘禁",
    "被拐",
    "被卖到",
    "被传销",
    "困在传销",
    "限制我的人身自由",
]
# Legal terms and everyday words that contain a cue without signalling danger.
EXCLUDE = [
    "故意杀人",
    "杀人罪",
    "杀人案",
    "过失致人死亡",
    "故意伤害罪",
    "打官司",
    "打工",
    "打欠条",
    "打借条",
    "打电话",
    "打我电话",
    "打我手机",
    "打我的电话",
    "打车",
    "打折",
    "打卡",
    "打款",
    "打钱给我",
    "打到我",
    "打给我",
    "打我账户",
    "打我卡",
    "被打折",
    "被打扰",
    "被打击",
    "被打卡",
    "被打款",
    "打击报复",
    "跳楼价",
    "自杀条款",
    "自杀免责",
    "反家庭暴力法",
    "虐待罪",
    "拐卖妇女儿童罪",
    "拐卖儿童罪",
    "非法拘禁罪",
    "强奸罪",
    "猥亵儿童罪",
    "杀人犯",
    "杀价",
    "杀熟",
    "秒杀",
]

DEFAULTS = [
    *((p, "harm_to_others") for p in HARM_TO_OTHERS),
    *((p, "self_harm") for p in SELF_HARM),
    *((p, "domestic_violence") for p in DOMESTIC_VIOLENCE),
    *((p, "violence") for p in VIOLENCE),
    *((p, "child_abuse") for p in CHILD_ABUSE),
    *((p, "elder_abuse") for p in ELDER_ABUSE),
    *((p, "threat") for p in THREAT),
    *((p, "confinement") for p in CONFINEMENT),
    *((p, "exclude") for p in EXCLUDE),
]
NOTE = "默认提示词（随系统发布）"


def add_defaults(apps, schema_editor):
    SafetyCue = apps.get_model("knowledge", "SafetyCue")
    known = set(SafetyCue.objects.values_list("phrase", flat=True))
    SafetyCue.objects.bulk_create(
        [SafetyCue(phrase=p, kind=k, note=NOTE) for p, k in dict(DEFAULTS).items() if p not in known]
    )


def remove_defaults(apps, schema_editor):
    SafetyCue = apps.get_model("knowledge", "SafetyCue")
    for phrase, kind in DEFAULTS:
        SafetyCue.objects.filter(phrase=phrase, kind=kind, note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_safety_cues_and_question_safety")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]

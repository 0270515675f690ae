"""De-identifying a citizen's question before staff keep it as a verified question (去标识化).

A verified question outlives the raw question log (365 days), so it must not carry who asked:
ID numbers, phone numbers, bank card numbers, e-mail addresses, house-level addresses and the
names a question gives ("我叫张三", "王先生", "张三欠我钱" after a cue). `deidentify` replaces what
the patterns find with a bracketed placeholder; `personal_data_in` is the check the verification
service runs on the text staff finally submit (they may edit it), so nothing the patterns know
gets through either way.

Patterns, not a model: a name without a cue ("张伟借了我五万") is not found, which is why staff
read and may edit the text before confirming, and why the form says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLACEHOLDER = {
    "id_number": "【身份证号】",
    "bank_card": "【银行卡号】",
    "phone": "【电话】",
    "email": "【邮箱】",
    "address": "【地址】",
    "name": "【姓名】",
}

_DIGITS = "0-9０-９"
_ID_NUMBER = re.compile(
    rf"(?<![{_DIGITS}A-Za-z])[1-9][{_DIGITS}]{{14}}(?:[{_DIGITS}]{{2}}[{_DIGITS}Xx])?(?![{_DIGITS}A-Za-z])"
)
_BANK_CARD = re.compile(rf"(?<![{_DIGITS}])(?:[{_DIGITS}][ -]?){{15,18}}[{_DIGITS}](?![{_DIGITS}])")
_MOBILE = re.compile(rf"(?<![{_DIGITS}])(?:\+?86[- ]?)?1[3-9][{_DIGITS}](?:[- ]?[{_DIGITS}]){{8}}(?![{_DIGITS}])")
_LANDLINE = re.compile(rf"(?<![{_DIGITS}])0[1-9][{_DIGITS}]{{1,2}}[- ]?[2-9][{_DIGITS}]{{6,7}}(?![{_DIGITS}])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_NUMBER = rf"[{_DIGITS}一二三四五六七八九十百零〇两]+"
# A house-level address: a road or lane with a number, a building/unit/room, or a village group.
_ADDRESS = re.compile(
    rf"[\u4e00-\u9fff]{{0,12}}(?:路|街|大道|巷|弄|胡同){_NUMBER}号(?:院)?"
    rf"(?:{_NUMBER}(?:栋|幢|号楼|单元|层|楼|室|号))*"
    rf"|[\u4e00-\u9fff]{{0,10}}(?:小区|花园|公寓|大厦|苑|新村){_NUMBER}(?:栋|幢|号楼|单元|层|楼|室|号)"
    rf"(?:{_NUMBER}(?:栋|幢|号楼|单元|层|楼|室|号))*"
    rf"|[\u4e00-\u9fff]{{1,6}}村{_NUMBER}(?:组|队|号)(?:{_NUMBER}号)?"
)
# Common single-character surnames (the most frequent ~100 cover most of the population).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项"
    "连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
    "敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = "欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐|端木"
_SURNAME = rf"(?:{_COMPOUND_SURNAMES}|[{_SURNAMES}])"
_GIVEN = r"[\u4e00-\u9fff]{1,2}"
# A name after a cue that introduces one: 我叫张三, 姓名：李四, 老公叫李明, 老板王建国 (被告张某某 is already
# anonymous). Not 我是 / 本人: 我是温州人, 我是程序员 are no names.
_NAMED = re.compile(
    rf"(?P<cue>我叫|我名叫|本人叫|名叫|叫做|名字叫|名字是|姓名[:：是为]?|对方叫|他叫|她叫|"
    rf"(?:丈夫|妻子|老公|老婆|儿子|女儿|父亲|母亲|爸爸|妈妈|哥哥|姐姐|弟弟|妹妹|老板|邻居|房东|经理|原告|被告)叫?)"
    rf"[ :：]?(?P<name>{_SURNAME}{_GIVEN})"
)
# 被告是赵六 — after 是 only a name that stands alone (被告是华为公司 goes on: no name).
_NAMED_IS = re.compile(
    rf"(?:丈夫|妻子|老公|老婆|老板|邻居|房东|原告|被告|对方|债务人|借款人)是(?P<name>{_SURNAME}{_GIVEN})(?![\u4e00-\u9fff])"
)
# A surname with a form of address: 王先生, 李女士, 张老板 (某 and 某某 are already anonymous).
_ADDRESSED = re.compile(rf"(?<![\u4e00-\u9fff]){_SURNAME}(?:先生|女士|小姐|老板|师傅|律师|经理|大爷|大妈|阿姨)")
_ALREADY_ANONYMOUS = re.compile(r"^[\u4e00-\u9fff]某+$|^.某")
# Words that look like "surname + given name" after a cue but are ordinary words.
_NOT_NAMES = frozenset(
    [
        "农民",
        "农民工",
        "老人",
        "老板",
        "员工",
        "单位",
        "公司",
        "工人",
        "业主",
        "房东",
        "孩子",
        "学生",
        "病人",
        "司机",
        "本人",
        "本地",
        "外地",
        "工地",
        "村民",
        "居民",
        "妇女",
        "军人",
        "退伍",
        "残疾",
        "法人",
        "股东",
        "个体",
        "包工",
        "临时",
        "正式",
        "合同",
        "劳务",
        "外卖",
        "快递",
        "保安",
        "保姆",
        "医生",
        "护士",
        "教师",
        "老师",
        "会计",
        "出纳",
        "店主",
        "独生",
        "未成",
        "成年",
        "外嫁",
        "离异",
        "丧偶",
        "低保",
        "五保",
        "贫困",
        "困难",
        "党员",
        "高龄",
        "孤寡",
        "留守",
        "城镇",
        "农村",
        "监护",
        "法定",
        "委托",
        "代理",
        "不是",
        "没有",
        "已经",
        "现在",
        "自己",
        "他们",
        "我们",
        "对方",
        "一个",
        "两个",
        "多少",
        "怎么",
        "什么",
        "可以",
        "应该",
        "还是",
        "只是",
        "就是",
        "也是",
        "不能",
        "上班",
        "下岗",
        "退休",
        "离职",
        "辞职",
        "在职",
        "打工",
        "工作",
        "干活",
        "做工",
        "小时",
        "小孩",
        "老婆",
        "老公",
        "丈夫",
        "妻子",
        "儿子",
        "女儿",
        "父亲",
        "母亲",
    ]
)


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of PLACEHOLDER
    start: int
    end: int


def _name_findings(text: str) -> list[Finding]:
    found = []
    for match in [*_NAMED.finditer(text), *_NAMED_IS.finditer(text)]:
        name = match.group("name")
        if name in _NOT_NAMES or name[:2] in _NOT_NAMES or _ALREADY_ANONYMOUS.match(name):
            continue
        found.append(Finding("name", match.start("name"), match.end("name")))
    for match in _ADDRESSED.finditer(text):
        found.append(Finding("name", match.start(), match.end()))
    return found


def findings(text: str) -> list[Finding]:
    """What the patterns find in `text`, left to right, overlaps resolved longest first."""
    raw: list[Finding] = []
    for kind, pattern in (
        ("email", _EMAIL),
        ("id_number", _ID_NUMBER),
        ("bank_card", _BANK_CARD),
        ("phone", _MOBILE),
        ("phone", _LANDLINE),
        ("address", _ADDRESS),
    ):
        raw.extend(Finding(kind, m.start(), m.end()) for m in pattern.finditer(text))
    raw.extend(_name_findings(text))
    raw.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in raw:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def deidentify(text: str) -> str:
    """`text` with every finding replaced by its placeholder."""
    parts: list[str] = []
    position = 0
    for finding in findings(text):
        parts.append(text[position : finding.start])
        parts.append(PLACEHOLDER[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def personal_data_in(text: str) -> list[str]:
    """The kinds of personal data still in `text` (empty when the patterns find none), each once."""
    kinds: list[str] = []
    for finding in findings(text):
        if finding.kind not in kinds:
            kinds.append(finding.kind)
    return kinds

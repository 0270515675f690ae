"""Word lists for the demo data: Chinese surnames and given names, place-name syllables, agency
brands and a handful of plain-language questions with answers.

Everything here is fictional. The province, city and counties do not exist; place names are
composed from syllables, so any match with a real place is a coincidence. The questions and
answers were written for the demo and give general orientation only.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# The fictional top of the hierarchy. Codes follow the 12-digit statistical division shape:
# province 33, city 3399, first county 339901 (later counties 339902, 339903, …).
# ---------------------------------------------------------------------------------------------
PROVINCE = ("330000000000", "示范省")
CITY = ("339900000000", "江南市")
FIRST_COUNTY_NAME = "青山县"
AREA_CODE = "0570"  # landline area code used for the demo's office phones

# ---------------------------------------------------------------------------------------------
# Surnames with a rough weight (per mille of the population, after the 2020 census ranking).
# ---------------------------------------------------------------------------------------------
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71.5),
    ("李", 71.2),
    ("张", 68.6),
    ("刘", 53.8),
    ("陈", 45.3),
    ("杨", 30.9),
    ("黄", 22.9),
    ("赵", 22.9),
    ("吴", 20.5),
    ("周", 20.0),
    ("徐", 16.0),
    ("孙", 15.2),
    ("马", 14.4),
    ("朱", 13.2),
    ("胡", 13.1),
    ("郭", 11.8),
    ("何", 11.7),
    ("林", 11.4),
    ("罗", 10.7),
    ("高", 10.7),
    ("郑", 9.7),
    ("梁", 9.2),
    ("谢", 8.5),
    ("宋", 8.0),
    ("唐", 7.9),
    ("许", 7.5),
    ("韩", 7.4),
    ("冯", 7.3),
    ("邓", 7.1),
    ("曹", 7.0),
    ("彭", 6.7),
    ("曾", 6.6),
    ("肖", 6.3),
    ("田", 6.2),
    ("董", 6.1),
    ("袁", 6.0),
    ("潘", 5.8),
    ("于", 5.7),
    ("蒋", 5.6),
    ("蔡", 5.5),
    ("余", 5.4),
    ("杜", 5.3),
    ("叶", 5.2),
    ("程", 5.1),
    ("苏", 5.0),
    ("魏", 4.9),
    ("吕", 4.8),
    ("丁", 4.7),
    ("任", 4.6),
    ("沈", 4.5),
    ("姚", 4.4),
    ("卢", 4.3),
    ("姜", 4.2),
    ("崔", 4.1),
    ("钟", 4.0),
    ("谭", 3.9),
    ("陆", 3.8),
    ("汪", 3.7),
    ("范", 3.6),
    ("金", 3.5),
    ("石", 3.4),
    ("廖", 3.3),
    ("贾", 3.2),
    ("夏", 3.1),
    ("韦", 3.0),
    ("付", 2.9),
    ("方", 2.8),
    ("白", 2.7),
    ("邹", 2.6),
    ("孟", 2.5),
    ("熊", 2.4),
    ("秦", 2.3),
    ("邱", 2.2),
    ("江", 2.1),
    ("尹", 2.0),
    ("薛", 1.9),
    ("闫", 1.8),
    ("段", 1.7),
    ("雷", 1.6),
    ("侯", 1.5),
    ("龙", 1.4),
    ("史", 1.3),
    ("陶", 1.2),
    ("黎", 1.1),
    ("贺", 1.0),
    ("顾", 0.9),
    ("毛", 0.9),
    ("郝", 0.8),
    ("龚", 0.8),
    ("邵", 0.7),
    ("万", 0.7),
    ("钱", 0.6),
    ("严", 0.6),
    ("戴", 0.5),
    ("莫", 0.5),
    ("孔", 0.4),
    ("汤", 0.4),
    ("欧阳", 0.3),
    ("上官", 0.05),
    ("司马", 0.05),
    ("诸葛", 0.03),
)

# Given-name characters by generation and sex: names follow fashions, so a citizen born in 1950
# is more likely called 秀英 or 建国, one born in 2000 more likely 欣怡 or 浩宇.
GIVEN_CHARS: dict[tuple[str, str], str] = {
    ("old", "M"): "建国华明志强军平德富贵海林文忠荣福生春发祥正根土山",
    ("old", "F"): "秀英兰芳凤珍桂玉梅琴翠花霞娟红丽淑素云月彩金娣妹",
    ("mid", "M"): "伟勇军斌刚磊涛明辉华亮超峰强波杰鹏飞宏俊东健新",
    ("mid", "F"): "丽娟敏燕艳霞红静玲芳萍慧莉洁琳雪晶颖媛倩婷丹琼",
    ("young", "M"): "浩宇轩然博涛杰鹏俊晨磊阳昊哲辰睿航泽凯文彬一诚子",
    ("young", "F"): "欣怡婷雨萱涵静琳悦佳雪颖思彤瑶晴婧蕾诗梓可馨语",
}

# ---------------------------------------------------------------------------------------------
# Place names: two syllables and a suffix (村, 社区, 镇, 乡, 街道, 县).
# ---------------------------------------------------------------------------------------------
RURAL_FIRST = (
    "青石桃柳杨李王张东西南北上下新大小高长龙凤金白黄红马竹松梅兰枫樟荷花溪泉云雁鹤鹿清安永和兴宁平康乐福寿丰茶"
)
RURAL_SECOND = "山水溪河湖塘桥岭岗坪田庄园湾口头埠林家堰墩浦港坞坑岩滩洲峰源"
URBAN_FIRST = "和新华城锦文翠阳光明春长东西南北中滨湖丽景府学建"
URBAN_SECOND = "平华东西南北苑园兴安康宁光明湖景庭苑门江山"

ROADS = ("人民路", "解放路", "中山路", "文化路", "建设路", "青年路", "滨江路", "府前路", "学院路", "健康路")

# ---------------------------------------------------------------------------------------------
# Agencies.
# ---------------------------------------------------------------------------------------------
LAW_FIRM_BRANDS = ("正源", "明理", "衡平", "致远", "守正", "博信", "泽润", "天和", "弘毅", "求是")
APPRAISAL_BRANDS = ("公信", "明鉴", "正衡", "仁和")
# Industry (行业性专业性) mediation committees: (industry, name suffix).
INDUSTRY_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("医疗纠纷", "医疗纠纷人民调解委员会"),
    ("交通事故", "道路交通事故纠纷人民调解委员会"),
)

# Topics a staff posting may list as its strengths (擅长领域): stable keys, Chinese labels.
TOPICS: dict[str, str] = {
    "labour": "劳动争议",
    "marriage_family": "婚姻家庭",
    "neighbour": "邻里纠纷",
    "traffic": "交通事故",
    "land": "土地承包",
    "debt": "借贷合同",
    "inheritance": "继承",
    "consumer": "消费维权",
    "medical": "医疗纠纷",
    "elderly": "老年人权益",
}

# Mobile-number prefixes (China Mobile, Unicom, Telecom). 1380000xxxx is kept for the demo
# citizens' fixed numbers and is never generated.
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "177",
    "180",
    "181",
    "182",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
)

# ---------------------------------------------------------------------------------------------
# Demo questions (written for the demo; plain language, as a villager would ask) and a short,
# general answer each. (topic, question, answer)
# ---------------------------------------------------------------------------------------------
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "labour",
        "我在镇上的家具厂干了八个月，老板说资金紧张，已经三个月没发工资了，也一直没签劳动合同。我该怎么把工资要回来？",
        "请先保存好考勤记录、工资条、转账记录、与老板的聊天记录等能证明上班和欠薪的材料。"
        "可以向当地劳动保障监察部门投诉，也可以向劳动人事争议仲裁委员会申请仲裁；"
        "入职超过一个月仍未签书面劳动合同的，还可以主张未签合同期间的二倍工资。"
        "经济困难的，可以向县法律援助中心申请法律援助。",
    ),
    (
        "neighbour",
        "邻居家盖新房，把排水管接到我家院墙边上，一下雨水就流进我家院子，商量了几次都不肯改，怎么办？",
        "相邻的两家应当本着方便生活、团结互助、公平合理的原则处理排水等问题。"
        "建议先请村人民调解委员会上门调解；调解不成的，可以向人民法院起诉，要求对方排除妨害，"
        "造成损失的还可以要求赔偿。平时可以拍照、录像留下积水和损坏的情况。",
    ),
    (
        "marriage_family",
        "我和丈夫准备离婚，结婚后用两个人的工资买了一套房子，房产证上只写了他的名字，离婚时房子怎么分？",
        "结婚以后用夫妻共同收入买的房子，一般属于夫妻共同财产，只登记一方名字并不改变这一点。"
        "离婚时可以协商分割；协商不成的，由人民法院根据财产的具体情况，"
        "按照照顾子女、女方和无过错方权益的原则判决。请保管好购房合同、付款和还贷记录。",
    ),
    (
        "traffic",
        "我骑电动车被一辆小轿车撞了，住院花了两万多块，对方的保险公司一直拖着不赔，我能怎么办？",
        "请保存好交警出具的事故认定书、病历、医疗费发票和误工证明。"
        "可以向道路交通事故纠纷人民调解委员会申请调解，调解达成的协议可以申请法院司法确认；"
        "也可以直接向人民法院起诉，并把对方车辆投保的保险公司一起列为被告。",
    ),
    (
        "elderly",
        "我今年七十多岁了，几个儿子都不愿意给赡养费，我一个人生活很困难，能不能告他们？",
        "成年子女对父母有赡养扶助的义务，不能以放弃继承或者其他理由拒绝。"
        "可以先请村人民调解委员会调解；调解不成的，可以向人民法院起诉，要求子女支付赡养费。"
        "老年人打官司有困难的，可以申请法律援助，工作人员也可以上门服务。",
    ),
    (
        "land",
        "村里要调整承包地，要把我家的两亩地划给别人，我家的承包合同还没到期，村里能这样做吗？",
        "承包期内，发包方一般不得调整承包地。因特殊情况确需个别调整的，"
        "要经过村民会议三分之二以上成员或者三分之二以上村民代表同意，并报乡镇人民政府和县级主管部门批准。"
        "您可以向村委会要求出示相关决议和批准文件，也可以向乡镇农村土地承包仲裁机构申请仲裁。",
    ),
    (
        "debt",
        "朋友三年前借了我五万块钱，写了借条，但没写什么时候还，现在他不接我电话，钱还能要回来吗？",
        "借条上没有约定还款时间的，出借人可以随时催告对方还款，并给对方一个合理的准备时间。"
        "请保管好借条原件和转账记录，催款时尽量留下短信、微信等书面记录。"
        "对方仍不还的，可以向人民法院起诉。",
    ),
    (
        "labour",
        "我在工地上干活从架子上摔下来，腿骨折了，包工头说我是临时工，不给算工伤，我该怎么办？",
        "临时工同样受劳动法律保护。请先保存好上工记录、工友证言、医院病历。"
        "可以在受伤之日起一年内自己向社会保险行政部门申请工伤认定；"
        "包工头没有用工资格的，可以由承包工程的施工单位承担工伤保险责任。需要帮助可以申请法律援助。",
    ),
    (
        "inheritance",
        "父亲去世了，没有留遗嘱，家里的老房子我们兄妹几个该怎么分？",
        "没有遗嘱的，按法定继承办理：第一顺序继承人是配偶、子女、父母，同一顺序继承人一般平均分配。"
        "对尽了主要赡养义务的，分配时可以多分。兄妹之间可以先协商，签订分割协议，"
        "也可以到公证处办理继承公证，协商不成的可以申请调解或者起诉。",
    ),
    (
        "consumer",
        "在网上买的保健品，商家说能治高血压，吃了两个月一点用都没有，我能退货退款吗？",
        "保健食品不能宣传治疗疾病，商家这样宣传涉嫌虚假宣传。"
        "请保存好商品页面截图、聊天记录和付款记录，先向平台和商家要求退款，"
        "也可以拨打12315向市场监督管理部门投诉。",
    ),
    (
        "marriage_family",
        "我想申请法律援助打离婚官司，需要准备哪些材料？到哪里去办？",
        "一般需要身份证件、经济困难状况的说明（按规定填写个人诚信承诺）、与案件有关的材料，"
        "如结婚证、子女出生证明、财产情况等。可以到县公共法律服务中心的法律援助窗口申请，"
        "也可以在网上提交申请，行动不便的可以请村(居)法律顾问帮助代为提交。",
    ),
    (
        "inheritance",
        "办理房子的继承公证，需要带什么材料去公证处？",
        "通常需要继承人的身份证件、户口簿，被继承人的死亡证明，能证明亲属关系的材料，"
        "以及房屋产权证明。具体材料清单请先电话咨询公证处或者在网上预约，工作人员会告诉您。",
    ),
)

DEMO_RATING_COMMENT = "解答很清楚，也告诉了我下一步去哪里办，谢谢！"

# ---------------------------------------------------------------------------------------------
# The directory (法律服务名录): where the fictional city lies, and what each kind of place tells
# the public (hours, accessibility, a short description). Coordinates are made up around this
# centre (a hilly area of the kind the 0570 area code stands for); no real building is meant.
# ---------------------------------------------------------------------------------------------
CITY_CENTRE = (28.97, 118.87)  # latitude, longitude of the first county's seat
COUNTY_SPACING = (0.42, 0.48)  # degrees between county seats (north, east) on the city's grid
MINORITY_LANGUAGE = "畲语"  # spoken in a few 乡 (畲族乡) of each county
AGENCY_HOURS = {
    "legal_aid_centre": "周一至周五 8:30-17:30（12348热线全天）",
    "mediation_committee": "周一至周五 9:00-17:00",
    "industry_mediation_committee": "周一至周五 9:00-17:00",
    "notary_office": "周一至周五 8:30-12:00、13:30-17:00；周六上午预约办理",
    "appraisal_institution": "周一至周五 8:30-17:00",
    "law_firm": "周一至周五 9:00-18:00",
    "grassroots_legal_service_office": "周一至周六 8:30-17:00",
    "justice_bureau": "周一至周五 8:30-17:00",
    "arbitration_commission": "周一至周五 9:00-17:00",
}
# What each kind of agency offers (the same as gongfa.network.directory.KIND_SERVICES; a test holds
# them together: the plan is built without Django's models).
AGENCY_SERVICES = {
    "legal_aid_centre": ("legal_aid", "consultation"),
    "mediation_committee": ("mediation",),
    "industry_mediation_committee": ("mediation",),
    "notary_office": ("notarization",),
    "appraisal_institution": ("appraisal",),
    "law_firm": ("lawyer_referral", "consultation"),
    "grassroots_legal_service_office": ("consultation", "document_drafting"),
    "arbitration_commission": ("arbitration",),
}
AGENCY_DESCRIPTIONS = {
    "legal_aid_centre": "受理法律援助申请，为经济困难群众和特殊案件当事人指派律师；农民工、老年人、残疾人优先受理。",
    "mediation_committee": "免费调解邻里、婚姻家庭、损害赔偿等民间纠纷，调解协议可申请司法确认。",
    "industry_mediation_committee": "专门调解本行业领域的纠纷，免费，不影响当事人申请仲裁或起诉。",
    "notary_office": "办理亲属关系、继承、遗嘱、委托、声明、学历、保全证据等公证，可网上预约，部分事项当日出证。",
    "appraisal_institution": "经司法行政机关登记的司法鉴定机构，受理法医、物证等鉴定委托。",
    "law_firm": "提供诉讼代理、法律顾问、合同审查等律师服务，承办法律援助案件。",
    "grassroots_legal_service_office": (
        "基层法律服务工作者提供法律咨询、代写法律文书、代理民事案件，担任村(居)法律顾问。"
    ),
    "arbitration_commission": "处理劳动人事争议仲裁申请；劳动争议仲裁不收费。到公共法律服务中心窗口可获得仲裁指引。",
}
AGENCY_ACCESSIBILITY = {
    "notary_office": "无障碍通道、老年人和残疾人优先办理；行动不便的可预约上门办理",
    "legal_aid_centre": "无障碍通道、老年人优先窗口、手语视频翻译（请提前预约）",
    "appraisal_institution": "无障碍通道、电梯",
    "law_firm": "电梯",
}
CENTRE_ACCESSIBILITY = "无障碍通道、无障碍卫生间、轮椅借用、老年人优先窗口、手语视频翻译（请提前预约）"
CENTRE_DESCRIPTION = (
    "县级公共法律服务中心：法律咨询、法律援助、人民调解、公证、司法鉴定咨询、仲裁指引等一站式办理，12348热线全天接听。"
)
STATION_ACCESSIBILITY = "无障碍通道、老年人优先窗口"
STATION_DESCRIPTION = "乡镇(街道)公共法律服务工作站：法律咨询、法律援助申请、人民调解、法律文书代书和法治宣传。"
ROOM_ACCESSIBILITY = ("一楼办公，轮椅可进出", "一楼办公，轮椅可进出", "二楼办公，行动不便的可电话约法律顾问上门", "")
ROOM_DESCRIPTION = "村(社区)公共法律服务工作室：法律顾问定期坐班，提供法律咨询、调解和代写法律文书。"

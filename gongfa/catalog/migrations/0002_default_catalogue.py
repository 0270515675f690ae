"""The default catalogue: the 8 service types every install starts with, and their national time
limits (SLA rules). Administrators edit both in the admin; regions override the time limits with
their own rows. Sources: /work/shared/domain/rules.md §§1–4 and §6 (✅ checked against the article,
◐ secondary source, ⚠ configuration without a legal number).

The content is copied here on purpose (a data migration must not import code that may change).
"""

import datetime

from django.db import migrations

SINCE = datetime.date(2000, 1, 1)

SERVICE_TYPES = [
    {
        "code": "consultation",
        "name": "法律咨询",
        "sort_order": 10,
        "handling_kind": "answer",
        "summary": "免费解答您遇到的法律问题，告诉您可以怎么办、可以找谁办。",
        "audience": "所有群众，以及在本地办事的企业和社会组织。咨询不需要经济困难证明，可以不留姓名。",
        "content": "\n".join(
            [
                "解答婚姻家庭、劳动工资、借款合同、房屋土地、交通事故、邻里纠纷等日常法律问题。",
                "告诉您法律是怎么规定的，有哪些解决办法（协商、调解、仲裁、诉讼等），该到哪里办。",
                "告诉您申请法律援助的权利、条件和程序；符合条件的，可以直接转为法律援助申请。",
                "需要调解、公证、司法鉴定的，为您引导或转交给相应的机构办理。",
                "问题复杂的，可以约定时间答复；行动不便的老年人、残疾人可以预约上门服务。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "village_room", "kiosk", "letter", "transfer_12345"],
        "required_materials": "\n".join(
            [
                "说清楚您的问题即可，不需要其他材料",
                "有合同、欠条、判决书、聊天记录等与问题有关的材料的，可以一并提供，便于准确解答",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国法律援助法》第22条：法律咨询是法律援助的服务形式之一",
                "《中华人民共和国法律援助法》第23条：通过窗口、电话、网络等提供法律咨询，并告知申请法律援助的权利、条件和程序",
            ]
        ),
        "fee": "免费",
    },
    {
        "code": "legal_aid",
        "name": "法律援助",
        "sort_order": 20,
        "handling_kind": "case",
        "summary": "经济困难或者符合法定条件的，由国家免费指派律师为您代理案件、刑事辩护。",
        "audience": (
            "经济困难、没有委托代理人或者辩护人的公民；见义勇为、遭受虐待遗弃或者家庭暴力的受害人、"
            "英雄烈士近亲属维护英雄烈士人格权益等情形，不受经济困难条件的限制。"
        ),
        "content": "\n".join(
            [
                "法律咨询、代拟法律文书。",
                "刑事辩护与代理；民事、行政、国家赔偿案件的诉讼代理和非诉讼代理；劳动争议调解与仲裁代理；值班律师法律帮助。",
                "常见的可以申请的事项：请求国家赔偿；请求社会保险待遇或者社会救助；请求发给抚恤金；请求给付赡养费、抚养费、扶养费；"
                "请求确认劳动关系或者支付劳动报酬；请求认定公民无民事行为能力或者限制民事行为能力；"
                "请求工伤、交通事故、食品药品安全事故、医疗事故人身损害赔偿；请求环境污染、生态破坏损害赔偿。",
                "法律援助机构自收到申请之日起七日内审查，决定是否给予法律援助；材料不齐全的，会一次性告诉您需要补充哪些材料。",
                "决定给予法律援助的，三日内为您指派律师或者其他法律援助人员，全程免费。",
                "情况紧急的（例如离诉讼时效届满不到七日，或者需要马上申请财产保全、证据保全），可以先提供法律援助，事后补办手续。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "village_room"],
        "required_materials": "\n".join(
            [
                "法律援助申请表（书写有困难的，可以口头申请，由工作人员记录）",
                "居民身份证或者其他有效身份证明；代为申请的，还要提供代理权限的证明",
                "经济困难状况说明表，或者个人诚信承诺书和核查授权书",
                "属于免予核查经济困难的人员，提供相应证明（如低保、特困供养、优抚对象证明，残疾人证）；不受经济困难条件限制的事项不需要",
                "与案件有关的材料，如起诉状、判决书、劳动合同、工资条、欠条、医疗票据等证据",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国法律援助法》第22条：法律援助的服务形式",
                "《中华人民共和国法律援助法》第31条：因经济困难可以申请法律援助的民事、行政事项",
                "《中华人民共和国法律援助法》第32条：不受经济困难条件限制的情形",
                "《中华人民共和国法律援助法》第41条：如实说明经济困难状况；信息共享查询和个人诚信承诺",
                "《中华人民共和国法律援助法》第42条：免予核查经济困难状况的人员",
                "《中华人民共和国法律援助法》第43条：七日内审查决定，一次性告知补充材料，三日内指派",
                "《中华人民共和国法律援助法》第44条：先行提供法律援助",
                "《办理法律援助案件程序规定》（司法部令第148号）",
            ]
        ),
        "fee": "免费。法律援助人员不得收取受援人任何财物（《法律援助法》第20条）。",
    },
    {
        "code": "mediation",
        "name": "人民调解",
        "sort_order": 30,
        "handling_kind": "case",
        "summary": "邻里、婚姻家庭、损害赔偿等民间纠纷，由人民调解员帮助双方自愿协商解决，不收费。",
        "audience": "与他人、企业或者其他组织发生民事纠纷的群众。调解要双方自愿，一方明确拒绝的，不能调解。",
        "content": "\n".join(
            [
                "调解婚姻家庭、邻里关系、房屋宅基地、损害赔偿、劳动争议、物业、消费等民间纠纷。",
                "调解员听取双方意见，讲解法律和政策，提出解决办法，帮助双方自愿达成协议。",
                "达成协议的，可以制作调解协议书，双方签名、调解员签名并加盖调解委员会印章后，具有法律约束力。",
                "调解协议生效后三十日内，双方可以共同向人民法院申请司法确认；确认有效后，一方不履行的，另一方可以申请强制执行。",
                "调解不成的，告诉您可以通过仲裁、行政或者诉讼途径解决。纠纷一般在一个月内调结，双方同意的可以延长。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "village_room"],
        "required_materials": "\n".join(
            [
                "身份证件",
                "纠纷的简要经过，对方当事人的姓名和联系方式（或者单位名称）",
                "与纠纷有关的证据，如合同、收据、照片、医疗票据（有的话）",
                "书面申请或者口头申请都可以",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国人民调解法》第2条：人民调解的含义",
                "《中华人民共和国人民调解法》第4条：人民调解不收取任何费用",
                "《中华人民共和国人民调解法》第17条：当事人可以申请调解，一方明确拒绝的不得调解",
                "《中华人民共和国人民调解法》第28—31条：调解协议及其效力",
                "《中华人民共和国人民调解法》第33条：司法确认",
                "《中华人民共和国民事诉讼法》第205—206条：确认调解协议案件",
                "《人民调解工作若干规定》第33条：纠纷一般在一个月内调结",
            ]
        ),
        "fee": "免费",
    },
    {
        "code": "notarization",
        "name": "公证",
        "sort_order": 40,
        "handling_kind": "case",
        "summary": "证明合同、继承、委托、声明、学历、亲属关系等事项真实、合法，可以在线预约。",
        "audience": (
            "与公证事项有利害关系的个人、企业和其他组织。遗嘱、生存、收养等事项须本人亲自办理，不能委托他人。"
        ),
        "content": "\n".join(
            [
                "证明合同、继承、委托、声明、赠与、遗嘱、财产分割、招标投标、拍卖。",
                "证明出生、生存、死亡、身份、经历、学历、学位、职务、职称、有无违法犯罪记录，婚姻状况、亲属关系、收养关系。",
                "保全证据；证明文书上的签名、印鉴、日期，证明文书的副本、影印本与原本相符。",
                "可以在本平台预约，到住所地、经常居住地、行为地或者事实发生地的公证机构办理；涉及不动产的，到不动产所在地办理。",
                "证明材料齐全、事项真实合法的，公证机构自受理之日起十五个工作日内出具公证书"
                "（补充证明材料、核实情况的时间不计算在内）。",
            ]
        ),
        "channels": ["portal", "hotline", "window"],
        "required_materials": "\n".join(
            [
                "申请人的身份证件（企业和其他组织提供营业执照或登记证书、法定代表人身份证明）",
                "委托他人代办的，提供授权委托书和代理人的身份证件（遗嘱、生存、收养等事项不能委托）",
                "申请公证的文书，如合同、委托书、声明书",
                "与公证事项有关的证明材料，如亲属关系证明、不动产权证书、学历证书",
                "公证机构要求提供的其他材料",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国公证法》第11条：公证事项",
                "《中华人民共和国公证法》第25条：向哪里的公证机构申请",
                "《中华人民共和国公证法》第26条：可以委托他人代理，遗嘱、生存、收养等须本人办理",
                "《中华人民共和国公证法》第30条：十五个工作日内出具公证书",
                "《中华人民共和国公证法》第34条：按规定收费，符合法律援助条件的减免",
                "《公证程序规则》（司法部令第103号，2020年修正）",
            ]
        ),
        "fee": "按本省公证收费标准收取；符合法律援助条件的，减收或者免收公证费。",
    },
    {
        "code": "appraisal",
        "name": "司法鉴定",
        "sort_order": 50,
        "handling_kind": "case",
        "summary": "告诉您伤残等级、亲子关系、笔迹等司法鉴定怎么办理，帮您联系有资质的鉴定机构。",
        "audience": "诉讼、仲裁或者其他纠纷中需要鉴定的当事人。已经进入诉讼的，一般由人民法院等办案机关委托鉴定。",
        "content": "\n".join(
            [
                "告诉您要做哪一类鉴定（如伤残等级、亲子关系、笔迹、交通事故痕迹）、找哪一类鉴定机构、怎样委托。",
                "诉讼中的鉴定一般由人民法院等办案机关委托，我们指引您向办案机关提出鉴定申请。",
                "鉴定机构一般自收到委托之日起七个工作日内决定是否受理；受理后一般在三十个工作日内完成鉴定，情况复杂的可以延长。",
                "法律援助受援人可以申请减收或者免收鉴定费。",
            ]
        ),
        "channels": ["portal", "hotline", "window"],
        "required_materials": "\n".join(
            [
                "身份证件",
                "诉讼中的鉴定：办案机关的委托材料",
                "与鉴定有关的材料，如病历、影像资料、检材、票据",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《司法鉴定程序通则》（2016年）第13条：七个工作日内决定是否受理",
                "《司法鉴定程序通则》（2016年）第28条：一般在三十个工作日内完成鉴定",
                "《中华人民共和国法律援助法》第53条：对受援人减收或者免收鉴定费",
            ]
        ),
        "fee": "按司法鉴定收费标准收取；法律援助受援人减收或者免收。",
    },
    {
        "code": "lawyer_referral",
        "name": "律师服务",
        "sort_order": 60,
        "handling_kind": "answer",
        "summary": "介绍律师能提供哪些服务，为您推荐本地律师事务所，公共法律服务中心有值班律师免费解答。",
        "audience": "需要委托律师打官司、起草或审查合同、担任法律顾问的群众和企业。",
        "content": "\n".join(
            [
                "介绍律师的业务：担任法律顾问，代理民事、行政诉讼和刑事辩护，代理仲裁和调解，起草、审查合同等法律文书。",
                "提供本地律师事务所的名单和联系方式，说明委托律师的一般流程和收费方式。",
                "公共法律服务中心有值班律师，可以当面免费解答咨询。",
                "经济困难的，先告诉您能不能申请法律援助。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "village_room"],
        "required_materials": "\n".join(
            [
                "了解和推荐不需要材料",
                "委托律师时，按律师事务所的要求提供身份证件和案件材料",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国律师法》第25条：律师事务所统一接受委托，签订书面委托合同，统一收费",
                "《中华人民共和国律师法》第28条：律师的业务范围",
                "《中华人民共和国法律援助法》第23条：告知申请法律援助的权利、条件和程序",
            ]
        ),
        "fee": "了解和推荐免费；委托律师的费用由律师事务所按规定与您协商，并签订书面委托合同。",
    },
    {
        "code": "complaint",
        "name": "投诉",
        "sort_order": 70,
        "handling_kind": "complaint",
        "summary": "对公共法律服务、法律援助、调解、公证等服务不满意，或者发现工作人员违规，可以投诉。",
        "audience": "接受公共法律服务的群众，法律援助的申请人和受援人。",
        "content": "\n".join(
            [
                "可以投诉的情形：服务态度差、推诿拖延、超过时限；法律援助人员无正当理由拒绝、拖延或者终止服务，收取财物；泄露个人隐私等。",
                "受理后先与您联系核实情况，调查处理后把结果告诉您。",
                "法律援助受援人认为法律援助人员没有依法履行职责的，可以请求更换法律援助人员。",
                "您对服务评价“不满意”的，我们会回访并整改。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "letter", "transfer_12345"],
        "required_materials": "\n".join(
            [
                "投诉人的姓名和联系方式（可以要求为您保密）",
                "被投诉的服务机构或者人员，事情经过和您的要求",
                "相关证据，如收费凭证、录音、聊天记录（有的话）",
            ]
        ),
        "legal_basis": "\n".join(
            [
                "《中华人民共和国法律援助法》第55条：受援人可以投诉，并请求更换法律援助人员",
                "《中华人民共和国法律援助法》第56条：司法行政部门建立投诉查处制度，及时告知处理结果",
            ]
        ),
        "fee": "免费",
    },
    {
        "code": "other",
        "name": "其他",
        "sort_order": 90,
        "handling_kind": "answer",
        "summary": "不清楚属于哪一类的法律问题或服务需求，先告诉我们，我们帮您分类办理。",
        "audience": "所有群众。",
        "content": "\n".join(
            [
                "不知道该找哪个部门、办哪项服务的，可以先把您的问题或需求告诉我们。",
                "工作人员判断属于哪一类服务，转给相应的机构办理；属于其他部门职责的，告诉您到哪里办，或者为您转办。",
            ]
        ),
        "channels": ["portal", "hotline", "window", "village_room", "kiosk"],
        "required_materials": "说清楚您的问题或需求即可，不需要其他材料",
        "legal_basis": "司法部《关于深入推进公共法律服务平台建设的指导意见》（2018年）：前台统一受理，后台分流转办",
        "fee": "免费",
    },
]

# (service type, stage, amount, unit, source[, text shown to citizens]). National defaults; regions
# override them with their own rows.
SLA_RULES = [
    (
        "consultation",
        "accept",
        24,
        "hours",
        "配置：受理（签收）不晚于答复时限，参照网上留言咨询24小时内答复（rules.md §4，svc.online_message_reply_hours，◐ 地方指南）",
    ),
    (
        "consultation",
        "first_contact",
        24,
        "hours",
        "rules.md §4/§6 svc.online_message_reply_hours：网上留言咨询24小时内答复（◐ 地方指南，引《12348中国法网网上服务规范》司办通〔2017〕129号）",
    ),
    (
        "consultation",
        "resolve",
        7,
        "working_days",
        "rules.md §4/§6 svc.letter_reply_working_days：来信咨询7个工作日内答复（◐ 地方指南）",
        "一般在 7 个工作日内答复；问题复杂的，可以约定时间答复",
    ),
    (
        "legal_aid",
        "accept",
        1,
        "working_days",
        "配置（⚠ 法律未规定）：收到申请后1个工作日内登记受理；审查期限仍自收到申请之日起算",
    ),
    (
        "legal_aid",
        "resolve",
        7,
        "legal_days",
        "《法律援助法》第43条第1款：自收到申请之日起七日内审查并作出决定（✅）；rules.md §6 la.review_days；日按地区期间计算方式",
        "收到申请后一般在 7 日内决定是否给予法律援助",
    ),
    (
        "mediation",
        "accept",
        3,
        "working_days",
        "配置（⚠ 法律未规定）：3个工作日内决定是否受理并征求对方当事人意见（《人民调解法》第17条 自愿原则）",
        "一般在 3 个工作日内决定是否受理",
    ),
    (
        "mediation",
        "resolve",
        30,
        "legal_days",
        "《人民调解工作若干规定》第33条：一般在一个月内调结（◐）；rules.md §6 med.target_days，按30日计，经双方同意可延长",
        "纠纷一般在 30 日内调结，双方同意的可以延长",
    ),
    (
        "notarization",
        "first_contact",
        1,
        "working_days",
        "配置（⚠ 法律未规定）：1个工作日内确认预约",
        "一般在 1 个工作日内确认预约",
    ),
    (
        "notarization",
        "resolve",
        15,
        "working_days",
        "《公证法》第30条：自受理之日起十五个工作日内出具公证书（✅）；rules.md §6 not.issue_working_days；补充证明、核实时间不计入",
        "材料齐全的，一般在 15 个工作日内出具公证书（补充材料、核实情况的时间不计算在内）",
    ),
    (
        "appraisal",
        "accept",
        7,
        "working_days",
        "《司法鉴定程序通则》第13条：七个工作日内决定是否受理（◐）；rules.md §6 apr.accept_working_days",
        "鉴定机构一般在 7 个工作日内决定是否受理",
    ),
    (
        "appraisal",
        "resolve",
        30,
        "working_days",
        "《司法鉴定程序通则》第28条：三十个工作日内完成，复杂的可延长（◐/⚠ 条号未核实）；rules.md §6 apr.complete_working_days",
        "受理后一般在 30 个工作日内完成鉴定，情况复杂的可以延长",
    ),
    (
        "lawyer_referral",
        "first_contact",
        1,
        "working_days",
        "配置（⚠ 法律未规定）：1个工作日内联系，了解需求",
    ),
    (
        "lawyer_referral",
        "resolve",
        3,
        "working_days",
        "配置（⚠ 法律未规定）：3个工作日内提供律师事务所推荐信息",
        "一般在 3 个工作日内为您推荐律师事务所",
    ),
    (
        "complaint",
        "first_contact",
        1,
        "working_days",
        "配置：1个工作日内联系投诉人核实情况；《法律援助法》第56条要求及时处理（✅，未规定天数）",
    ),
    (
        "complaint",
        "resolve",
        15,
        "working_days",
        "配置：15个工作日内告知处理结果；《法律援助法》第56条“及时告知”（✅，未规定天数）；rules.md §6 la.complaint_reply_days",
        "一般在 15 个工作日内告诉您处理结果",
    ),
    (
        "other",
        "accept",
        24,
        "hours",
        "配置：同法律咨询，24小时内受理（rules.md §4 svc.online_message_reply_hours，◐）",
    ),
    (
        "other",
        "resolve",
        7,
        "working_days",
        "配置：同法律咨询，7个工作日内答复或转办（rules.md §4 svc.letter_reply_working_days，◐）",
        "一般在 7 个工作日内答复，或者转给相应的机构办理",
    ),
]


def create_defaults(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    SlaRule = apps.get_model("catalog", "SlaRule")
    types = {}
    for row in SERVICE_TYPES:
        values = dict(row)
        code = values.pop("code")
        types[code], _ = ServiceType.objects.get_or_create(code=code, defaults=values)
    for code, stage, amount, unit, source, *text in SLA_RULES:
        SlaRule.objects.get_or_create(
            service_type=types[code],
            stage=stage,
            region=None,
            effective_from=SINCE,
            defaults={"amount": amount, "unit": unit, "source": source, "public_text": "".join(text)},
        )


def remove_defaults(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    ServiceType.objects.filter(code__in=[row["code"] for row in SERVICE_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_defaults, remove_defaults),
    ]

"""Time limits by channel and the catalogue in English (issue #16 items 13 and 17).

Channel rows (rules.md §4, ◐ local consultation guides): an online message (网上留言, the portal)
is answered within 24 hours; a letter is decided within 7 working days (the any-channel rule it
used to share with everything else, now explicit); the hotline, the window and the other
channels keep the any-channel rule. Consultation and 仲裁指引 (answered like a consultation) get
them; the other services' limits do not depend on the channel.

The English texts fill the new *_en fields of the shipped service types and of the shipped
public time-limit texts, only where they are still empty (an administrator's text is kept), and
only for rows whose Chinese text is still the shipped one.

The content is copied here on purpose (a data migration must not import code that may change).
"""

import datetime

from django.db import migrations

SINCE = datetime.date(2000, 1, 1)

# (service type, stage, channel, amount, unit, source, public text, English public text)
CHANNEL_RULES = [
    (
        "consultation",
        "resolve",
        "portal",
        24,
        "hours",
        "rules.md §4/§6 svc.online_message_reply_hours：网上留言咨询24小时内答复（◐ 地方指南，引《12348中国法网网上服务规范》司办通〔2017〕129号）",
        "网上留言一般在 24 小时内答复；问题复杂的，可以约定时间答复",
        "Online messages are usually answered within 24 hours; a complex question may get an agreed later date",
    ),
    (
        "consultation",
        "resolve",
        "letter",
        7,
        "working_days",
        "rules.md §4/§6 svc.letter_reply_working_days：来信咨询7个工作日内决定如何处理并答复（◐ 地方指南）",
        "来信一般在 7 个工作日内答复",
        "Letters are usually answered within 7 working days",
    ),
    (
        "arbitration",
        "resolve",
        "portal",
        24,
        "hours",
        "同法律咨询：网上留言24小时内答复（rules.md §4/§6 svc.online_message_reply_hours，◐ 地方指南）",
        "网上留言一般在 24 小时内答复",
        "Online messages are usually answered within 24 hours",
    ),
]

# English public texts of the shipped any-channel rules: (service type, stage) → (Chinese, English).
PUBLIC_TEXT_EN = {
    ("consultation", "resolve"): (
        "一般在 7 个工作日内答复；问题复杂的，可以约定时间答复",
        "Usually answered within 7 working days; a complex question may get an agreed later date",
    ),
    ("legal_aid", "resolve"): (
        "收到申请后一般在 7 日内决定是否给予法律援助",
        "A decision on legal aid is usually made within 7 days of receiving the application",
    ),
    ("mediation", "accept"): (
        "一般在 3 个工作日内决定是否受理",
        "Whether the case is taken on is usually decided within 3 working days",
    ),
    ("mediation", "resolve"): (
        "纠纷一般在 30 日内调结，双方同意的可以延长",
        "A dispute is usually settled within 30 days; longer if both parties agree",
    ),
    ("notarization", "first_contact"): (
        "一般在 1 个工作日内确认预约",
        "Bookings are usually confirmed within 1 working day",
    ),
    ("notarization", "resolve"): (
        "材料齐全的，一般在 15 个工作日内出具公证书（补充材料、核实情况的时间不计算在内）",
        "With complete documents, the notarial certificate is usually issued within 15 working days"
        " (time spent on extra documents or checks is not counted)",
    ),
    ("appraisal", "accept"): (
        "鉴定机构一般在 7 个工作日内决定是否受理",
        "The appraisal institution usually decides within 7 working days whether to accept",
    ),
    ("appraisal", "resolve"): (
        "受理后一般在 30 个工作日内完成鉴定，情况复杂的可以延长",
        "The appraisal is usually completed within 30 working days of acceptance; longer for complex cases",
    ),
    ("lawyer_referral", "resolve"): (
        "一般在 3 个工作日内为您推荐律师事务所",
        "Law firms are usually recommended to you within 3 working days",
    ),
    ("complaint", "resolve"): (
        "一般在 15 个工作日内告诉您处理结果",
        "You are usually told the outcome within 15 working days",
    ),
    ("other", "resolve"): (
        "一般在 7 个工作日内答复，或者转给相应的机构办理",
        "Usually answered, or passed to the right body, within 7 working days",
    ),
    ("arbitration", "resolve"): (
        "一般在 7 个工作日内答复",
        "Usually answered within 7 working days",
    ),
}

ENGLISH = {
    "consultation": {
        "name_en": "Legal consultation",
        "summary_en": "Free answers to your legal questions: what you can do and where to go.",
        "audience_en": (
            "Everyone, and businesses and organisations working locally. No proof of financial hardship is"
            " needed, and you may stay anonymous."
        ),
        "content_en": "\n".join(
            [
                "Answers everyday legal questions: marriage and family, wages and employment, loans and contracts,"
                " housing and land, traffic accidents, disputes with neighbours.",
                "Explains what the law says and the ways to resolve the matter (negotiation, mediation, arbitration,"
                " litigation), and where to go.",
                "Tells you about your right to apply for legal aid, the conditions and the procedure; if you qualify,"
                " the consultation can become a legal aid application.",
                "Guides you to, or passes you on to, mediation, notarization or judicial appraisal where needed.",
                "Complex questions can be answered at an agreed later time; older people and people with"
                " disabilities who cannot easily travel can book a home visit.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Just describe your question; nothing else is needed",
                "Contracts, IOUs, judgments, chat records or other papers related to the question help us answer"
                " accurately",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Legal Aid Law of the PRC, Article 22: legal consultation is one form of legal aid",
                "Legal Aid Law of the PRC, Article 23: consultation at service windows, by phone and online, with"
                " notice of the right to apply for legal aid, its conditions and procedure",
            ]
        ),
        "fee_en": "Free",
    },
    "legal_aid": {
        "name_en": "Legal aid",
        "summary_en": (
            "If you cannot afford a lawyer or meet the legal conditions, the state assigns a lawyer to represent"
            " or defend you free of charge."
        ),
        "audience_en": (
            "Citizens with financial difficulties who have no agent or defender. Victims of abuse, abandonment or"
            " domestic violence, people injured acting bravely for others, and close relatives of heroes and"
            " martyrs protecting their honour are not subject to the financial-hardship condition."
        ),
        "content_en": "\n".join(
            [
                "Legal consultation and drafting of legal documents.",
                "Criminal defence and representation; representation in civil, administrative and state"
                " compensation cases, in and out of court; representation in labour dispute mediation and"
                " arbitration; help from duty lawyers.",
                "Common matters you can apply for: state compensation; social insurance benefits or social"
                " assistance; pensions for the families of the deceased; support payments for parents, children or"
                " spouses; confirming an employment relationship or claiming wages; declaring a person without or"
                " with limited capacity for civil conduct; compensation for personal injury from work accidents,"
                " traffic accidents, food or drug safety incidents and medical accidents; compensation for"
                " environmental pollution or ecological damage.",
                "The legal aid agency reviews the application and decides within 7 days of receiving it; if"
                " documents are missing, you are told at once everything that needs to be added.",
                "Once legal aid is granted, a lawyer or other legal aid worker is assigned within 3 days, free of"
                " charge throughout.",
                "In urgent cases (for example, fewer than 7 days before a limitation period runs out, or property or"
                " evidence must be preserved at once), legal aid can be given first and the formalities completed"
                " afterwards.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Legal aid application form (if writing is difficult, you may apply orally and staff will record it)",
                "Resident identity card or other valid identification; an agent applying for you also provides"
                " proof of authority",
                "Statement of financial circumstances, or a personal good-faith pledge and an authorisation to"
                " verify",
                "People exempt from the financial check provide proof (e.g. subsistence allowance, extreme-poverty"
                " support or special-care entitlement, disability certificate); not needed for matters without the"
                " financial condition",
                "Papers about the case, such as a complaint, judgment, labour contract, pay slips, IOUs or medical"
                " receipts",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Legal Aid Law of the PRC, Article 22: forms of legal aid",
                "Legal Aid Law of the PRC, Article 31: civil and administrative matters for which people with"
                " financial difficulties may apply",
                "Legal Aid Law of the PRC, Article 32: cases not subject to the financial-hardship condition",
                "Legal Aid Law of the PRC, Article 41: stating financial circumstances truthfully; data sharing and"
                " personal good-faith pledges",
                "Legal Aid Law of the PRC, Article 42: people exempt from the financial check",
                "Legal Aid Law of the PRC, Article 43: decision within 7 days, missing documents listed at once,"
                " assignment within 3 days",
                "Legal Aid Law of the PRC, Article 44: legal aid given first in urgent cases",
                "Provisions on the Procedures for Handling Legal Aid Cases (Ministry of Justice Order No. 148)",
            ]
        ),
        "fee_en": (
            "Free. Legal aid workers may not take any money or property from the person they help (Legal Aid Law,"
            " Article 20)."
        ),
    },
    "mediation": {
        "name_en": "People's mediation",
        "summary_en": (
            "Disputes between neighbours, in the family, over compensation and the like, settled by agreement"
            " with the help of a people's mediator, free of charge."
        ),
        "audience_en": (
            "People in a civil dispute with another person, a business or an organisation. Mediation is voluntary:"
            " if one side clearly refuses, it cannot go ahead."
        ),
        "content_en": "\n".join(
            [
                "Mediates civil disputes: marriage and family, neighbours, housing and homesteads, compensation,"
                " labour, property management, consumer disputes.",
                "The mediator hears both sides, explains the law and policy, proposes solutions and helps the parties"
                " reach an agreement of their own free will.",
                "An agreement can be put in writing; signed by both parties and the mediator and sealed by the"
                " mediation committee, it is legally binding.",
                "Within 30 days after the agreement takes effect, the parties may jointly apply to the people's court"
                " for judicial confirmation; once confirmed, if one side does not perform, the other may apply for"
                " enforcement.",
                "If mediation fails, you are told how to proceed through arbitration, administrative channels or"
                " litigation. Disputes are usually settled within one month; longer if both parties agree.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Identity document",
                "A short account of the dispute, and the other party's name and contact details (or the"
                " organisation's name)",
                "Evidence related to the dispute, such as contracts, receipts, photos, medical bills (if any)",
                "You may apply in writing or orally",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "People's Mediation Law of the PRC, Article 2: what people's mediation is",
                "People's Mediation Law of the PRC, Article 4: people's mediation is free of charge",
                "People's Mediation Law of the PRC, Article 17: parties may apply; no mediation if one clearly"
                " refuses",
                "People's Mediation Law of the PRC, Articles 28–31: mediation agreements and their effect",
                "People's Mediation Law of the PRC, Article 33: judicial confirmation",
                "Civil Procedure Law of the PRC, Articles 205–206: cases confirming mediation agreements",
                "Several Provisions on People's Mediation Work, Article 33: disputes usually settled within one"
                " month",
            ]
        ),
        "fee_en": "Free",
    },
    "notarization": {
        "name_en": "Notarization",
        "summary_en": (
            "Certifies that contracts, inheritance, powers of attorney, declarations, education records, family"
            " relationships and the like are true and lawful; book online."
        ),
        "audience_en": (
            "Individuals, businesses and other organisations with an interest in the matter to be notarized. Wills,"
            " proof of being alive, adoption and similar matters must be handled in person, not by an agent."
        ),
        "content_en": "\n".join(
            [
                "Certifies contracts, inheritance, powers of attorney, declarations, gifts, wills, division of"
                " property, tendering and auctions.",
                "Certifies birth, being alive, death, identity, experience, education, degrees, positions, titles,"
                " criminal record or its absence, marital status, family relationships and adoption.",
                "Preserves evidence; certifies signatures, seals and dates on documents, and that copies match the"
                " original.",
                "Book on this platform, then go to a notary office where you live or usually live, where the act took"
                " place or where the facts occurred; for real estate, where the property is.",
                "If the documents are complete and the matter true and lawful, the notary office issues the"
                " certificate within 15 working days of acceptance (time spent on extra documents or checks is not"
                " counted).",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "The applicant's identity document (businesses and organisations: business licence or registration"
                " certificate, and proof of the legal representative's identity)",
                "If someone applies for you: a power of attorney and the agent's identity document (wills, proof of"
                " being alive, adoption and similar matters cannot be delegated)",
                "The document to be notarized, such as a contract, power of attorney or declaration",
                "Supporting papers, such as proof of family relationship, real estate title certificate or diploma",
                "Other documents the notary office asks for",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Notarization Law of the PRC, Article 11: matters that can be notarized",
                "Notarization Law of the PRC, Article 25: which notary office to apply to",
                "Notarization Law of the PRC, Article 26: an agent may apply, except for wills, proof of being alive,"
                " adoption and similar matters",
                "Notarization Law of the PRC, Article 30: certificate issued within 15 working days",
                "Notarization Law of the PRC, Article 34: fees as prescribed, reduced or waived for people who qualify"
                " for legal aid",
                "Rules on Notarization Procedures (Ministry of Justice Order No. 103, amended 2020)",
            ]
        ),
        "fee_en": "Charged at the provincial notarization fee rates; reduced or waived for people who qualify for legal aid.",
    },
    "appraisal": {
        "name_en": "Judicial appraisal",
        "summary_en": (
            "How to get a forensic appraisal such as a disability grade, paternity or handwriting, and help"
            " contacting a qualified appraisal institution."
        ),
        "audience_en": (
            "Parties to litigation, arbitration or other disputes who need an appraisal. Once a case is in court,"
            " the appraisal is usually commissioned by the people's court or another case-handling body."
        ),
        "content_en": "\n".join(
            [
                "Tells you which kind of appraisal you need (e.g. disability grade, paternity, handwriting, traffic"
                " accident traces), which kind of institution does it and how to commission it.",
                "In litigation the appraisal is usually commissioned by the people's court or another case-handling"
                " body; we guide you to apply to that body.",
                "An appraisal institution usually decides within 7 working days of receiving the commission whether to"
                " accept it, and usually completes the appraisal within 30 working days; longer for complex cases.",
                "Legal aid recipients may ask for appraisal fees to be reduced or waived.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Identity document",
                "Appraisal in litigation: the commissioning papers of the case-handling body",
                "Materials for the appraisal, such as medical records, images, samples, receipts",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "General Rules for Judicial Appraisal Procedures (2016), Article 13: decision to accept within 7"
                " working days",
                "General Rules for Judicial Appraisal Procedures (2016), Article 28: appraisal usually completed"
                " within 30 working days",
                "Legal Aid Law of the PRC, Article 53: appraisal fees reduced or waived for legal aid recipients",
            ]
        ),
        "fee_en": "Charged at the judicial appraisal fee rates; reduced or waived for legal aid recipients.",
    },
    "lawyer_referral": {
        "name_en": "Lawyer services",
        "summary_en": (
            "What lawyers can do for you and which local law firms to contact; duty lawyers at the public legal"
            " service centre answer questions free of charge."
        ),
        "audience_en": (
            "People and businesses who need a lawyer to go to court, draft or review contracts or act as legal"
            " adviser."
        ),
        "content_en": "\n".join(
            [
                "Explains lawyers' work: acting as legal adviser, representing clients in civil and administrative"
                " litigation, criminal defence, representation in arbitration and mediation, drafting and reviewing"
                " contracts and other legal documents.",
                "Gives you a list of local law firms and their contact details, and explains how hiring a lawyer"
                " usually works and how fees are charged.",
                "Duty lawyers at the public legal service centre answer questions in person free of charge.",
                "If you have financial difficulties, we first tell you whether you can apply for legal aid.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "No documents are needed for information and recommendations",
                "When you hire a lawyer, provide your identity document and case papers as the law firm asks",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Lawyers Law of the PRC, Article 25: the law firm accepts the engagement, signs a written contract"
                " and charges the fees",
                "Lawyers Law of the PRC, Article 28: the work lawyers may do",
                "Legal Aid Law of the PRC, Article 23: notice of the right to apply for legal aid, its conditions and"
                " procedure",
            ]
        ),
        "fee_en": (
            "Information and recommendations are free; a lawyer's fee is agreed with the law firm according to the"
            " rules and set out in a written contract."
        ),
    },
    "complaint": {
        "name_en": "Complaints",
        "summary_en": (
            "Not satisfied with public legal services, legal aid, mediation or notarization, or saw staff break the"
            " rules? You can complain."
        ),
        "audience_en": "People who used public legal services, and legal aid applicants and recipients.",
        "content_en": "\n".join(
            [
                "You can complain about: poor attitude, passing the buck or delays, missed time limits; legal aid"
                " workers refusing, delaying or ending their service without good reason, or taking money or"
                " property; disclosure of private information, and the like.",
                "After accepting your complaint we first contact you to check the facts, then investigate and tell"
                " you the outcome.",
                "A legal aid recipient who believes the legal aid worker is not doing their duty may ask for a"
                " different one.",
                "If you rate a service “dissatisfied”, we call you back and put things right.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Your name and contact details (you may ask us to keep them confidential)",
                "The service body or person complained about, what happened and what you want",
                "Evidence, such as fee receipts, recordings, chat records (if any)",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Legal Aid Law of the PRC, Article 55: recipients may complain and ask for a different legal aid"
                " worker",
                "Legal Aid Law of the PRC, Article 56: justice administration departments handle complaints and tell"
                " the complainant the outcome in good time",
            ]
        ),
        "fee_en": "Free",
    },
    "other": {
        "name_en": "Other",
        "summary_en": (
            "A legal question or need that fits no other heading: tell us first and we will find the right service."
        ),
        "audience_en": "Everyone.",
        "content_en": "\n".join(
            [
                "If you do not know which department or service to turn to, tell us your question or need first.",
                "Staff decide which service it belongs to and pass it to the right body; if it is another"
                " department's responsibility, we tell you where to go or transfer it for you.",
            ]
        ),
        "required_materials_en": "Just describe your question or need; nothing else is needed",
        "legal_basis_en": (
            "Ministry of Justice, Guiding Opinions on Further Advancing the Building of Public Legal Service"
            " Platforms (2018): one front desk takes every request, the back office sorts and passes it on"
        ),
        "fee_en": "Free",
    },
    "arbitration": {
        "name_en": "Arbitration guidance",
        "summary_en": (
            "Whether a labour or contract dispute can go to arbitration, which arbitration commission to apply to,"
            " what to prepare and which time limits apply."
        ),
        "audience_en": (
            "Workers in a labour or personnel dispute with their employer, and parties to a contract with an"
            " arbitration agreement."
        ),
        "content_en": "\n".join(
            [
                "Labour disputes: if you do not want mediation, mediation fails, or a mediation agreement is not"
                " performed, you can apply to the labour and personnel dispute arbitration commission; you can also"
                " apply if no agreement is reached within 15 days of applying for mediation. Labour dispute"
                " arbitration is free.",
                "The time limit for applying for labour arbitration is one year from the day you knew or should have"
                " known your rights were infringed; the commission decides within 5 days of receiving the"
                " application whether to accept it, and usually makes an award within 45 days of acceptance,"
                " extendable by up to 15 days in complex cases.",
                "Contract and other civil or commercial disputes: arbitration requires an arbitration agreement (a"
                " clause in the contract or a separate agreement), and you apply to the commission it names; without"
                " one you can sue in the people's court.",
                "We help you decide which route to take, find the local arbitration commission and prepare the"
                " application; migrant workers claiming wages, work-injury cases and the like may apply for legal"
                " aid.",
            ]
        ),
        "required_materials_en": "\n".join(
            [
                "Identity document",
                "Labour disputes: labour contract, pay slips, attendance records, notice of dismissal and the like",
                "Contract disputes: the contract and its arbitration clause, or the arbitration agreement",
            ]
        ),
        "legal_basis_en": "\n".join(
            [
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 5: you may apply to a labour"
                " dispute arbitration commission",
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 14: arbitration if no agreement"
                " within 15 days of applying for mediation",
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 27: one-year limitation period for"
                " arbitration",
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 29: decision to accept within 5 days",
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 43: concluded within 45 days,"
                " extension of up to 15 days",
                "Labour Dispute Mediation and Arbitration Law of the PRC, Article 53: labour dispute arbitration is"
                " free",
                "Arbitration Law of the PRC, Article 4: without an arbitration agreement the arbitration commission"
                " does not accept the case",
            ]
        ),
        "fee_en": (
            "Guidance is free; labour dispute arbitration is free; commercial arbitration is charged at the"
            " arbitration commission's rates."
        ),
    },
}


def add(apps, schema_editor):
    ServiceType = apps.get_model("catalog", "ServiceType")
    SlaRule = apps.get_model("catalog", "SlaRule")
    types = {t.code: t for t in ServiceType.objects.filter(code__in=list(ENGLISH))}
    for code, values in ENGLISH.items():
        service_type = types.get(code)
        if service_type is None:
            continue
        changed = [field for field, text in values.items() if not getattr(service_type, field)]
        for field in changed:
            setattr(service_type, field, values[field])
        if changed:
            service_type.save(update_fields=changed)
    for (code, stage), (chinese, english) in PUBLIC_TEXT_EN.items():
        SlaRule.objects.filter(
            service_type__code=code,
            stage=stage,
            region=None,
            channel="",
            effective_from=SINCE,
            public_text=chinese,
            public_text_en="",
        ).update(public_text_en=english)
    for code, stage, channel, amount, unit, source, public_text, public_text_en in CHANNEL_RULES:
        service_type = types.get(code)
        if service_type is None:
            continue
        SlaRule.objects.get_or_create(
            service_type=service_type,
            stage=stage,
            region=None,
            channel=channel,
            effective_from=SINCE,
            defaults={
                "amount": amount,
                "unit": unit,
                "source": source,
                "public_text": public_text,
                "public_text_en": public_text_en,
            },
        )


def remove(apps, schema_editor):
    SlaRule = apps.get_model("catalog", "SlaRule")
    for code, stage, channel, *_rest in CHANNEL_RULES:
        SlaRule.objects.filter(
            service_type__code=code, stage=stage, region=None, channel=channel, effective_from=SINCE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_channel_rules_and_english")]

    operations = [migrations.RunPython(add, remove)]

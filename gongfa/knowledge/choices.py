from django.db import models
from django.utils.translation import gettext_lazy as _


class LawStatus(models.TextChoices):
    """时效性 as the source publishes it (which text is in force today: Law.current_version)."""

    CURRENT = "current", _("现行有效")
    AMENDED = "amended", _("已被修改")  # the text is still in force; an amendment exists
    NOT_YET_EFFECTIVE = "not_yet_effective", _("尚未生效")
    HISTORICAL = "historical", _("历史版本")
    REPEALED = "repealed", _("已废止")


PUBLISHED_STATUS: dict[str, LawStatus] = {str(status.label): status for status in LawStatus}


class CitationVerdict(models.TextChoices):
    """引用核验结论 for one 《某法》第N条 found in a text."""

    CURRENT = "current", _("现行有效")
    NOT_YET_EFFECTIVE = "not_yet_effective", _("尚未生效")
    HISTORICAL = "historical", _("仅见于旧版本")
    REPEALED = "repealed", _("已废止")
    ARTICLE_NOT_FOUND = "article_not_found", _("条文不存在")
    LAW_NOT_FOUND = "law_not_found", _("法律不存在")


class FaqStatus(models.TextChoices):
    """审核状态 of a FAQ entry: only published entries are searched and shown to citizens."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class AnswerSource(models.TextChoices):
    """Where the short answer of a Q&A reply came from (答案来源)."""

    FAQ = "faq", _("常见问题")
    ARTICLES = "articles", _("相关法条")
    GENERATED = "generated", _("智能生成（已核验引用）")
    NONE = "none", _("未找到")


class SafetyKind(models.TextChoices):
    """What danger a question signals (安全风险类型); EXCLUDE marks phrases that look like a cue but
    are not one (法律用语 such as 故意杀人罪), which cancel a cue they overlap."""

    HARM_TO_OTHERS = "harm_to_others", _("想伤害他人")
    SELF_HARM = "self_harm", _("自伤自杀")
    DOMESTIC_VIOLENCE = "domestic_violence", _("家庭暴力")
    VIOLENCE = "violence", _("遭受暴力或性侵害")
    CHILD_ABUSE = "child_abuse", _("侵害未成年人")
    ELDER_ABUSE = "elder_abuse", _("虐待老人")
    THREAT = "threat", _("受到威胁")
    CONFINEMENT = "confinement", _("被拘禁或拐卖")
    EXCLUDE = "exclude", _("排除（不算危险信号）")


class QuestionVerdict(models.TextChoices):
    """What staff found a logged question to be (核实结论)."""

    LEGAL = "legal", _("法律问题")
    NOT_LEGAL = "not_legal", _("非法律问题")


class ReviewPriority(models.IntegerChoices):
    """Why a logged question waits for verification, most pressing first (待核实原因)."""

    LOW_CONFIDENCE = 0, _("低置信度")
    HANDED_OVER = 1, _("已转人工")
    UNHELPFUL = 2, _("群众反馈没帮助")
    OTHER = 3, _("其他")

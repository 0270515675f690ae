"""Choices of the appointments app."""

from django.db import models


class TimeLimitKind(models.TextChoices):
    """How fast a notarial matter must be issued once accepted (rules.md §3.4; practice.md §d)."""

    GENERAL = "general", "一般时限（15个工作日，《公证法》第30条）"
    SPEED_10 = "speed_10", "提速清单：10个工作日"
    SPEED_5 = "speed_5", "提速清单：5个工作日"
    SAME_DAY = "same_day", "当日出证"


# Working days allowed to issue (0: the same day). Time for supplements, verification and force
# majeure is not counted (《公证法》第30条): the case's clock pauses for them.
WORKING_DAYS = {
    TimeLimitKind.GENERAL: 15,
    TimeLimitKind.SPEED_10: 10,
    TimeLimitKind.SPEED_5: 5,
    TimeLimitKind.SAME_DAY: 0,
}


class MatterCategory(models.TextChoices):
    """What is certified (《公证法》第11条: legal acts, facts of legal significance, documents)."""

    LEGAL_ACT = "legal_act", "民事法律行为"
    FACT = "fact", "有法律意义的事实"
    DOCUMENT = "document", "有法律意义的文书"
    OTHER = "other", "其他公证事务"


class FeeWaiver(models.TextChoices):
    """Who pays less or nothing (rules.md §3.6)."""

    LEGAL_AID_RECIPIENT = "legal_aid_recipient", "法律援助受援人（必须减免：《公证法》第34条、《法律援助法》第53条）"
    ELDERLY = "elderly", "老年人（鼓励减免：《老年人权益保障法》第56条第2款）"
    LOCAL_LIST = "local_list", "地方减免名单所列人员"

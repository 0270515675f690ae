from django.db import models


class HolidayKind(models.TextChoices):
    """What an administrator-entered day is (节假日类型)."""

    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班日"

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where a request or an action came from (渠道)."""

    PORTAL = "portal", _("网络平台")
    HOTLINE = "hotline", _("12348热线")
    WINDOW = "window", _("窗口")
    VILLAGE_ROOM = "village_room", _("村(居)工作室")
    KIOSK = "kiosk", _("自助终端/机器人")
    TRANSFER_12345 = "transfer_12345", _("12345转办")
    LETTER = "letter", _("来信")
    API = "api", _("接口")
    WORKBENCH = "workbench", _("工作台")
    SYSTEM = "system", _("系统")


class SpecialGroup(models.IntegerChoices):
    """Special groups (特殊群体) as bit flags, so one indexed integer holds any combination. The one
    list for work orders and legal aid (issue #16): a legal-aid application's priority groups
    (rules.md §1.4(d)) are these flags too."""

    ELDERLY = 1, _("老年人")
    DISABLED = 2, _("残疾人")
    MINOR = 4, _("未成年人")
    MIGRANT_WORKER = 8, _("农民工")
    MILITARY_FAMILY = 16, _("军人军属")
    WOMEN = 32, _("妇女")
    POVERTY = 64, _("困难群众")
    VETERAN = 128, _("退役军人")
    LAID_OFF = 256, _("下岗失业人员")


ALL_SPECIAL_GROUPS = sum(SpecialGroup.values)


def special_groups_mask(groups: list[int] | list[str] | tuple[int, ...]) -> int:
    mask = 0
    for group in groups:
        value = int(group)
        if value not in SpecialGroup.values:
            raise ValueError(gettext("未知的特殊群体：{group}").format(group=group))
        mask |= value
    return mask


def special_groups_of(mask: int) -> list[SpecialGroup]:
    return [group for group in SpecialGroup if mask & group.value]

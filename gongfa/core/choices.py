from django.db import models


class Channel(models.TextChoices):
    """Where a request or an action came from (渠道)."""

    PORTAL = "portal", "网络平台"
    HOTLINE = "hotline", "12348热线"
    WINDOW = "window", "窗口"
    VILLAGE_ROOM = "village_room", "村(居)工作室"
    KIOSK = "kiosk", "自助终端/机器人"
    TRANSFER_12345 = "transfer_12345", "12345转办"
    LETTER = "letter", "来信"
    API = "api", "接口"
    WORKBENCH = "workbench", "工作台"
    SYSTEM = "system", "系统"


class SpecialGroup(models.IntegerChoices):
    """Special groups (特殊群体) as bit flags, so one indexed integer holds any combination. The one
    list for work orders and legal aid (issue #16): a legal-aid application's priority groups
    (rules.md §1.4(d)) are these flags too."""

    ELDERLY = 1, "老年人"
    DISABLED = 2, "残疾人"
    MINOR = 4, "未成年人"
    MIGRANT_WORKER = 8, "农民工"
    MILITARY_FAMILY = 16, "军人军属"
    WOMEN = 32, "妇女"
    POVERTY = 64, "困难群众"
    VETERAN = 128, "退役军人"
    LAID_OFF = 256, "下岗失业人员"


ALL_SPECIAL_GROUPS = sum(SpecialGroup.values)


def special_groups_mask(groups: list[int] | list[str] | tuple[int, ...]) -> int:
    mask = 0
    for group in groups:
        value = int(group)
        if value not in SpecialGroup.values:
            raise ValueError(f"未知的特殊群体：{group}")
        mask |= value
    return mask


def special_groups_of(mask: int) -> list[SpecialGroup]:
    return [group for group in SpecialGroup if mask & group.value]

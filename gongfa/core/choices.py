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

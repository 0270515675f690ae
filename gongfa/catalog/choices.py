from django.db import models
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel


class HandlingKind(models.TextChoices):
    """How a request of this service type is handled once it reaches staff (办理方式)."""

    ANSWER = "answer", _("直接答复")
    CASE = "case", _("转为案件")
    COMPLAINT = "complaint", _("投诉处理")


class SlaStage(models.TextChoices):
    """The stages of a work order that run a clock (时限阶段)."""

    ACCEPT = "accept", _("受理")
    FIRST_CONTACT = "first_contact", _("首次联系/回拨")
    RESOLVE = "resolve", _("办结")


class SlaUnit(models.TextChoices):
    """How a time limit is counted (计时方式)."""

    HOURS = "hours", _("小时")
    WORKING_HOURS = "working_hours", _("工作小时")
    WORKING_DAYS = "working_days", _("工作日")
    LEGAL_DAYS = "legal_days", _("日（按地区期间计算方式）")


# Channels through which a citizen can ask for a service; the staff-side values (工作台, 系统,
# 接口) are ways of recording, not ways of applying, so a catalogue entry cannot list them.
APPLY_CHANNELS = (
    Channel.PORTAL,
    Channel.HOTLINE,
    Channel.WINDOW,
    Channel.VILLAGE_ROOM,
    Channel.KIOSK,
    Channel.LETTER,
    Channel.TRANSFER_12345,
)

# "How to apply" in plain words, one sentence per channel (shown on the public pages).
CHANNEL_HOW_TO = {
    Channel.PORTAL: _("在本网站“我要咨询”中提交，随时可以查看办理进度。"),
    Channel.HOTLINE: _("拨打 12348 公共法律服务热线（免费）。"),
    Channel.WINDOW: _("到县(区)公共法律服务中心或乡镇(街道)公共法律服务工作站的窗口当面办理。"),
    Channel.VILLAGE_ROOM: _("到村(社区)公共法律服务工作室，找村(居)法律顾问。"),
    Channel.KIOSK: _("使用服务点的自助终端或法律服务机器人。"),
    Channel.LETTER: _("写信寄到县(区)司法局或公共法律服务中心。"),
    Channel.TRANSFER_12345: _("拨打 12345 政务服务便民热线，由其转给我们办理。"),
}

"""Audit records: domain events for every state change, and the personal-data access log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.core.choices import Channel


class Event(models.Model):
    """A domain event (业务事件): who did what to which object, when, through which channel, why.

    Written only by audit.services (record_event / transition) inside the same transaction as the
    change it records, so an event exists exactly when the change does.
    """

    occurred_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("操作人角色"), max_length=32, blank=True)
    channel = models.CharField(_("渠道"), max_length=32, choices=Channel.choices, default=Channel.SYSTEM)
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.CharField(_("对象编号"), max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    verb = models.CharField(_("事件"), max_length=64)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32, blank=True)
    reason = models.TextField(_("原因/说明"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("业务事件")
        verbose_name_plural = _("业务事件")
        ordering = ["occurred_at", "pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "occurred_at"], name="audit_event_subject"),
            models.Index(fields=["verb", "occurred_at"], name="audit_event_verb"),
            models.Index(fields=["region", "occurred_at"], name="audit_event_region"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb} {self.subject_type_id}:{self.subject_id}"


class PersonalDataField(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号")
    PHONE = "phone", _("手机号")
    ADDRESS = "address", _("住址")


class PersonalDataAccess(models.Model):
    """Someone opened a person's full ID number, phone or address (个人信息查看记录)."""

    accessed_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("查看人"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被查看人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("无账号的来电群众为空，见“来源页面/对象”"),
    )
    field = models.CharField(_("字段"), max_length=16, choices=PersonalDataField.choices)
    purpose = models.CharField(_("用途"), max_length=255, blank=True)
    context = models.CharField(_("来源页面/对象"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
        ordering = ["-accessed_at"]
        indexes = [
            models.Index(fields=["person", "accessed_at"], name="audit_access_person"),
            models.Index(fields=["actor", "accessed_at"], name="audit_access_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.accessed_at:%Y-%m-%d %H:%M} {self.actor_id} 查看 {self.person_id} {self.field}"

"""Regions, service points, agencies, staff postings, duty rosters, village advisors."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "gongfa.network"
    label = "network"
    verbose_name = "服务网络"
    default_auto_field = "django.db.models.BigAutoField"

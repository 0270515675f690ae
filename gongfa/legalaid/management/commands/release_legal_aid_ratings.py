"""manage.py release_legal_aid_ratings: ask for the rating of refusals and terminations that became final."""

from typing import Any

from django.core.management.base import BaseCommand

from gongfa.legalaid.services.rating import release_final_decisions


class Command(BaseCommand):
    help = "不予或终止法律援助的决定已无法提出异议的，办结工单并请群众评价"

    def handle(self, *args: Any, **options: Any) -> None:
        count = release_final_decisions()
        self.stdout.write(f"已请求评价：{count} 件")

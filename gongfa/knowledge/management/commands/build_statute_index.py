"""manage.py build_statute_index: rebuild the statute search index from the articles in force."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from gongfa.knowledge.search import build_index, forget_loaded_index, index_dir


class Command(BaseCommand):
    help = "重建法条检索索引（导入法规后会自动重建）"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        index = build_index()
        forget_loaded_index()
        seconds = time.perf_counter() - started
        self.stdout.write(f"已索引 {len(index.article_ids)} 条现行条文，用时 {seconds:.1f} 秒，保存在 {index_dir()}")

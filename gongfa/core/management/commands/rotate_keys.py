"""manage.py rotate_keys: re-encrypt personal data with the first key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongfa.core.crypto import current_key_id
from gongfa.core.key_rotation import BATCH_SIZE, rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted column and file with the current key (the first of "
        "FIELD_ENCRYPTION_KEYS) and refresh blind indexes; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per batch (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = max(1, options["batch_size"])
        self.stdout.write(f"Current key: {current_key_id()}")
        total = 0
        for count in rotate_keys(batch_size=batch_size):
            line = f"{count.model}: {count.examined} rows examined, {count.rewritten} re-encrypted"
            if count.files_examined:
                line += f"; {count.files_examined} files examined, {count.files_rewritten} re-encrypted"
            self.stdout.write(line)
            total += count.rewritten + count.files_rewritten
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows and files re-encrypted."))

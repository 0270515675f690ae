"""manage.py import_region PATH: load a county archive written by export_region, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.core.region_archive import ArchiveError, import_region


class Command(BaseCommand):
    help = (
        "Import a county archive written by export_region (checks format, checksums, keys and schema "
        "first; one transaction; refuses a county that already has data here). See docs/region_archive.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the archive (.tar.gz, .tgz or .zip)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_region(Path(options["path"]), progress=self.stdout.write)
        except ArchiveError as error:
            raise CommandError(f"Nothing was imported: {error}") from None
        for line, count in sorted(result.unresolved.items()):
            self.stdout.write(self.style.WARNING(f"warning: {count} reference(s) not found here: {line}"))
        if result.renumbered:
            self.stdout.write(f"Renumbered (primary keys taken here): {', '.join(sorted(result.renumbered))}")
        if result.blind_indexes_recomputed:
            self.stdout.write("BLIND_INDEX_KEY differs from the source installation's: blind indexes recomputed.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported county {result.county_code}: {sum(result.inserted.values())} rows, "
                f"{sum(result.matched.values())} regions/users already here."
            )
        )

"""manage.py export_region <county code> --output PATH: one county's data as a portable archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongfa.core.region_archive import ArchiveError, export_region


class Command(BaseCommand):
    help = (
        "Write one county's data (regions, service points, agencies, staff, work orders, cases, audit "
        "trail, uploaded files) to a .tar.gz or .zip archive for import_region in another installation. "
        "Personal data stays encrypted as stored. See docs/region_archive.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the county's 12-digit region code")
        parser.add_argument("--output", "-o", required=True, help="archive to write (.tar.gz, .tgz or .zip)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = export_region(options["code"], Path(options["output"]), progress=self.stdout.write)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["rows"] for entry in manifest["models"])
        county = manifest["county"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {county['code']} {county['name']}: {rows} rows of "
                f"{sum(1 for e in manifest['models'] if e['rows'])} models, {len(manifest['files'])} files, "
                f"key ids {', '.join(manifest['key_ids']) or '(none)'} -> {options['output']}"
            )
        )

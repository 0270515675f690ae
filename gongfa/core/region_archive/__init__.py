"""County archives (区县数据迁移包): export one county's data from one installation and import it
into another. See docs/region_archive.md.

    export_region("330102000000", Path("county.tar.gz"))   # -> manifest
    import_region(Path("county.tar.gz"))                   # -> ImportResult
"""

from gongfa.core.region_archive.container import FORMAT_VERSION, ArchiveError
from gongfa.core.region_archive.exporter import export_region
from gongfa.core.region_archive.importer import ImportResult, import_region

__all__ = ["FORMAT_VERSION", "ArchiveError", "ImportResult", "export_region", "import_region"]

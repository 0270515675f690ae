"""Bulk import of the service network from xlsx (批量导入): regions, service points, agencies,
staff with their postings, and village advisers' appointments, one module per sheet kind and
the shared run in `common` (all or nothing; every bad row reported as 第N行：…)."""

from __future__ import annotations

from gongfa.network.imports.advisers import AdviserSheet
from gongfa.network.imports.agencies import AgencySheet
from gongfa.network.imports.common import ImportReport, NetworkImportError, SheetKind, import_sheet
from gongfa.network.imports.points import PointSheet
from gongfa.network.imports.regions import RegionSheet
from gongfa.network.imports.staff import StaffSheet

KINDS: dict[str, type[SheetKind]] = {
    kind.slug: kind for kind in (RegionSheet, PointSheet, AgencySheet, StaffSheet, AdviserSheet)
}

__all__ = [
    "KINDS",
    "AdviserSheet",
    "AgencySheet",
    "ImportReport",
    "NetworkImportError",
    "PointSheet",
    "RegionSheet",
    "SheetKind",
    "StaffSheet",
    "import_sheet",
]

"""Turning openpyxl's .xlsx into a reproducible macro-enabled package (.xlsm)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from ..io.atomic import atomic_write

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def finish(raw: Path, out: Path, stamp: dt.datetime) -> None:
    """Copy `raw` to `out` as an .xlsm with fixed timestamps, so equal input gives equal bytes."""
    with zipfile.ZipFile(raw) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        XLSX_MAIN.encode(), XLSM_MAIN.encode())
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    parts["docProps/core.xml"] = _STAMP.sub(rb"\g<1>" + iso + rb"\g<2>", parts["docProps/core.xml"])
    order = ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml")
    with atomic_write(out) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=(stamp.year, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, parts[name])

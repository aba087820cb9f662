"""Generate benchmark workbooks from the template: N adoption rows over all scheme units."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import zipfile
from pathlib import Path

from xlsheet import parameters
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.template import write_book

YEAR = 2026


def rows(n: int, seed: int = 1) -> dict[str, list[tuple]]:
    rng = random.Random(seed)
    units = [u[0] for u in defaults.UNITS]
    pubs = [(level, pub) for level, pub, *_ in defaults.POINTS]
    adoptions = []
    for i in range(n):
        level, pub = rng.choice(pubs)
        unit = rng.choice(units)
        number = f"B{i // 2:06d}"
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
        adoptions.append((number, unit, f"{unit}第{i // 2}条信息", rng.choice(S.ITEM_CATEGORIES),
                          "王伟、李强" if i % 3 else "张敏", level, pub, day, None, ""))
    # two rows share a number: the same item, adopted in two different publications
    for i in range(1, n, 2):
        level, pub = rng.choice([p for p in pubs if p != (adoptions[i - 1][5], adoptions[i - 1][6])])
        adoptions[i] = adoptions[i - 1][:5] + (level, pub) + adoptions[i][7:]
    instructions = [(f"B{i:06d}", "", "", rng.choice([b[0] for b in defaults.BONUS]), "", None, "")
                    for i in range(0, n // 2, 50)]
    return {S.PARAMS: parameters.sheet_rows(YEAR),
            S.ADOPTIONS: adoptions, S.INSTRUCTIONS: instructions}


def generate(path: Path, n: int, shared_strings: bool = False) -> Path:
    """The template with `n` adoption rows, as openpyxl writes it (text inline in each cell) or,
    with `shared_strings`, with its text moved to a shared string table as Excel saves it."""
    write_book(path, YEAR, rows(n))
    if shared_strings:
        share_strings(path)
    return path


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S)
_CHAR_REF = re.compile(rb"&#(\d{3,});")  # characters beyond ASCII, as openpyxl escapes them
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def share_strings(path: Path) -> None:
    """Rewrite every sheet's inline strings as references into xl/sharedStrings.xml."""
    table: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        text = _CHAR_REF.sub(lambda m: chr(int(m.group(1))).encode(), match.group(2))  # Excel writes UTF-8
        index = table.setdefault(text, len(table))
        return b"<c " + match.group(1) + b't="s"><v>' + str(index).encode() + b"</v></c>"

    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    for name in parts:
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = _INLINE.sub(shared, parts[name])
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/></Types>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSST" Type="{_SST_REL}" Target="sharedStrings.xml"/></Relationships>'.encode())
    items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in table)
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        % (len(table), len(table)) + items + b"</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shared-strings", action="store_true", help="text in a shared string table, as Excel saves it")
    args = parser.parse_args()
    print(generate(args.out, args.rows, args.shared_strings))

"""Open a workbook in LibreOffice (headless), list its VBA modules, run one macro, read cells.

Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with
python3-uno). Prints one JSON object: {"modules": [...], "cells": {"SHEET!CELL": "text"}}.

    python3 run_macro.py BOOK MODULE.SUB SHEET!CELL [SHEET!CELL ...]
"""

import json
import os
import sys

import uno
from office import desktop, prop


def main():
    book, macro, *cells = sys.argv[1:]
    with desktop() as (office, _):
        url = uno.systemPathToFileUrl(os.path.abspath(book))
        doc = office.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("MacroExecutionMode", 4)))
        libraries = doc.BasicLibraries
        modules = []
        if libraries.hasByName("VBAProject"):
            libraries.loadLibrary("VBAProject")
            modules = sorted(libraries.getByName("VBAProject").getElementNames())
        script = doc.getScriptProvider().getScript(
            f"vnd.sun.star.script:VBAProject.{macro}?language=Basic&location=document")
        script.invoke((), (), ())
        values = {}
        for ref in cells:
            sheet_name, cell = ref.rsplit("!", 1)
            values[ref] = doc.Sheets.getByName(sheet_name).getCellRangeByName(cell).String
        doc.close(True)
    print(json.dumps({"modules": modules, "cells": values}, ensure_ascii=False))


if __name__ == "__main__":
    main()

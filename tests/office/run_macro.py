"""Open a workbook in LibreOffice (headless), list its VBA modules, run one macro, read cells.

Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with
python3-uno). Prints one JSON object: {"modules": [...], "cells": {"SHEET!CELL": "text"}}.

    python3 run_macro.py BOOK MODULE.SUB SHEET!CELL [SHEET!CELL ...]
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    book, macro, *cells = sys.argv[1:]
    pipe = "xlsheet_" + uuid.uuid4().hex
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        url = uno.systemPathToFileUrl(os.path.abspath(book))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True), prop("MacroExecutionMode", 4)))
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
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()

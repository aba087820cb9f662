"""Open a workbook in LibreOffice (headless), add a pivot table as staff would, save it as .xlsm.

Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with
python3-uno). The pivot table goes on a new sheet PIVOT_SHEET and counts the rows of
SOURCE_SHEET by its first column; LibreOffice writes it as an Excel pivot cache and table.

    python3 add_pivot.py BOOK OUT.xlsm SOURCE_SHEET SOURCE_RANGE PIVOT_SHEET
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.sheet.DataPilotFieldOrientation import DATA, ROW
from com.sun.star.sheet.GeneralFunction import COUNT
from com.sun.star.table import CellAddress


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def main():
    book, out, source_sheet, source_range, pivot_sheet = sys.argv[1:]
    pipe = "xlsheet_" + uuid.uuid4().hex
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(book)), "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.Sheets
        sheets.insertNewByName(pivot_sheet, sheets.Count)
        source = sheets.getByName(source_sheet).getCellRangeByName(source_range).RangeAddress
        tables = sheets.getByName(pivot_sheet).DataPilotTables
        descriptor = tables.createDataPilotDescriptor()
        descriptor.SourceRange = source
        fields = descriptor.DataPilotFields
        fields.getByIndex(1).Orientation = ROW  # 单位名称
        counted = fields.getByIndex(0)  # 信息编号
        counted.Orientation = DATA
        counted.Function = COUNT
        target = CellAddress()
        target.Sheet, target.Column, target.Row = sheets.Count - 1, 0, 0
        tables.insertNewByName("xlsheet_pivot", target, descriptor)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "Calc MS Excel 2007 VBA XML"),))
        doc.close(True)
    finally:
        if desktop is not None:
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

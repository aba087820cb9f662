"""Open a workbook in LibreOffice (headless), make the edits staff make, save it as .xlsm.

Run with the Python that has LibreOffice's `uno` module (Debian: /usr/bin/python3 with
python3-uno). On a new sheet PIVOT_SHEET: a pivot table that counts the source's first
column (信息编号) by its second (单位名称), and the picture PICTURE. LibreOffice writes
them as an Excel pivot cache, pivot table, drawing and media part.

    python3 staff_edits.py BOOK OUT.xlsm SOURCE_SHEET SOURCE_RANGE PIVOT_SHEET PICTURE
"""

import os
import sys

import uno
from com.sun.star.awt import Point, Size
from com.sun.star.sheet.DataPilotFieldOrientation import DATA, ROW
from com.sun.star.sheet.GeneralFunction import COUNT
from com.sun.star.table import CellAddress
from office import desktop, prop


def main():
    book, out, source_sheet, source_range, pivot_sheet, picture = sys.argv[1:]
    with desktop() as (office, ctx):
        doc = office.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(book)), "_blank", 0,
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
        provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.graphic.GraphicProvider", ctx)
        graphic = provider.queryGraphic((prop("URL", uno.systemPathToFileUrl(os.path.abspath(picture))),))
        shape = doc.createInstance("com.sun.star.drawing.GraphicObjectShape")
        shape.Graphic = graphic
        size, position = Size(), Point()
        size.Width, size.Height, position.X, position.Y = 3000, 2000, 8000, 1000  # 1/100 mm
        shape.Size, shape.Position = size, position
        sheets.getByName(pivot_sheet).DrawPage.add(shape)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)),
                       (prop("FilterName", "Calc MS Excel 2007 VBA XML"),))
        doc.close(True)


if __name__ == "__main__":
    main()

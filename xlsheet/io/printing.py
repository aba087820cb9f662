"""Output sheets ready to print and to read: landscape A4, one page wide and as many pages
tall as needed, the header row repeated on every page and frozen on screen.

The template sets this up (xlsheet.template); an office suite's save may drop part of
it, so each recalculation restores it on the output sheets it writes. What is already
in place is left byte for byte: a book that needs nothing gets nothing rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .namespaces import NS_MAIN

_M = f"{{{NS_MAIN}}}"
# The order of a worksheet's children (CT_Worksheet), for inserting an element in its place.
_SHEET_ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
                "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
                "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
                "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
                "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
                "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                "webPublishItems", "tableParts", "extLst")
_SHEET_PR_ORDER = ("tabColor", "outlinePr", "pageSetUpPr")
_WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                   "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
                   "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
                   "fileRecoveryPr", "webPublishObjects", "extLst")
PAGE = {"orientation": "landscape", "paperSize": "9", "fitToWidth": "1", "fitToHeight": "0"}  # 9: A4
FROZEN = {"ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"}
PRINT_TITLES = "_xlnm.Print_Titles"


def _child(parent: etree._Element, name: str, order: tuple[str, ...]) -> etree._Element:
    """`parent`'s child `name`, made and put in its place by `order` when missing."""
    found = parent.find(_M + name)
    if found is not None:
        return found
    made = etree.Element(_M + name)
    later = order[order.index(name) + 1:]
    for index, child in enumerate(parent):
        if etree.QName(child).localname in later:
            parent.insert(index, made)
            return made
    parent.append(made)
    return made


def _ready(root: etree._Element) -> bool:
    fit = root.find(f"{_M}sheetPr/{_M}pageSetUpPr")
    pane = root.find(f"{_M}sheetViews/{_M}sheetView/{_M}pane")
    page = root.find(f"{_M}pageSetup")
    return (fit is not None and fit.get("fitToPage") in ("1", "true")
            and pane is not None and all(pane.get(k) == v for k, v in FROZEN.items()) and pane.get("xSplit") is None
            and page is not None and all(page.get(k, "1" if k == "fitToWidth" else None) == v for k, v in PAGE.items()))


def sheet_ready(head: bytes, tail: bytes, prefix: str) -> tuple[bytes, bytes]:
    """`head` and `tail` of a sheet part (all of it before and after its <sheetData>) with the
    print and view settings in place; the very same bytes when they already are."""
    marker = f"<{prefix}sheetData/>".encode()
    root = etree.fromstring(head + marker + tail)
    if _ready(root):
        return head, tail
    _child(_child(root, "sheetPr", _SHEET_ORDER), "pageSetUpPr", _SHEET_PR_ORDER).set("fitToPage", "1")
    view = _child(_child(root, "sheetViews", _SHEET_ORDER), "sheetView", ("sheetView",))
    if view.get("workbookViewId") is None:
        view.set("workbookViewId", "0")
    for old in view.findall(_M + "pane"):
        view.remove(old)
    pane = etree.Element(_M + "pane", FROZEN)
    view.insert(0, pane)
    for selection in view.findall(_M + "selection"):
        selection.set("pane", FROZEN["activePane"])
    page = _child(root, "pageSetup", _SHEET_ORDER)
    for k, v in PAGE.items():
        page.set(k, v)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    at = xml.index(marker)
    return xml[:at], xml[at + len(marker):]


def workbook_ready(workbook_xml: bytes, sheets: Iterable[str]) -> bytes:
    """workbook.xml with a print title (the header row, $1:$1) for each of `sheets` that has
    none; the very same bytes when each has one already. A user's own print titles (rows
    $1:$2, a column, both) are theirs: kept as they are."""
    root = etree.fromstring(workbook_xml)
    index = {s.get("name"): i for i, s in enumerate(root.iter(_M + "sheet"))}
    names = root.find(_M + "definedNames")
    have = set()
    for name in names if names is not None else ():
        if name.get("name") == PRINT_TITLES and (name.text or "").strip():
            have.add(name.get("localSheetId"))
    missing = [s for s in sheets if s in index and str(index[s]) not in have]
    if not missing:
        return workbook_xml
    names = _child(root, "definedNames", _WORKBOOK_ORDER)
    for sheet in missing:
        for old in names.findall(_M + "definedName"):
            if old.get("name") == PRINT_TITLES and old.get("localSheetId") == str(index[sheet]):
                names.remove(old)  # an empty one
        title = etree.SubElement(names, _M + "definedName", name=PRINT_TITLES, localSheetId=str(index[sheet]))
        title.text = "'" + sheet.replace("'", "''") + "'!$1:$1"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

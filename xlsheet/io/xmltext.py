"""Text as an XML part of an Office package can hold it.

XML 1.0 has no place for most control characters, and a lone surrogate (which Python
strings can carry, from a file name say) cannot be encoded at all: either makes a
library raise half way through a document, or makes Word refuse the file. Every text a
document or workbook gets from data goes through `xml_safe` first; workbook cells also
through `cell_text`, because OOXML reads `_xHHHH_` in a cell as a character.
"""

from __future__ import annotations

import re

ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 does not allow (tab, line feed and carriage return it does)."""
SURROGATE = re.compile("[\ud800-\udfff]")
ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
"""OOXML reads _xHHHH_ in text as the character HHHH; a literal one is written _x005F_xHHHH_."""
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """`text` with the control characters XML forbids dropped and lone surrogates replaced (�)."""
    if text.isprintable():
        return text
    return SURROGATE.sub(REPLACEMENT, ILLEGAL.sub("", text))


def cell_text(text: str) -> str:
    """`text` as a workbook cell's string: XML-safe, a literal _xHHHH_ kept literal."""
    text = xml_safe(text)
    return ESCAPE_LIKE.sub(r"_x005F_\1", text) if "_x" in text else text

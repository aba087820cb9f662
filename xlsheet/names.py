"""Forgiving name matching: what people really type, and nothing beyond.

A name is reduced to a key: traditional characters to simplified, full-width
letters, digits, brackets and punctuation to half-width, letters to lower case,
every space removed, the book-title marks 《》〈〉 dropped. Two names match when their keys are
equal. A near miss is never taken: the caller reports it with a suggestion.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

_DROP = str.maketrans("", "", "《》〈〉「」『』\"'“”‘’")
_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def _simplified(text: str) -> str:
    # zhconv is imported on first use: with its character tables it takes about 0.1 s to load.
    import zhconv

    return zhconv.convert(text, "zh-hans")


def prepare() -> None:
    """Load the character tables now, say while a file is being read in another thread."""
    _simplified("繁")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The matching key of a name (see the module docstring); letters in lower case."""
    s = str(text)
    if s.isascii() and s.isalnum():  # a plain number or code: nothing to convert, drop or remove
        return s.lower()
    if not s.isascii():
        s = _simplified(unicodedata.normalize("NFKC", s))
    s = s.translate(_DROP).translate(_BRACKETS)
    return "".join(s.lower().split())


def clean(text: object) -> str:
    """Text as typed, trimmed; None and blanks give ''."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def item_number(raw: object) -> str:
    """信息编号 as text, however it was typed: the number 103 (which a reader gives as 103.0)
    and the text "103" are both "103"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return repr(raw)
    return clean(raw)


def number_key(number: str) -> str:
    """The matching key of a 信息编号: its key(), and for one made only of digits, its value.

    Excel drops the leading zeros of a number typed into a cell that is not formatted as
    text, so "0103" typed as text and 0103 typed as a number (stored as 103) are one item.
    """
    k = key(number)
    if k.isascii() and k.isdigit():
        return k.lstrip("0") or "0"
    return k


def all_clean(values: Sequence[object], without: Iterable[str] = ()) -> bool:
    """Whether clean() gives back every one of `values` as it is: all text, trimmed, single-spaced
    (and holding none of the strings `without`).

    Checked on the whole column at once. Once the text is printable, ' ' is the only white
    space left in it, so it is enough that no value starts or ends with one and none holds two.
    """
    if not set(map(type, values)) <= {str}:
        return False
    joined = "|".join(values)  # type: ignore[arg-type]
    return (joined.isprintable() and not joined.startswith(" ") and not joined.endswith(" ")
            and not any(t in joined for t in ("  ", "| ", " |", *without)))


class Matcher:
    """Finds the canonical name for what was typed, among a fixed set of names.

    `aliases` maps other spellings to a name (from the 别名 sheet); an alias never hides a
    name, and one whose name is not among `names` is left out.
    """

    def __init__(self, names: Iterable[str], aliases: Mapping[str, str] | None = None) -> None:
        self._by_key: dict[str, str] = {}
        for name in names:
            self._by_key.setdefault(key(name), name)
        for typed, name in (aliases or {}).items():
            found = self._by_key.get(key(name))
            if found is not None:
                self._by_key.setdefault(key(typed), found)

    def find(self, typed: str) -> str | None:
        """The canonical name whose key equals the typed text's key, or None."""
        return self._by_key.get(key(typed))

    def suggest(self, typed: str) -> str | None:
        """The closest name, for a message; never used as a match."""
        k = key(typed)
        if not k:
            return None
        close = difflib.get_close_matches(k, list(self._by_key), n=1, cutoff=0.5)
        if not close:
            contains = sorted(n for n in self._by_key if k in n or n in k)
            close = contains[:1]
        return self._by_key[close[0]] if close else None

    def __contains__(self, typed: str) -> bool:
        return self.find(typed) is not None

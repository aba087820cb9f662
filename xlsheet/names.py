"""Forgiving name matching: what people really type, and nothing beyond.

A name is reduced to a key: traditional characters to simplified, full-width
letters, digits, brackets and punctuation to half-width, letters to lower case,
every space removed, the book-title marks 《》〈〉 dropped. Two names match when their keys are
equal. A near miss is never taken: the caller reports it with a suggestion.
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

_DROP = str.maketrans("", "", "《》〈〉「」『』\"'“”‘’")
_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def _simplified(text: str) -> str:
    return _converter()(text, "zh-hans")


@lru_cache(maxsize=1)
def _converter() -> Callable[[str, str], str]:
    """zhconv.convert, imported on first use (its character tables take a few hundredths of a
    second to load). Where setuptools is installed, zhconv would load its tables through
    pkg_resources, itself about 0.1 s of imports; it is kept from finding that module and
    reads its tables from its own folder instead, as it does where setuptools is missing."""
    if "pkg_resources" in sys.modules:
        import zhconv
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
        try:
            import zhconv
        finally:
            del sys.modules["pkg_resources"]
    return zhconv.convert


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


_BRA, _KET = "(（\\[【〔［", ")）\\]】〕］"
_NUMERAL = "\\d〇零一二三四五六七八九十百千"
_ISSUE = re.compile(  # an issue number, with its year: 第35期, 2026年第20期, （总第1200期）, 35期
    rf"[{_BRA}]?\s*(?:\d{{4}}\s*年?\s*度?\s*)?(?:总\s*)?第?\s*[{_NUMERAL}]+\s*期\s*[{_KET}]?")
_YEAR = re.compile(rf"[{_BRA}]\s*\d{{4}}\s*年?\s*[{_KET}]|\d{{4}}\s*年度?")  # (2026), 2026年
_EMPTY_BRACKETS = re.compile(rf"[{_BRA}]\s*[{_KET}]")
_EDGES = re.compile(r"^[\s,，、:：·\-—_]+|[\s,，、:：·\-—_]+$")


def without_issue(text: str) -> str:
    """A publication's name without the issue number or year typed after (or before) it:
    《每日要讯》第35期, 每日要讯2026年第20期 and 每日要讯（总第1200期） are 《每日要讯》."""
    s = unicodedata.normalize("NFKC", text)
    s = _YEAR.sub("", _ISSUE.sub("", s))
    return clean(_EDGES.sub("", _EMPTY_BRACKETS.sub("", s)))


_ROLE = re.compile(r"[(（\[【〔［][^()（）\[\]【】〔〕［］]*[)）\]】〕］]")


def without_roles(text: str) -> str:
    """Text without its bracketed parts: 张三（执笔）、李四【审核】 -> 张三、李四."""
    return _ROLE.sub("", text) if any(b in text for b in _BRA) else text


def loose(k: str) -> str:
    """A key without punctuation and symbols, for titles: 「关于X的报告。」 and 关于X的报告 alike."""
    return "".join(ch for ch in k if unicodedata.category(ch)[0] not in "PSZ")


def clean(text: object) -> str:
    """Text as typed, trimmed; None and blanks give ''."""
    if text is None:
        return ""
    return " ".join(str(text).split())


def typed_text(raw: object) -> str:
    """A text cell's value as typed, trimmed: a number typed into it reads as the person typed
    it, 103 and not the reader's 103.0."""
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


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BRACKET_MARKS = str.maketrans("", "", "()[]")

# How a name was read (Reading.how): as typed (or by an alias), or by one of the short forms.
EXACT, PREFIX, LEADING, ABBREVIATION, UNBRACKETED = "", "prefix", "leading", "abbreviation", "unbracketed"


def bare(k: str) -> str:
    """A key without its bracketed parts: 财政局(地税局) -> 财政局."""
    return _BRACKETED.sub("", k)


def unmarked(k: str) -> str:
    """A key without its bracket marks (the words inside stay): 参阅(普刊) -> 参阅普刊."""
    return k.translate(_BRACKET_MARKS)


def _in_order(short: str, name: str) -> bool:
    """Whether the characters of `short` appear in `name` in order (发改局 in 发展改革局)."""
    rest = iter(name)
    return all(ch in rest for ch in short)


class Match(NamedTuple):
    """What a typed name was read as: the name (None when no single one fits), how it was read
    (EXACT, PREFIX, LEADING, ABBREVIATION, UNBRACKETED, or a short form after a prefix, such
    as "prefix+leading"), and, when several fit, all of them."""

    name: str | None
    how: str = EXACT
    candidates: tuple[str, ...] = ()


class Matcher:
    """Finds the canonical name for what was typed, among a fixed set of names.

    `aliases` maps other spellings to a name (from the 别名 sheet); an alias never hides a
    name, and one whose name is not among `names` is left out. With `short`, read() also
    takes a short form that fits exactly one name (see read); `prefixes` are the county's
    own prefixes (县, 市, 区, the county's name) that may stand before a name.
    """

    def __init__(self, names: Iterable[str], aliases: Mapping[str, str] | None = None,
                 short: bool = False, prefixes: Iterable[str] = ()) -> None:
        self._by_key: dict[str, str] = {}
        for name in names:
            self._by_key.setdefault(key(name), name)
        self._names = tuple(dict.fromkeys(self._by_key.values()))
        for typed, name in (aliases or {}).items():
            found = self._by_key.get(key(name))
            if found is not None:
                self._by_key.setdefault(key(typed), found)
        self._short = short
        self._prefixes = tuple(sorted({key(p) for p in prefixes if key(p)}, key=len, reverse=True))
        self._keys = {name: key(name) for name in self._names}

    def find(self, typed: str) -> str | None:
        """The canonical name whose key equals the typed text's key, or None."""
        return self._by_key.get(key(typed))

    def read(self, typed: str) -> Match:
        """The name `typed` stands for, and how it was read.

        In order: the key as typed (or an alias); the key after one of the county's prefixes;
        then, with `short`, a short form of the text as typed, else of the text after a
        prefix: a name without its bracketed part (财政局 for 财政局(地税局)) or a leading
        part of a name (公安 for 公安局); failing those, an abbreviation whose characters
        appear in order in a name that starts with the same character (发改局 for
        发展改革局). A short form is taken only when exactly one name fits; when several
        do, they are the candidates and the name is None.
        """
        k = key(typed)
        found = self._by_key.get(k)
        if found is not None:
            return Match(found)
        rests = [k[len(p):] for p in self._prefixes if k.startswith(p) and len(k) > len(p)]
        for rest in rests:
            found = self._by_key.get(rest)
            if found is not None:
                return Match(found, PREFIX)
        if not self._short:
            return Match(None)
        for text, prefixed in ((k, False), *((r, True) for r in rests)):
            match = self._short_form(text)
            if match.name is not None or match.candidates:
                return match._replace(how=PREFIX + "+" + match.how) if prefixed and match.name is not None else match
        return Match(None)

    def _short_form(self, k: str) -> Match:
        if len(k) < 2:
            return Match(None)
        first = {}
        for name, nk in self._keys.items():
            if bare(nk) == bare(k) and nk != k:
                first[name] = UNBRACKETED
            elif nk.startswith(k) or bare(nk).startswith(k):
                first[name] = LEADING
        if len(first) == 1:
            name, how = next(iter(first.items()))
            return Match(name, how)
        if first:
            return Match(None, candidates=tuple(first))
        second = [name for name, nk in self._keys.items()
                  if len(nk) > len(k) and nk[0] == k[0] and _in_order(k, nk)]
        if len(second) == 1:
            return Match(second[0], ABBREVIATION)
        return Match(None, candidates=tuple(second))

    def suggest(self, typed: str) -> str | None:
        """The closest name, for a message; never used as a match.

        Names related to what was typed come first: one that contains it or is contained in
        it, one that begins alike, one whose characters it holds in order. Only then the
        closest by edit distance, and only a name that shares more with it than a common
        ending: 财政局 is never pointed at 民政局 for their 政局.
        """
        k = key(typed)
        if not k:
            return None
        keys = list(dict.fromkeys(self._by_key))

        def related(nk: str) -> bool:
            b, t = bare(nk), bare(k)
            return (t in b or b in t or t[:2] == b[:2] or _in_order(t, b) or _in_order(b, t)) if t and b else False

        def closeness(nk: str) -> float:
            return difflib.SequenceMatcher(None, k, nk).ratio()

        near = [nk for nk in keys if related(nk)]
        if not near:
            near = [nk for nk in difflib.get_close_matches(k, keys, n=5, cutoff=0.5) if _shares_more(k, nk)]
        if not near:
            return None
        return self._by_key[max(near, key=lambda nk: (closeness(nk), -keys.index(nk)))]

    def __contains__(self, typed: str) -> bool:
        return self.find(typed) is not None


def _shares_more(a: str, b: str) -> bool:
    """Whether `a` and `b` share a character once their common ending is left out."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return bool(set(a[:len(a) - n]) & set(b[:len(b) - n]))

"""What the commands cost: peak memory by what each does, start-up without pkg_resources.

Each command runs as its own process (as staff run it); its peak resident memory comes from
os.wait4 in a small launcher, so the test process's own pages are not counted.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_MEASURE = ("import os, subprocess, sys\n"
            "proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "_, status, usage = os.wait4(proc.pid, 0)\n"
            "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)")
COMMANDS = (("check",), ("recalc",), ("report",), ("statements",), ("report", "--year-end"))


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


def _peak_mib(book: Path, *words: str) -> float:
    """Peak memory in MiB of `xlsheet -q WORDS[0] BOOK WORDS[1:]` on a fresh copy of `book`
    (the documents are written beside the copy)."""
    folder = book.parent / ("run-" + "-".join(w.strip("-") for w in words))
    folder.mkdir()
    copy = Path(shutil.copy2(book, folder / book.name))
    command = [sys.executable, "-m", "xlsheet", "-q", words[0], str(copy), *words[1:]]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True,
                          timeout=300, env=_env())
    code, kib = done.stdout.split()
    assert int(code) in (0, 1), (words, done.stderr)
    return int(kib) / 1024


def test_statements_hold_one_document_at_a_time(demo, tmp_path):
    """python-docx's documents are reference cycles: with the collector off they all stayed
    in memory (496 MiB for the demo's 75 statements, against 45 MiB for checking the book).
    Now writing them costs about what one document does."""
    book = Path(shutil.copy2(demo, tmp_path / demo.name))
    checked = _peak_mib(book, "check")
    written = _peak_mib(book, "statements")
    assert len(list((tmp_path / "run-statements").glob("*/*.docx"))) == 75
    assert written - checked < 25, (checked, written)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A benchmark workbook of 20,000 rows (benchmarks/generate.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate(tmp_path_factory.mktemp("rows20000") / "bench-20000.xlsm", 20000)


# A command's peak at 100,000 rows over its peak at 20,000, as measured: the documents at most
# 2.5 (statements 96 and 218 MiB); recalc 2.24 (118 MiB here on 2026-12-02, idle, and 264 MiB
# from `python benchmarks/run.py`). 300 MiB there is this much here:
SHARE_OF_300_MIB = {("recalc",): 300 / 2.24}


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_no_command_peaks_over_its_share_of_300_mib(generated, words):
    """The bound of docs/performance.md, no command over 300 MiB on the 100,000-row book,
    asserted where CI has the time: on a 20,000-row book, at 300 MiB divided by the command's
    measured growth from 20,000 to 100,000 rows (120 MiB for the documents; recalc, at 118 MiB
    idle, was within 2 MiB of that and over it on a loaded machine). Before the collector was
    switched on for documents, statements peaked at 1,234 MiB on this book."""
    assert _peak_mib(generated, *words) < SHARE_OF_300_MIB.get(words, 120), words


def test_no_command_imports_pkg_resources(demo, tmp_path):
    """zhconv would load its tables through pkg_resources where setuptools is installed
    (about 0.1 s of imports for every command)."""
    if importlib.util.find_spec("pkg_resources") is None:
        pytest.skip("setuptools' pkg_resources is not installed here: nothing could import it")
    book = Path(shutil.copy2(demo, tmp_path / demo.name))
    program = ("import sys\n"
               "from xlsheet.cli import main\n"
               "for words in sys.argv[2:]:\n"
               "    code = main(['-q', *words.split()[:1], sys.argv[1], *words.split()[1:]])\n"
               "    print('ran', words, code, 'pkg_resources' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", program, str(book), *(" ".join(w) for w in COMMANDS)],
                          capture_output=True, text=True, timeout=300, env=_env())
    ran = [line for line in done.stdout.splitlines() if line.startswith("ran ")]
    assert ran == [f"ran {' '.join(w)} 0 False" for w in COMMANDS], done.stderr

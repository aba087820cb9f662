"""The command line: `xlsheet recalc | check | report | statements | template | demo | ...`.

Exit status: 0 done, no errors; 1 done, but the input has errors (listed in
校验 and on standard error); 2 could not run, with one clear message and
nothing written; 3 a command that writes several files wrote only some of them
(the message says which, where, and which are missing; Ctrl-C too); 130
interrupted (Ctrl-C), nothing written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from . import __version__
from . import schema as S
from .records import PartlyWritten, Problem, StructureError

if TYPE_CHECKING:
    from .render import Outcome

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_FAILED, EXIT_PARTLY, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
TOP = 3
MAX_LISTED = 50


class _Progress:
    """Stage lines on standard error, with the time each took."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if not self.quiet:
            say(f"[{time.perf_counter() - self.start:5.1f}s] {text}", sys.stderr)


def say(text: str, stream: TextIO | None = None) -> None:
    """Print a line for people. A console that cannot take it (closed, full, a broken pipe,
    an encoding without these characters) never stops the command, nor changes what it did
    or its exit status: the work is done, or refused, before anything is said about it."""
    stream = stream if stream is not None else sys.stdout
    try:
        stream.write(text + "\n")
        stream.flush()
    except UnicodeEncodeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.buffer.write((text + "\n").encode(stream.encoding or "ascii", "replace"))
            stream.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _summary(outcome: Outcome) -> str:
    from .render import counts

    lines = list(counts(outcome))
    for group in S.CATEGORIES:
        names = [S.CLI_TEXT["ranked"].format(name=r.name, result=r.result or r.rank) for r in outcome.assessment.results
                 if r.group == group][:TOP]
        if names:
            lines.append(S.CLI_TEXT["top"].format(group=group, names="、".join(names)))
    return "\n".join(lines)


def _problems(outcome: Outcome) -> None:
    """Errors, then warnings, on standard error: at most MAX_LISTED of each, the rest counted;
    then every reading (a value read by interpretation, one per spelling), all of them."""
    for is_error, more in ((True, "more_errors"), (False, "more_warnings")):
        found = [p for p in outcome.problems if p.is_error == is_error and not p.reading]
        for p in found[:MAX_LISTED]:
            _listed(p)
        if len(found) > MAX_LISTED:
            say(S.CLI_TEXT[more].format(count=len(found) - MAX_LISTED, sheet=S.CHECK), sys.stderr)
    readings = [p for p in outcome.problems if p.reading]
    if readings:
        say(S.CLI_TEXT["readings"].format(count=len(readings)), sys.stderr)
        for p in readings:
            _listed(p)


def _listed(p: Problem) -> None:
    say(S.CLI_TEXT["listed"].format(level=p.level, sheet=p.sheet, row=p.row, column=p.column,
                                    message=p.message), sys.stderr)


def _written() -> contextlib.AbstractContextManager[None]:
    """Around what a command says once its files are in place: an interrupt (Ctrl-C while
    the console is paused, say) only cuts the report short, and the status stays that of
    the work done; it never becomes 「未写入任何内容」."""
    return contextlib.suppress(KeyboardInterrupt)


def _status(outcome: Outcome) -> int:
    return EXIT_INPUT_ERRORS if outcome.errors else EXIT_OK


class _Notes:
    """What a command that writes files says of where they went (io/targets.py), on standard
    error once the files are written: at most MAX_LISTED lines, the rest counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, note: str) -> None:
        self.lines.append(note)

    def say(self) -> None:
        for note in self.lines[:MAX_LISTED]:
            say(note, sys.stderr)
        if len(self.lines) > MAX_LISTED:
            say(S.CLI_TEXT["more_notes"].format(count=len(self.lines) - MAX_LISTED), sys.stderr)


def cmd_recalc(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    progress(S.CLI_TEXT["reading"].format(path=args.book))
    result = api.recalc(args.book, args.out, force=args.force)
    with _written():
        progress(S.CLI_TEXT["written_all"])
        for note in result.notes:
            say(note, sys.stderr)
        say(_summary(result.outcome))
        say(S.CLI_TEXT["written"].format(path=result.written))
        if result.backup:
            say(S.CLI_TEXT["backup"].format(path=result.backup))
        _problems(result.outcome)
    return _status(result.outcome)


def cmd_check(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    progress(S.CLI_TEXT["checking"].format(path=args.book))
    outcome = api.check(args.book)
    say(_summary(outcome))
    _problems(outcome)
    return _status(outcome)


def cmd_template(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    notes = _Notes()
    if args.source is not None:
        path = api.next_year(args.source, args.out, args.year, force=args.force, told=notes)
        done = S.CLI_TEXT["next_year"].format(path=path)
    else:
        path = api.template(args.out or Path("workbook_template.xlsm"), args.year, force=args.force, told=notes)
        done = S.CLI_TEXT["template"].format(path=path)
    with _written():
        say(done)
        notes.say()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    progress(S.CLI_TEXT["making_demo"])
    notes = _Notes()
    result = api.demo(args.dir, seed=args.seed, force=args.force, told=notes)
    with _written():
        say(S.CLI_TEXT["demo"].format(path=result.written))
        notes.say()
        say(_summary(result.outcome))
        _problems(result.outcome)
    return _status(result.outcome)


def cmd_report(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    if args.year_end:
        return _year_end(args)
    progress(S.CLI_TEXT["making_report"])
    notes = _Notes()
    path, outcome = api.report_with_outcome(args.book, args.quarter, args.out, force=args.force, told=notes,
                                            number=args.number)
    with _written():
        say(S.BULLETIN["written"].format(path=path))
        notes.say()
        if outcome.errors:
            say(S.BULLETIN["left_out"].format(errors=outcome.error_rows, sheet=S.CHECK), sys.stderr)
        _problems(outcome)
    return _status(outcome)


def _year_end(args: argparse.Namespace) -> int:
    """`report --year-end`: exit 1 naming the units while any is still 并列待定."""
    from . import api

    notes = _Notes()
    done = api.year_end(args.book, args.out, force=args.force, told=notes, number=args.number)
    if done.pending:
        say(S.YEAR_END["pending"].format(names="、".join(done.pending), sheet=S.DECISIONS), sys.stderr)
        return EXIT_INPUT_ERRORS
    with _written():
        for path in done.written:
            say(S.YEAR_END["written"].format(path=path))
        notes.say()
        _problems(done.outcome)
    return _status(done.outcome)


def cmd_statements(args: argparse.Namespace, progress: _Progress) -> int:
    from . import api

    def told(n: int, total: int, unit: str) -> None:
        progress(S.STATEMENT["progress"].format(n=n, total=total, unit=unit))

    notes = _Notes()
    written, outcome = api.statements_with_outcome(args.book, args.quarter, args.unit, args.out, progress=told,
                                                   force=args.force, told=notes)
    folder = written[0].parent if written else args.out
    with _written():
        say(S.STATEMENT["written"].format(count=len(written), folder=folder))
        notes.say()
        if outcome.errors:
            say(S.STATEMENT["left_out"].format(errors=outcome.error_rows, sheet=S.CHECK), sys.stderr)
        _problems(outcome)
    return _status(outcome)


def cmd_bundle(args: argparse.Namespace, progress: _Progress) -> int:
    from . import install

    try:
        install.bundle(args.out, args.platform, args.python, say=say)
    except RuntimeError as exc:
        say(str(exc), sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def cmd_setup(args: argparse.Namespace, progress: _Progress) -> int:
    from . import install

    return install.setup(args.profile, say=say, remove=args.remove)


def cmd_doctor(args: argparse.Namespace, progress: _Progress) -> int:
    from . import install

    return install.doctor(args.book, say=say)


def cmd_serve(args: argparse.Namespace, progress: _Progress) -> int:
    import json

    from . import serve

    if args.status:
        say(json.dumps(serve.status(), ensure_ascii=False))
        return EXIT_OK
    if args.stop:
        return serve.stop(say=say)
    return serve.serve(args.port, say=say)


# argparse's own messages (English) and what staff read instead (schema.CLI_ARGS).
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<names>.*)"), "required"),
    (re.compile(r"unrecognized arguments: (?P<names>.*)"), "unrecognized"),
    (re.compile(r"argument (?P<name>\S+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)"),
     "invalid_choice"),
    (re.compile(r"argument (?P<name>\S+): invalid \w+ value: (?P<value>.*)"), "invalid_value"),
    (re.compile(r"argument (?P<name>\S+): expected one argument"), "expected_one"),
    (re.compile(r"argument (?P<name>\S+): ignored explicit argument (?P<value>.*)"), "no_value"),
    (re.compile(r"ambiguous option: (?P<name>\S+) could match (?P<choices>.*)"), "ambiguous"),
    (re.compile(r"argument (?P<name>\S+): not allowed with argument (?P<other>\S+)"), "exclusive"),
    (re.compile(r"argument (?P<name>\S+): (?P<message>.*)"), "argument"),  # our own types' messages
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        super().add_usage(usage, actions, groups, S.CLI_ARGS["usage"] if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in Chinese: its usage line, headings and error messages; `-h` added by hand
    so that its help text is Chinese too."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = S.CLI_ARGS["positionals"]
        self._optionals.title = S.CLI_ARGS["options"]
        self.add_argument("-h", "--help", action="help", help=S.CLI_ARGS["help"])

    def error(self, message: str) -> NoReturn:
        text = message
        for pattern, key in _ARGPARSE_MESSAGES:
            found = pattern.fullmatch(message)
            if found:
                text = S.CLI_ARGS[key].format(**found.groupdict())
                break
        dashed = [a for a in sys.argv[1:] if a.startswith("-") and Path(a).suffix.lower() in (".xlsm", ".xlsx")]
        if dashed:
            text += S.CLI_ARGS["dash_name"].format(name=dashed[0], prog=self.prog)
        self.print_usage(sys.stderr)
        self.exit(EXIT_FAILED, S.CLI_ARGS["error"].format(prog=self.prog, message=text) + "\n")


def _positive(text: str) -> int:
    """`--number`: a whole number from 1 to schema.MAX_DOC_NUMBER, as the 发文字号 prints it (no leading zeros)."""
    if text.isascii() and text.isdigit() and 1 <= int(text) <= S.MAX_DOC_NUMBER:
        return int(text)
    raise argparse.ArgumentTypeError(S.CLI_TEXT["bad_number"].format(value=text))


def _port(text: str) -> int:
    """`serve --port`: 0 (any free port) to 65535."""
    if text.isascii() and text.isdigit() and int(text) <= 65535:
        return int(text)
    raise argparse.ArgumentTypeError(S.CLI_TEXT["bad_port"].format(value=text))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xlsheet", description=S.CLI_HELP["description"], epilog=S.CLI_HELP["epilog"])
    parser.add_argument("--version", action="version", version=f"xlsheet {__version__}",
                        help=S.CLI_ARGS["version"])
    parser.add_argument("-q", "--quiet", action="store_true", help=S.CLI_HELP["quiet"])
    sub = parser.add_subparsers(dest="command", required=True, title=S.CLI_ARGS["commands"],
                                metavar=S.CLI_ARGS["command"], parser_class=_Parser)
    p = sub.add_parser("recalc", help=S.CLI_HELP["recalc"])
    p.add_argument("book", type=Path, help=S.CLI_HELP["book"])
    p.add_argument("--out", type=Path, help=S.CLI_HELP["recalc_out"])
    p.add_argument("--force", action="store_true", help=S.CLI_HELP["force_workbook"])
    p.set_defaults(func=cmd_recalc)
    p = sub.add_parser("check", help=S.CLI_HELP["check"])
    p.add_argument("book", type=Path)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("report", help=S.CLI_HELP["report"])
    p.add_argument("book", type=Path)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4),
                   help=S.CLI_HELP["quarter"])
    p.add_argument("--out", type=Path, help=S.CLI_HELP["report_out"])
    p.add_argument("--year-end", action="store_true", help=S.CLI_HELP["year_end"])
    p.add_argument("--number", type=_positive, metavar="N", help=S.CLI_HELP["number"])
    p.add_argument("--force", action="store_true", help=S.CLI_HELP["force_document"])
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("statements", help=S.CLI_HELP["statements"])
    p.add_argument("book", type=Path)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help=S.CLI_HELP["quarter"])
    p.add_argument("--unit", help=S.CLI_HELP["statements_unit"])
    p.add_argument("--out", type=Path, help=S.CLI_HELP["statements_out"])
    p.add_argument("--force", action="store_true", help=S.CLI_HELP["force_document"])
    p.set_defaults(func=cmd_statements)
    p = sub.add_parser("template", help=S.CLI_HELP["template"])
    p.add_argument("--out", type=Path, help=S.CLI_HELP["template_out"])
    p.add_argument("--year", type=int, default=None, help=S.CLI_HELP["year"])
    p.add_argument("--from", dest="source", type=Path, help=S.CLI_HELP["template_from"])
    p.add_argument("--force", action="store_true", help=S.CLI_HELP["force_workbook"])
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("bundle", help=S.CLI_HELP["bundle"])
    p.add_argument("--out", type=Path, required=True, help=S.CLI_HELP["bundle_out"])
    p.add_argument("--platform", choices=("win_amd64", "win32"), default="win_amd64", help=S.CLI_HELP["platform"])
    p.add_argument("--python", default="3.11", help=S.CLI_HELP["python"])
    p.set_defaults(func=cmd_bundle)
    p = sub.add_parser("setup", help=S.CLI_HELP["setup"])
    p.add_argument("--profile", type=Path, help=S.CLI_HELP["profile"])
    p.add_argument("--remove", action="store_true", help=S.CLI_HELP["setup_remove"])
    p.set_defaults(func=cmd_setup)
    p = sub.add_parser("doctor", help=S.CLI_HELP["doctor"])
    p.add_argument("book", type=Path, nargs="?")
    p.set_defaults(func=cmd_doctor)
    p = sub.add_parser("serve", help=S.CLI_HELP["serve"])
    p.add_argument("--port", type=_port, help=S.CLI_HELP["serve_port"])
    which = p.add_mutually_exclusive_group()
    which.add_argument("--status", action="store_true", help=S.CLI_HELP["serve_status"])
    which.add_argument("--stop", action="store_true", help=S.CLI_HELP["serve_stop"])
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("demo", help=S.CLI_HELP["demo"])
    p.add_argument("dir", nargs="?", default="xlsheet-demo", help=S.CLI_HELP["dir"])
    p.add_argument("--seed", type=int, default=2026, help=S.CLI_HELP["seed"])
    p.add_argument("--force", action="store_true", help=S.CLI_HELP["force_workbook"])
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress = _Progress(args.quiet)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # from here Ctrl-C is KeyboardInterrupt
    try:
        return args.func(args, progress)
    except StructureError as exc:
        say(str(exc), sys.stderr)
        return EXIT_FAILED
    except PartlyWritten as exc:
        say(exc.message(), sys.stderr)
        return EXIT_PARTLY
    except KeyboardInterrupt:
        say(S.CLI_TEXT["interrupted"], sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        say(S.CLI_TEXT["failed"].format(reason=S.M["why_memory"]), sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # one not met where the work knows what it was doing
        if os.environ.get("XLSHEET_DEBUG"):
            raise
        from .io.snapshot import why

        say(S.CLI_TEXT["failed"].format(reason=why(exc)), sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        if os.environ.get("XLSHEET_DEBUG"):
            raise
        say(S.CLI_TEXT["internal"].format(error=f"{type(exc).__name__}: {exc}"), sys.stderr)
        return EXIT_FAILED


def _interrupted_before_any_work(signum: int, frame: object) -> None:
    say(S.CLI_TEXT["interrupted"], sys.stderr)
    os._exit(EXIT_INTERRUPTED)


def run_and_exit() -> None:
    """The `xlsheet` command: main() in a process that ends as soon as its work is done.

    The process leaves with os._exit once its output is flushed: freeing the millions of
    objects of a large book one by one at exit would take a tenth of the run. Everything is
    on disk by then: writes are closed and renamed inside main(). The cyclic collector is
    paused only where that was measured to pay, around reading, checking and scoring
    (api._no_cycle_collector); the documents are built with it on, as python-docx's
    objects form cycles that only the collector frees.
    """
    signal.signal(signal.SIGINT, _interrupted_before_any_work)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run_and_exit()

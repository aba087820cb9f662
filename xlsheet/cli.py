"""The command line: `xlsheet recalc | check | template | demo`.

Exit status: 0 done, no errors; 1 done, but the input has errors (listed in
校验 and on standard error); 2 could not run, with one clear message and
nothing written.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import __version__, api
from . import schema as S
from .records import StructureError
from .render import Outcome, counts

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_FAILED = 0, 1, 2
TOP = 3
MAX_LISTED = 50


class _Progress:
    """Stage lines on standard error, with the time each took."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:5.1f}s] {text}", file=sys.stderr, flush=True)


def _summary(outcome: Outcome) -> str:
    lines = list(counts(outcome))
    for group in S.CATEGORIES:
        names = [f"{r.name}（{r.result or r.rank}）" for r in outcome.assessment.results
                 if r.group == group][:TOP]
        if names:
            lines.append(S.CLI_TEXT["top"].format(group=group, names="、".join(names)))
    return "\n".join(lines)


def _problems(outcome: Outcome) -> None:
    errors = [p for p in outcome.inputs.problems if p.is_error]
    for p in errors[:MAX_LISTED]:
        print(f"{p.level} {p.sheet} 第{p.row}行 {p.column}：{p.message}", file=sys.stderr)
    if len(errors) > MAX_LISTED:
        print(f"……另有 {len(errors) - MAX_LISTED} 条错误，见「{S.CHECK}」表", file=sys.stderr)


def _status(outcome: Outcome) -> int:
    return EXIT_INPUT_ERRORS if outcome.inputs.errors else EXIT_OK


def cmd_recalc(args: argparse.Namespace, progress: _Progress) -> int:
    progress("读取并计算 " + str(args.book))
    result = api.recalc(args.book, args.out)
    progress("写入完成")
    print(_summary(result.outcome))
    print(S.CLI_TEXT["written"].format(path=result.written))
    if result.backup:
        print(S.CLI_TEXT["backup"].format(path=result.backup))
    _problems(result.outcome)
    return _status(result.outcome)


def cmd_check(args: argparse.Namespace, progress: _Progress) -> int:
    progress("检查 " + str(args.book))
    outcome = api.check(args.book)
    print(_summary(outcome))
    _problems(outcome)
    return _status(outcome)


def cmd_template(args: argparse.Namespace, progress: _Progress) -> int:
    path = api.template(args.out, args.year)
    print(S.CLI_TEXT["template"].format(path=path))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, progress: _Progress) -> int:
    from .demo import write_demo

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    progress("生成演示数据")
    book = write_demo(folder / "demo.xlsm", seed=args.seed)
    progress("计算")
    result = api.recalc(book)
    print(S.CLI_TEXT["demo"].format(path=book))
    print(_summary(result.outcome))
    _problems(result.outcome)
    return _status(result.outcome)


def cmd_report(args: argparse.Namespace, progress: _Progress) -> int:
    progress("生成季度通报草稿")
    path = api.report(args.book, args.quarter, args.out)
    print(S.BULLETIN["written"].format(path=path))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xlsheet", description="县政务信息工作绩效考核：检查、计分、考核，并写回工作簿。",
        epilog="退出码：0 完成且无错误；1 完成但输入有错误（见「校验」表）；2 无法运行，未写入任何内容。")
    parser.add_argument("--version", action="version", version=f"xlsheet {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="不显示进度")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("recalc", help="检查、计分、考核，并写入结果表（原地写入前先备份）")
    p.add_argument("book", type=Path, help="工作簿（.xlsm/.xlsx）")
    p.add_argument("--out", type=Path, help="写入另一个文件，原工作簿不变")
    p.set_defaults(func=cmd_recalc)
    p = sub.add_parser("check", help="只检查输入，不写入任何内容")
    p.add_argument("book", type=Path)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("report", help="生成季度通报（Word 草稿，按 GB/T 9704-2012 版式）")
    p.add_argument("book", type=Path)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4),
                   help="季度（默认：已有录用记录的最后一个季度）")
    p.add_argument("--out", type=Path, help="输出 .docx（默认：工作簿旁的「YYYY年第N季度政务信息录用情况通报.docx」）")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("template", help="生成模板工作簿")
    p.add_argument("--out", type=Path, default=Path("workbook_template.xlsm"))
    p.add_argument("--year", type=int, default=None, help="考核年度（默认今年）")
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("demo", help="生成一整年的演示工作簿并计算")
    p.add_argument("dir", nargs="?", default="xlsheet-demo", help="输出目录（默认 xlsheet-demo）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（同一种子得到同一工作簿）")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    progress = _Progress(args.quiet)
    try:
        return args.func(args, progress)
    except StructureError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        if os.environ.get("XLSHEET_DEBUG"):
            raise
        print(f"程序内部错误（{type(exc).__name__}: {exc}），未写入任何内容。"
              "请设置环境变量 XLSHEET_DEBUG=1 重试并把输出交给维护人员。", file=sys.stderr)
        return EXIT_FAILED


def run_and_exit() -> None:
    """The `xlsheet` command: main() in a process that ends as soon as its work is done.

    The cyclic collector stays off (the run makes millions of acyclic objects, and a
    collection only scans them), and the process leaves with os._exit once its output is
    flushed: freeing those objects one by one at exit would take a tenth of the run.
    Everything is on disk by then: writes are closed and renamed inside main().
    """
    gc.disable()
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run_and_exit()

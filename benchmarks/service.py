"""Time one 重新计算 through `xlsheet serve` (payload in, actions out) beside `xlsheet recalc`
of the same book, on the demonstration year.

    python benchmarks/service.py [ROUNDS]

The service runs for real on a free loopback port, in a scratch configuration folder
(XDG_CONFIG_HOME), and is stopped at the end. The payload is what a client sends: every
sheet's values from A1, dates as ISO text. Each round times the POST (the service's whole
work: building the book on xlwings' remote engine, checking, scoring, the actions, the
JSON answer) and, separately, `xlsheet recalc` of a fresh copy of the book; the best of
ROUNDS (default 5) of each is printed as a markdown row.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from python_calamine import CalamineWorkbook


def payload(book: Path) -> bytes:
    """The JSON an Excel or WPS client sends for `book`."""
    import xlwings

    def value(v: object) -> object:
        return v.strftime("%Y-%m-%dT00:00:00.000Z") if isinstance(v, dt.date) else v

    wb = CalamineWorkbook.from_path(str(book))
    sheets = []
    for name in wb.sheet_names:
        grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False) or [[""]]
        width = max(len(r) for r in grid)
        sheets.append({"name": name, "values": [[value(v) for v in r] + [""] * (width - len(r)) for r in grid],
                       "pictures": [], "tables": []})
    data = {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": book.name, "active_sheet_index": 0, "selection": "A1"}, "names": [], "sheets": sheets}
    return json.dumps(data).encode("utf-8")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = dict(os.environ, XDG_CONFIG_HOME=str(work / "config"), XLWINGS_LICENSE_KEY="noncommercial")
        folder = work / "config" / "xlsheet"
        folder.mkdir(parents=True)
        (folder / "settings.json").write_text(json.dumps({"port": 0}))
        subprocess.run([sys.executable, "-m", "xlsheet", "-q", "demo", str(work / "demo")], env=env, check=True,
                       capture_output=True)
        book = work / "demo" / "demo.xlsm"
        body = payload(book)
        service = subprocess.Popen([sys.executable, "-m", "xlsheet", "serve"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while not (folder / "serve.json").exists():
                time.sleep(0.05)
            time.sleep(0.2)
            token = json.loads((folder / "serve.json").read_text())
            posted, recalculated = [], []
            for _ in range(rounds):
                connection = http.client.HTTPConnection("127.0.0.1", token["port"], timeout=300)
                start = time.perf_counter()
                connection.request("POST", "/xlwings/recalculate", body=body, headers={
                    "Host": f"127.0.0.1:{token['port']}", "Authorization": f"Bearer {token['token']}",
                    "Content-Type": "application/json"})
                answer = connection.getresponse()
                actions = json.loads(answer.read())["actions"]
                posted.append(time.perf_counter() - start)
                connection.close()
                written = {a["func"] for a in actions}
                assert answer.status == 200 and "setValues" in written, (answer.status, written)
                copy = work / "copy.xlsm"
                shutil.copy2(book, copy)
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "xlsheet", "-q", "recalc", str(copy)], env=env, check=False,
                               capture_output=True)
                recalculated.append(time.perf_counter() - start)
        finally:
            subprocess.run([sys.executable, "-m", "xlsheet", "serve", "--stop"], env=env, capture_output=True)
            service.wait(timeout=30)
    print("| demo year | 重新计算 through the service (payload to actions) | xlsheet recalc | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| {len(body) / 1e6:.1f} MB payload, {len(actions)} actions | {min(posted):.2f} s | "
          f"{min(recalculated):.2f} s | {min(posted) / min(recalculated):.1f}× |")


if __name__ == "__main__":
    main()

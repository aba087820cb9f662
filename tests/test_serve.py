"""The local service for real: `xlsheet serve` on a free loopback port, the demo year's
payload through it for every button, and every refusal."""

import http.client
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest  # noqa: E402
import xlwings as xw  # noqa: E402
from docx import Document  # noqa: E402
from test_excel import apply, payload, unprefix  # noqa: E402

from xlsheet import api, excel, serve  # noqa: E402
from xlsheet import schema as S  # noqa: E402

LIMIT_MB = 8


def run_xlsheet(env, *args):
    return subprocess.run([sys.executable, "-m", "xlsheet", "serve", *args], capture_output=True, text=True,
                          env=env, timeout=60)


class Service:
    """A real `xlsheet serve` in a child process, with its own user folder."""

    def __init__(self, home: Path):
        self.env = dict(os.environ, XDG_CONFIG_HOME=str(home), PYTHONIOENCODING="utf-8",
                        PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        self.env.pop("XLWINGS_LICENSE_KEY", None)  # the service sets it itself
        self.folder = home / "xlsheet"
        self.folder.mkdir(parents=True)
        (self.folder / "settings.json").write_text(json.dumps({"port": 0, "max_body_mb": LIMIT_MB}))
        self.token_file = self.folder / "serve.json"
        self.process = subprocess.Popen([sys.executable, "-m", "xlsheet", "serve"], env=self.env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while not self.token_file.exists():
            assert self.process.poll() is None, self.process.communicate()
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.05)
        data = json.loads(self.token_file.read_text())
        self.port, self.token = data["port"], data["token"]

    def request(self, method, path, body=b"", headers=None, token=True, host=None):
        sent = {"Host": host or f"127.0.0.1:{self.port}"}
        if token:
            sent["Authorization"] = f"Bearer {self.token}"
        if body:
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8")
            return response.status, dict(response.getheaders()), (json.loads(text) if text else None)
        finally:
            connection.close()

    def post(self, action, data, path=None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if path is not None:
            headers["X-Book-Path"] = quote(str(path), safe="")
        body = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
        return self.request("POST", f"/xlwings/{action}", body, headers, **kwargs)

    def stop(self):
        done = run_xlsheet(self.env, "--stop")
        self.process.wait(timeout=30)
        return done


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    running = Service(tmp_path_factory.mktemp("serve-home"))
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture(scope="module")
def demo_payload(demo):
    return payload(demo)


def direct(action, data, path=None):
    """The same entry point called in this process on xlwings' remote engine: today's Excel path."""
    data = json.loads(json.dumps(data))
    if path is not None:
        data["book"]["name"] = str(path)
    book = xw.Book(json=data)
    getattr(excel, action)(book)
    return [a for a in book.json()["actions"] if a["func"] in serve.ANSWERED]


def docx_text(path):
    return [p.text for p in Document(str(path)).paragraphs]


def test_the_token_file_is_the_users_alone_and_status_says_running(service):
    data = json.loads(service.token_file.read_text())
    assert set(data) == {"port", "token"} and len(data["token"]) >= 32
    if os.name != "nt":
        assert stat.S_IMODE(service.token_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(service.folder.stat().st_mode) == 0o700
    done = run_xlsheet(service.env, "--status")
    assert done.returncode == 0
    assert json.loads(done.stdout) == {"running": True, "port": service.port, "token_file": str(service.token_file)}


def test_recalculate_through_the_service_gives_the_headless_outputs_cell_for_cell(service, demo, demo_payload):
    code, headers, answer = service.post("recalculate", demo_payload)
    assert code == 200, answer
    grids = apply(demo_payload, answer["actions"])
    headless = api.check(demo).tables
    assert len(headless[S.DETAIL]) > 1500
    for name in S.OUTPUT_SHEETS:
        got = [[unprefix(v) for v in row] for row in grids[name]]
        expected = [[None if v == "" else v for v in row] for row in headless[name]]
        assert got == expected, name
    assert answer["actions"] == direct("recalculate", demo_payload)
    assert {a["func"] for a in answer["actions"]} == {"sheetClearContents", "setValues", "setNumberFormat", "alert"}
    assert "Access-Control-Allow-Origin" not in headers


def test_check_through_the_service_writes_nothing_and_says_the_counts(service, demo_payload):
    code, _, answer = service.post("check", demo_payload)
    assert code == 200
    [alert] = answer["actions"]
    assert alert["func"] == "alert" and alert["args"][0].startswith("检查完成（未写入任何内容）。")
    assert answer["actions"] == direct("check", demo_payload)


def test_the_buttons_that_write_beside_the_book_write_what_the_command_line_writes(service, demo, tmp_path):
    book = tmp_path / "2026考核.xlsm"
    shutil.copy2(demo, book)
    data = payload(book)
    code, _, answer = service.post("report", data, book)
    assert code == 200, answer
    [alert] = answer["actions"]
    written = Path(alert["args"][0].splitlines()[1])
    assert written.parent == tmp_path and written.suffix == ".docx"
    assert docx_text(written) == docx_text(api.report(book, out=tmp_path / "cli.docx"))

    code, _, answer = service.post("statements", data, book)
    assert code == 200
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    units = [r[0] for r in api.check(book).tables[S.SCORES][1:]]
    assert sorted(p.stem for p in folder.iterdir()) == sorted(units) and len(units) == 75
    [one] = api.statements(book, unit=units[0], out=tmp_path / "cli")
    assert docx_text(folder / one.name) == docx_text(one)
    assert answer["actions"][0]["args"][0] == S.EXCEL_TEXT["statements"].format(count=75, folder=folder)

    code, _, answer = service.post("year_end", data, book)
    assert code == 200
    done = api.year_end(book, out=tmp_path / "cli-year-end.docx")
    [alert] = answer["actions"]
    if done.pending:
        assert alert["args"][0] == S.YEAR_END["pending"].format(names="、".join(done.pending), sheet=S.DECISIONS)
    else:
        paths = [Path(line) for line in alert["args"][0].splitlines() if line.startswith(str(tmp_path))]
        assert len(paths) == len(done.written) and all(p.exists() and p.parent == tmp_path for p in paths)

    code, _, answer = service.post("next_year", data, book)
    assert code == 200
    made = tmp_path / "2027考核.xlsm"
    assert answer["actions"][0]["args"][0] == S.EXCEL_TEXT["next_year"].format(path=made) and made.exists()

    code, _, answer = service.post("doctor", data, book)
    assert code == 200
    text = answer["actions"][0]["args"][0]
    assert "✓ xlsheet" in text and f"工作簿 {book}：全部工作表齐全" in text
    assert "✓ " + S.SERVE["status_running"].format(port=service.port) in text


def test_an_allowed_origin_gets_its_cors_headers_and_a_preflight(service, demo_payload):
    code, headers, _ = service.request("OPTIONS", "/xlwings/check", headers={
        "Origin": "null", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-book-path"}, token=False)
    assert code == 204 and headers["access-control-allow-origin"] == "null"
    assert "X-Book-Path" in headers["access-control-allow-headers"]
    code, headers, _ = service.post("check", demo_payload, headers={"Origin": "null"}, host=f"localhost:{service.port}")
    assert code == 200 and headers["access-control-allow-origin"] == "null"


@pytest.mark.parametrize("case, expected", [
    ("no token", 401), ("wrong token", 401), ("basic auth", 401), ("foreign host", 421), ("no host port", 421),
    ("rebinding host", 421), ("browser origin", 403), ("browser preflight", 403), ("not json", 400),
    ("text body", 415), ("json list", 422), ("no sheets", 422), ("unknown action", 404), ("get", 405),
])
def test_refusals_are_4xx_with_a_chinese_message(service, case, expected):
    good = {"book": {"name": "b.xlsm"}, "sheets": []}
    p = service.port
    call = {
        "no token": lambda: service.post("check", good, token=False),
        "wrong token": lambda: service.post("check", good, token=False,
                                            headers={"Authorization": "Bearer " + "x" * 43}),
        "basic auth": lambda: service.post("check", good, token=False,
                                           headers={"Authorization": "Basic " + service.token}),
        "foreign host": lambda: service.post("check", good, host=f"example.com:{p}"),
        "no host port": lambda: service.post("check", good, host="127.0.0.1"),
        "rebinding host": lambda: service.post("check", good, host=f"attacker.example:{p}"),
        "browser origin": lambda: service.post("check", good, headers={"Origin": "https://example.com"}),
        "browser preflight": lambda: service.request("OPTIONS", "/xlwings/check", token=False,
                                                     headers={"Origin": "http://localhost:8080",
                                                              "Access-Control-Request-Method": "POST"}),
        "not json": lambda: service.post("check", b"{not json"),
        "text body": lambda: service.post("check", b"{}", headers={"Content-Type": "text/plain"}),
        "json list": lambda: service.post("check", b"[1, 2]"),
        "no sheets": lambda: service.post("check", {"book": {"name": "b.xlsm"}}),
        "unknown action": lambda: service.post("format_disk", good),
        "get": lambda: service.request("GET", "/xlwings/check"),
    }[case]
    code, headers, answer = call()
    assert code == expected
    assert set(answer) == {"error"} and any("\u4e00" <= ch <= "\u9fff" for ch in answer["error"])
    assert headers.get("access-control-allow-origin") in (None, "null")


def test_an_oversized_body_is_refused_before_any_work(service):
    big = json.dumps({"book": {"name": "b.xlsm"}, "sheets": [], "pad": "x" * (LIMIT_MB * 1024 * 1024)}).encode()
    code, _, answer = service.post("check", big)
    assert code == 413 and answer["error"] == S.SERVE["too_large"].format(limit=LIMIT_MB)


def test_a_path_that_is_not_a_workbook_is_refused(service, demo_payload, tmp_path):
    text = tmp_path / "说明.txt"
    text.write_text("not a book", encoding="utf-8")
    fake = tmp_path / "假的.xlsm"
    fake.write_bytes(b"not a zip")
    for path in (text, fake, tmp_path / "不存在.xlsm", tmp_path, Path("相对/路径.xlsm")):
        code, _, answer = service.post("report", demo_payload, path)
        assert code == 422 and answer["error"] == S.SERVE["not_book"].format(path=path), path
    code, _, answer = service.post("report", demo_payload)
    assert code == 400 and answer["error"] == S.SERVE["need_path"].format(action="report")
    code, _, answer = service.post("report", demo_payload, headers={"X-Book-Path": "%FF%FE.xlsm"})
    assert code == 400 and answer["error"] == S.SERVE["bad_path"]


def test_a_vba_client_of_another_xlwings_version_is_told_to_run_setup(service, demo_payload):
    data = dict(demo_payload, client="VBA", version="0.1.0")
    code, _, answer = service.post("check", data)
    assert code == 409 and answer["error"] == S.SERVE["version"].format(client="0.1.0", server=xw.__version__)
    code, _, answer = service.post("check", dict(demo_payload, client="VBA", version=xw.__version__))
    assert code == 200 and answer["actions"][0]["func"] == "alert"


def test_two_requests_for_one_book_at_once_the_second_is_refused(service, demo, demo_payload, tmp_path):
    book = tmp_path / "同时.xlsm"
    shutil.copy2(demo, book)
    results = []

    def click():  # a small body: the busy check comes once the body is read, and the first must still be computing
        results.append(service.post("doctor", {"book": demo_payload["book"]}, book)[0])

    def recalc():
        results.append(service.post("recalculate", demo_payload, book)[0])

    log = service.folder / "serve.log"
    started = f"recalculate started for {os.path.normcase(str(book))}"
    first = threading.Thread(target=recalc)
    first.start()
    deadline = time.monotonic() + 30
    while started not in log.read_text(encoding="utf-8"):  # the first is computing now
        assert time.monotonic() < deadline
        time.sleep(0.01)
    second = threading.Thread(target=click)
    second.start()
    first.join()
    second.join()
    assert results == [409, 200]
    assert service.post("doctor", demo_payload, book)[0] == 200  # free again once the first is done


def test_stop_stops_it_and_status_then_says_so(tmp_path):
    running = Service(tmp_path)
    log = running.folder / "serve.log"
    done = running.stop()
    assert done.returncode == 0 and S.SERVE["stopped"].format(port=running.port) in done.stdout
    assert running.process.returncode == 0 and not running.token_file.exists()
    status = json.loads(run_xlsheet(running.env, "--status").stdout)
    assert status == {"running": False, "port": 0, "token_file": str(running.token_file)}
    assert f"started on 127.0.0.1:{running.port}" in log.read_text(encoding="utf-8")
    again = run_xlsheet(running.env, "--stop")
    assert again.returncode == 0 and S.SERVE["not_running"] in again.stdout


def test_a_second_service_for_the_same_user_is_refused(service):
    done = run_xlsheet(service.env)
    assert done.returncode == 2 and S.SERVE["already"].format(port=service.port) in done.stdout


def test_settings_that_cannot_be_used_are_named(tmp_path):
    bad = tmp_path / "settings.json"
    for text, reason in (('{"port": "80"}', "port"), ('{"origins": ["*"]}', "origins"), ("[", None)):
        bad.write_text(text)
        with pytest.raises(Exception, match=reason) as caught:
            serve.load_settings(bad)
        assert str(bad) in str(caught.value)
    bad.write_text('{"port": 51000, "origins": ["null", "https://oa.example.gov.cn"]}')
    assert serve.load_settings(bad) == serve.Settings(51000, ("null", "https://oa.example.gov.cn"), 64)

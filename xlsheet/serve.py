"""The local service: ribbon buttons that cannot start Python call it over loopback HTTP.

    xlsheet serve [--port N]     # in the foreground, 127.0.0.1 only
    xlsheet serve --status       # {"running": ..., "port": N, "token_file": "PATH"}
    xlsheet serve --stop

WPS (whose add-ins cannot start processes reliably) and Excel where Office may not start
python.exe send the book's sheets as xlwings' remote-protocol payload to
`POST /xlwings/ACTION`; the service builds `xlwings.Book(json=payload)` (xlwings' remote
engine), calls the same `xlsheet.excel` entry point as RunPython would, and answers
`{"actions": [...]}`, which the client applies to the open book.

Guards, in the order they are checked: the Host must be 127.0.0.1 or localhost with this
port (a DNS-rebinding page names its own host); an Origin, where sent, must be on the
allow-list of the user's settings (never `*`); `Authorization: Bearer TOKEN` with the token
this run wrote to a file only the user can read; a JSON body within the size limit; a real
workbook at X-Book-Path where the action writes beside the book; one request per book at a
time. Every refusal is a 4xx with `{"error": "中文"}`.

Built on Starlette and uvicorn (docs/Excel使用指南.md says why); the work runs in a worker
thread, so a second click is refused while the first computes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import http.client
import json
import logging
import logging.handlers
import os
import secrets
import socket
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import schema as S
from .records import StructureError

T = S.SERVE
DEFAULT_PORT = 47651
DEFAULT_ORIGINS = ("null",)
"""The origin of an add-in page loaded from a local folder (file://), as WPS loads ours."""
DEFAULT_MAX_BODY_MB = 64
ACTIONS = ("recalculate", "check", "report", "statements", "year_end", "next_year", "doctor")
WRITES_BESIDE_BOOK = frozenset({"report", "statements", "year_end", "next_year", "doctor"})
"""The actions that need the book's full path (X-Book-Path): they write or read beside it."""
ANSWERED = frozenset({"setValues", "setNumberFormat", "rangeClearContents", "sheetClearContents", "activateSheet",
                      "alert"})
"""The actions a client applies. The entry points also record setScreenUpdating, which has
no meaning here (a client applies the whole answer at once) and which the xlwings add-in's
client has no handler for."""
BOOK_SUFFIXES = (".xlsm", ".xlsx")
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3
CORS_HEADERS = "Authorization, Content-Type, X-Book-Path"


@dataclass(frozen=True)
class Settings:
    """The user's xlsheet settings (settings.json in config_dir()), defaults where absent."""

    port: int = DEFAULT_PORT
    origins: tuple[str, ...] = DEFAULT_ORIGINS
    max_body_mb: int = DEFAULT_MAX_BODY_MB


class Refused(Exception):
    """A request the service will not do: an HTTP status and a Chinese message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def config_dir() -> Path:
    """The user's xlsheet folder: %LOCALAPPDATA%\\xlsheet on Windows, else
    $XDG_CONFIG_HOME/xlsheet (~/.config/xlsheet)."""
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "xlsheet"


def settings_file() -> Path:
    return config_dir() / "settings.json"


def token_file() -> Path:
    return config_dir() / "serve.json"


def log_file() -> Path:
    return config_dir() / "serve.log"


def load_settings(path: Path | None = None) -> Settings:
    """The settings file's port, origins and body limit; the defaults where it has none.
    A file that is not a JSON object of those keys raises StructureError (in Chinese)."""
    path = path or settings_file()
    if not path.exists():
        return Settings()

    def bad(reason: str) -> StructureError:
        return StructureError(T["bad_settings"].format(path=path, reason=reason))

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise bad(str(exc)) from exc
    if not isinstance(data, dict):
        raise bad("不是 JSON 对象")
    port = data.get("port", DEFAULT_PORT)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise bad(f"port 应为 0—65535 的整数，而不是 {port!r}")
    origins = data.get("origins", list(DEFAULT_ORIGINS))
    if not isinstance(origins, list) or not all(isinstance(o, str) and o and o != "*" for o in origins):
        raise bad("origins 应为来源字符串的列表，不能含 *")
    limit = data.get("max_body_mb", DEFAULT_MAX_BODY_MB)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise bad(f"max_body_mb 应为正整数，而不是 {limit!r}")
    return Settings(port, tuple(origins), limit)


def _write_private(path: Path, text: str) -> None:
    """Write `text` so that only the user can read it: the folder 0700 and the file 0600
    (on Windows the user's %LOCALAPPDATA% is the user's own), replaced atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.name != "nt":
        os.chmod(path.parent, 0o700)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, path)


def read_token(path: Path | None = None) -> tuple[int, str] | None:
    """The running service's port and token from the token file; None when there is none."""
    try:
        data = json.loads((path or token_file()).read_text(encoding="utf-8"))
        port, token = data["port"], data["token"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(port, int) or not isinstance(token, str):
        return None
    return port, token


def _percent_path(value: str) -> Path:
    try:
        return Path(unquote(value, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError as exc:
        raise Refused(400, T["bad_path"]) from exc


def book_path(value: str) -> Path:
    """The workbook named by an X-Book-Path header (percent-encoded UTF-8): an absolute path
    of an existing .xlsm/.xlsx that is a zip package; otherwise Refused."""
    path = _percent_path(value)
    if not path.is_absolute() or path.suffix.lower() not in BOOK_SUFFIXES or not path.is_file() \
            or not zipfile.is_zipfile(path):
        raise Refused(422, T["not_book"].format(path=path))
    return path


class Guard:
    """The checks every request passes before any work: Host, Origin, token."""

    def __init__(self, port: int, token: str, origins: tuple[str, ...]) -> None:
        self.hosts = frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})
        self.port = port
        self.token = token
        self.origins = frozenset(origins) - {"*"}

    def check(self, headers: Mapping[str, str], preflight: bool = False) -> str | None:
        """Refused unless the request may go on; the origin to name in CORS headers, if any."""
        if headers.get("host", "").lower() not in self.hosts:
            raise Refused(421, T["host"].format(port=self.port))
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            raise Refused(403, T["origin"].format(origin=origin))
        if not preflight:
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), self.token.encode()):
                raise Refused(401, T["token"])
        return origin


def answer(action: str, payload: dict[str, Any], path: Path | None) -> dict[str, list[dict[str, Any]]]:
    """What the button's entry point does to this payload, as the actions a client applies.
    Runs `xlsheet.excel.ACTION` on xlwings' remote engine."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings
    from xlwings import XlwingsError

    from . import excel

    if not isinstance(payload.get("book"), dict) or not isinstance(payload.get("sheets"), list):
        raise Refused(422, T["payload"].format(reason="缺少 book 或 sheets"))
    if path is not None:
        payload["book"]["name"] = str(path)  # the remote engine's fullname is the book's name
    try:
        book = xlwings.Book(json=payload)
    except XlwingsError as exc:
        if "version" in str(exc):
            raise Refused(409, T["version"].format(client=payload.get("version"), server=xlwings.__version__)) from exc
        raise Refused(422, T["payload"].format(reason=exc)) from exc
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise Refused(422, T["payload"].format(reason=f"{type(exc).__name__}: {exc}")) from exc
    getattr(excel, action)(book)
    return {"actions": [a for a in book.json()["actions"] if a.get("func") in ANSWERED]}


def _logger() -> logging.Logger:
    log = logging.getLogger("xlsheet.serve")
    if not log.handlers:
        log_file().parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(log_file(), maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        for name in ("uvicorn", "uvicorn.error"):
            logging.getLogger(name).addHandler(handler)
    return log


def create_app(port: int, token: str, conf: Settings, log: logging.Logger,
               on_stop: Callable[[], None]) -> Any:
    """The Starlette application: the guarded endpoints, nothing else."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from . import __version__

    guard = Guard(port, token, conf.origins)
    limit = conf.max_body_mb * 1024 * 1024
    busy: set[str] = set()

    def cors(origin: str | None) -> dict[str, str]:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"} if origin else {}

    def refused(exc: Refused, origin: str | None = None) -> Response:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=cors(origin))

    async def body_of(request: Request) -> dict[str, Any]:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise Refused(415, T["json_type"])
        length = request.headers.get("content-length", "")
        too_large = Refused(413, T["too_large"].format(limit=conf.max_body_mb))
        if length and (not length.isdigit() or int(length) > limit):
            raise too_large
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        try:
            data = json.loads(b"".join(chunks).decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise Refused(400, T["not_json"]) from exc
        if not isinstance(data, dict):
            raise Refused(422, T["payload"].format(reason="不是 JSON 对象"))
        return data

    async def preflight(request: Request) -> Response:
        try:
            origin = guard.check(request.headers, preflight=True)
        except Refused as exc:
            return refused(exc)
        return Response(status_code=204, headers={
            **cors(origin), "Access-Control-Allow-Methods": "POST, GET",
            "Access-Control-Allow-Headers": CORS_HEADERS, "Access-Control-Max-Age": "600"})

    async def run_action(request: Request) -> Response:
        if request.method == "OPTIONS":
            return await preflight(request)
        started, action, origin = time.perf_counter(), request.path_params["action"], None
        try:
            origin = guard.check(request.headers)
            if action not in ACTIONS:
                raise Refused(404, T["action"].format(action=action, actions="、".join(ACTIONS)))
            payload = await body_of(request)
            header = request.headers.get("x-book-path")
            path = book_path(header) if header else None
            if path is None and action in WRITES_BESIDE_BOOK:
                raise Refused(400, T["need_path"].format(action=action))
            key = os.path.normcase(str(path)) if path else str((payload.get("book") or {}).get("name"))
            if key in busy:
                raise Refused(409, T["busy"])
            busy.add(key)
            log.info("%s started for %s", action, key)
            try:
                result = await run_in_threadpool(answer, action, payload, path)
            finally:
                busy.discard(key)
        except Refused as exc:
            log.info("%s refused %s: %s", action, exc.status, exc.message)
            return refused(exc, origin)
        log.info("%s done in %.2fs, %d actions", action, time.perf_counter() - started, len(result["actions"]))
        return JSONResponse(result, headers=cors(origin))

    async def state(request: Request) -> Response:
        if request.method == "OPTIONS":
            return await preflight(request)
        try:
            origin = guard.check(request.headers)
        except Refused as exc:
            return refused(exc)
        return JSONResponse({"xlsheet": __version__, "port": port}, headers=cors(origin))

    async def stop(request: Request) -> Response:
        try:
            guard.check(request.headers)
        except Refused as exc:
            return refused(exc)
        log.info("stop requested")
        asyncio.get_running_loop().call_soon(on_stop)
        return JSONResponse({"stopping": True})

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return refused(Refused(405, T["method"]))

    async def not_found(request: Request, exc: Exception) -> Response:
        return refused(Refused(404, T["action"].format(action=request.url.path, actions="、".join(ACTIONS))))

    return Starlette(routes=[
        Route("/xlwings/{action}", run_action, methods=["POST", "OPTIONS"]),
        Route("/status", state, methods=["GET", "OPTIONS"]),
        Route("/stop", stop, methods=["POST"]),
    ], exception_handlers={404: not_found, 405: not_allowed})


def _request(port: int, method: str, path: str, token: str, timeout: float = 3.0) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, headers={"Authorization": f"Bearer {token}",
                                                  "Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def probe() -> tuple[str, int]:
    """'running' (answers with the token), 'refused' (something else on the port, or a stale
    token) or 'stopped', and the port."""
    found = read_token()
    if found is None:
        return "stopped", load_settings().port
    port, token = found
    try:
        code = _request(port, "GET", "/status", token)
    except OSError:
        return "stopped", port
    return ("running" if code == 200 else "refused"), port


def status() -> dict[str, Any]:
    """`xlsheet serve --status`: one JSON object."""
    state, port = probe()
    return {"running": state == "running", "port": port, "token_file": str(token_file())}


def status_line() -> tuple[str, str]:
    """For doctor: probe()'s state, and a line saying whether the service runs and answers
    with the token."""
    state, port = probe()
    return state, T[f"status_{state}"].format(port=port, token_file=token_file())


def stop(say: Callable[[str], None] = print, wait: float = 10.0) -> int:
    """`xlsheet serve --stop`: ask the user's running service to stop, and wait till it has."""
    found = read_token()
    if found is None or probe()[0] == "stopped":
        say(T["not_running"])
        return 0
    port, token = found
    try:
        code = _request(port, "POST", "/stop", token)
    except OSError as exc:
        say(T["stop_failed"].format(port=port, reason=exc))
        return 2
    if code != 200:
        say(T["stop_failed"].format(port=port, reason=f"HTTP {code}"))
        return 2
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and token_file().exists():
        time.sleep(0.05)
    say(T["stopped"].format(port=port))
    return 0


def serve(port: int | None = None, say: Callable[[str], None] = print) -> int:
    """`xlsheet serve`: run the service in the foreground until stopped (Ctrl+C, --stop)."""
    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import uvicorn

    conf = load_settings()
    state, running = probe()
    if state == "running":
        say(T["already"].format(port=running))
        return 2
    wanted = conf.port if port is None else port
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", wanted))
    except OSError as exc:
        sock.close()
        say(T["port_busy"].format(port=wanted, reason=exc.strerror or exc, settings=settings_file()))
        return 2
    actual = sock.getsockname()[1]
    token = secrets.token_urlsafe(32)
    log = _logger()
    holder: list[Any] = []

    def on_stop() -> None:
        holder[0].should_exit = True

    app = create_app(actual, token, conf, log, on_stop)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off",
                                           server_header=False, timeout_graceful_shutdown=30))
    holder.append(server)
    _write_private(token_file(), json.dumps({"port": actual, "token": token}))
    log.info("started on 127.0.0.1:%d", actual)
    say(T["started"].format(port=actual, token_file=token_file(), log=log_file()))
    try:
        server.run(sockets=[sock])
    finally:
        if read_token() == (actual, token):
            with contextlib.suppress(OSError):
                token_file().unlink()
        log.info("stopped")
    return 0

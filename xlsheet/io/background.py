"""Work done in a second process while this one goes on: the second core of the machine.

The run is pure Python, so threads cannot share its work; a forked child can. It
starts with a copy of everything this process has computed so far (copy-on-write,
nothing is pickled), does one piece of work and sends back its bytes through a
pipe. The work must be deterministic: if the fork or the child fails, the same work
runs here when its result is asked for, and gives the same bytes. Where there is no
fork at all (CAN_FORK false: Windows, macOS), callers take their one-process path.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator

CAN_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")
"""Only on Linux: macOS system libraries are not safe in a child forked without exec."""

_CHUNK = 1 << 20


@contextlib.contextmanager
def background(work: Callable[[], bytes]) -> Iterator[Callable[[], bytes]]:
    """Start `work` in a child process; yield a function that returns its bytes.

    The function waits for the child, once. Leaving the block reaps a child whose
    result was never asked for (after an error, say).
    """
    if not CAN_FORK:
        yield _once(work)
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        yield _once(work)
        return
    if pid == 0:  # the child: do the work, send it, leave without running any cleanup of the parent's
        os.close(read_end)
        code = 1
        with contextlib.suppress(BaseException):
            data = memoryview(work())
            while data:
                data = data[os.write(write_end, data[:_CHUNK]):]
            code = 0
        os._exit(code)
    os.close(write_end)
    child = _Child(pid, read_end, work)
    try:
        yield child.result
    finally:
        child.close()


def _once(work: Callable[[], bytes]) -> Callable[[], bytes]:
    done: list[bytes] = []

    def result() -> bytes:
        if not done:
            done.append(work())
        return done[0]

    return result


class _Child:
    def __init__(self, pid: int, pipe: int, work: Callable[[], bytes]) -> None:
        self.pid, self.pipe, self.work = pid, pipe, work
        self.data: bytes | None = None

    def result(self) -> bytes:
        if self.data is None:
            with os.fdopen(self.pipe, "rb", closefd=False) as stream:
                received = stream.read()
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            # A child that failed sent nothing whole: do the work here instead.
            self.data = received if os.waitstatus_to_exitcode(status) == 0 else self.work()
        return self.data

    def close(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0
        os.close(self.pipe)

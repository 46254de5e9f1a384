"""The worker side of a batch: clean one page, write its outputs atomically.

A worker is a process that receives chunks of `Entry`s over a pipe and answers one
message per page. For each page it writes the body (`OUT/<out>`) and then the page's
record (`OUT/.cleaner/records/..`: the exact line that page contributes to
documents.jsonl or errors.jsonl); each is written to a temporary file and renamed,
and the record comes last, so "record exists" means "page complete". Everything a
worker needs besides the pages arrives once, read-only, in `Setup`.

Guards: the address space is capped (RLIMIT_AS), so a page that needs too much
memory raises MemoryError here (recorded as `memory`; the worker then retires and
the parent starts a fresh one). The per-page time limit is enforced by the parent,
which kills a stuck worker (a regex stuck in C cannot be interrupted from inside).
"""

from __future__ import annotations

import ctypes
import hashlib
import itertools
import json
import os
import resource
import signal
import stat
import sys
import traceback
from dataclasses import dataclass

from cleaner.api import clean, survey
from cleaner.batch.inputs import Entry
from cleaner.config import Config
from cleaner.stats import SiteStats, site_of
from cleaner.types import InputError

STATE_DIR = ".cleaner"


@dataclass(frozen=True)
class Setup:
    """Read-only settings every worker receives once (not per page).

    New shared inputs (e.g. per-site line statistics from a first pass) belong here
    as one more field: the parent builds it before starting workers and every worker
    gets the same object.
    """

    out: str
    kind: str | None
    config: Config
    max_memory: int | None = None  # bytes of address space per worker; None: no cap
    survey: bool = False            # first pass: record line hashes for the statistics, clean nothing
    stats: SiteStats | None = None  # second pass: what the first pass (or --stats DIR) learned

    @property
    def state(self) -> str:
        return os.path.join(self.out, STATE_DIR)


def record_path(state: str, rel: str, kind: str = "records") -> str:
    """Where page `rel`'s record lives: two-level fan-out so no folder gets huge.

    `kind` "records" holds the final records, "survey" the first pass's hashes.
    """
    h = hashlib.sha256(os.fsencode(rel)).hexdigest()
    return os.path.join(state, kind, h[:2], h[2:] + ".json")


def survey_page(setup: Setup, entry: Entry) -> tuple[bool, bool]:
    """First pass: write the page's site and line/passage hashes. A page that cannot be
    read or cleaned gets an empty survey; the second pass records why."""
    lines: set[int] = set()
    passages: set[int] = set()
    retire = False
    try:
        data = _read(setup, entry)
        if data.strip():
            lines, passages = survey(data, kind=setup.kind, config=setup.config)
    except MemoryError:
        retire = True
    except Exception:  # noqa: BLE001 - the second pass meets the same page and records the failure
        pass
    record = {"id": entry.rel, "site": site_of(None, entry.rel),
              "lines": [f"{h:016x}" for h in sorted(lines)], "passages": [f"{h:016x}" for h in sorted(passages)]}
    write_atomic(setup.state, record_path(setup.state, entry.rel, "survey"), dumps(record))
    return True, retire


def dumps(obj: dict) -> bytes:
    """One JSON line. Lone surrogates (undecodable file names) become JSON escapes, so the line is valid UTF-8."""
    return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


_tmp_counter = itertools.count()


def write_atomic(state: str, path: str, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in OUT/.cleaner/tmp and a rename."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = os.path.join(state, "tmp", f"{os.getpid()}-{next(_tmp_counter)}")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def write_error(setup: Setup, entry: Entry, reason: str, detail: str) -> None:
    """Record a page as failed; a body left by an earlier run or an interrupted attempt is removed."""
    if entry.out:
        try:
            os.unlink(os.path.join(setup.out, entry.out))
        except FileNotFoundError:
            pass
    write_atomic(setup.state, record_path(setup.state, entry.rel),
                 dumps({"id": entry.rel, "reason": reason, "detail": detail}))


def _read(setup: Setup, entry: Entry) -> bytes:
    st = os.stat(entry.path)  # follows file links; a loop or a dangling link raises OSError
    if not stat.S_ISREG(st.st_mode):
        raise InputError("unreadable", "not a regular file (FIFO, socket or device); not opened")
    if st.st_size > setup.config.max_input_bytes:  # refused before reading a byte of it
        raise InputError("too_large", f"{st.st_size} bytes > limit {setup.config.max_input_bytes}")
    with open(entry.path, "rb") as f:
        return f.read(setup.config.max_input_bytes + 1)


def clean_page(setup: Setup, entry: Entry) -> tuple[bool, bool]:
    """Clean one page and write its outputs. Returns (ok, retire): never raises for a bad page.

    `retire` asks the parent for a fresh worker (after a MemoryError the heap may be in a poor state).
    """
    try:
        data = _read(setup, entry)
        if not data.strip():
            raise InputError("empty", "file is empty or white space only")
        result = clean(data, kind=setup.kind, config=setup.config, stats=setup.stats, site=site_of(None, entry.rel))
        record = dumps({"id": entry.rel, **result.to_dict()})
        body = (result.text + "\n" if result.text else "").encode("utf-8", "backslashreplace")
        del result, data
    except InputError as exc:
        write_error(setup, entry, exc.reason, exc.detail)
        return False, False
    except MemoryError:
        write_error(setup, entry, "memory", f"needed more than the memory limit ({_limit_mb(setup)} MB per worker)")
        return False, True
    except RecursionError:
        write_error(setup, entry, "internal_error", "RecursionError: page nested too deeply")
        return False, False
    except OSError as exc:
        write_error(setup, entry, "unreadable", str(exc))
        return False, False
    except Exception as exc:  # noqa: BLE001 - recorded with its type and message, batch goes on
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        write_error(setup, entry, "internal_error", detail)
        return False, False
    write_atomic(setup.state, os.path.join(setup.out, entry.out), body)
    write_atomic(setup.state, record_path(setup.state, entry.rel), record)
    return True, False


def _limit_mb(setup: Setup) -> str:
    return str(setup.max_memory // 2**20) if setup.max_memory else "?"


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this worker when the parent dies (even by SIGKILL), so no orphan keeps writing."""
    if os.getppid() != parent:
        os._exit(1)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # died before the request took effect
            os._exit(1)


def worker_main(conn, setup: Setup, parent: int) -> None:
    """Process entry point: clean chunks until the pipe closes; one (rel, ok, retire) message per page."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent(parent)
    if setup.max_memory:
        resource.setrlimit(resource.RLIMIT_AS, (setup.max_memory, setup.max_memory))
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for rel, path, out in chunk:
            entry = Entry(rel, path, out)
            ok, retire = (survey_page if setup.survey else clean_page)(setup, entry)
            conn.send((entry.rel, ok, retire))
            if retire:
                conn.close()
                os._exit(0)

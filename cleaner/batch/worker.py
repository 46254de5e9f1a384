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

from cleaner.api import clean, clean_prepared, survey_prepared
from cleaner.batch.inputs import Entry
from cleaner.batch.sources import page_site
from cleaner.config import Config
from cleaner.stats import SiteStats
from cleaner.types import InputError, Metadata

STATE_DIR = ".cleaner"
EXTRACTED = "extracted"  # journal folder of the first pass's HTML extractions


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
    # The first pass keeps HTML pages' extraction in the journal for the second (local
    # runs: the journal is on this machine; a Ray worker node has none of its own).
    reuse_extraction: bool = False

    @property
    def state(self) -> str:
        return os.path.join(self.out, STATE_DIR)


def record_path(state: str, rel: str, kind: str = "records") -> str:
    """Where page `rel`'s record lives: two-level fan-out so no folder gets huge.

    `kind` "records" holds the final records, "survey" the first pass's hashes,
    EXTRACTED its HTML extractions.
    """
    h = hashlib.sha256(os.fsencode(rel)).hexdigest()
    return os.path.join(state, kind, h[:2], h[2:] + ".json")


def survey_entry(setup: Setup, entry: Entry) -> tuple[str, set[int], set[int], bool, dict | None]:
    """First pass, in memory: (site, line hashes, passage hashes, retire, prepared). A page
    that cannot be read or cleaned gets empty sets; the second pass records why. Shared
    with the Ray engine. `prepared` (with `setup.reuse_extraction` only) is an HTML page's
    extracted text and metadata, None for text pages (decoding them again costs next to
    nothing)."""
    lines: set[int] = set()
    passages: set[int] = set()
    retire, prepared = False, None
    try:
        data = _read(setup, entry)
        if data.strip():
            lines, passages, source, meta = survey_prepared(data, url=entry.url, kind=_kind(setup, entry),
                                                            config=setup.config)
            if setup.reuse_extraction and meta.kind == "html" and _round_trips(source):
                prepared = {"source": source, "metadata": meta.to_dict()}
    except MemoryError:
        retire = True
    except Exception:  # noqa: BLE001 - the second pass meets the same page and records the failure
        pass
    return page_site(entry), lines, passages, retire, prepared


def _round_trips(text: str) -> bool:
    """True when `text` survives the journal's UTF-8 JSON unchanged (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def survey_page(setup: Setup, entry: Entry) -> tuple[bool, bool]:
    """First pass: write the page's site and line/passage hashes (a journal record), and
    before it, for an HTML page, what extraction gave (OUT/.cleaner/extracted), so the
    second pass does not extract again. The extraction is a saving, not a record: when
    it cannot be written (memory, disk) the second pass extracts again."""
    site, lines, passages, retire, prepared = survey_entry(setup, entry)
    if prepared:
        try:
            write_atomic(setup.state, record_path(setup.state, entry.rel, EXTRACTED), dumps(prepared))
        except (MemoryError, OSError):
            pass
        del prepared
    record = {"id": entry.rel, "site": site,
              "lines": [f"{h:016x}" for h in sorted(lines)], "passages": [f"{h:016x}" for h in sorted(passages)]}
    write_atomic(setup.state, record_path(setup.state, entry.rel, "survey"), dumps(record))
    return True, retire


def _prepared(setup: Setup, entry: Entry) -> tuple[str, Metadata] | None:
    """The first pass's extraction of this page, when this run's journal has it."""
    if not setup.reuse_extraction or setup.survey:
        return None
    try:
        with open(record_path(setup.state, entry.rel, EXTRACTED), "rb") as f:
            prepared = json.loads(f.read())
        return prepared["source"], Metadata.from_dict(prepared["metadata"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


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
    write_atomic(setup.state, record_path(setup.state, entry.rel), error_line(entry, reason, detail))


def _kind(setup: Setup, entry: Entry) -> str | None:
    """--kind when given, else what the record says (JSONL `html`/`text`), else sniffed."""
    return setup.kind or entry.kind


def _read(setup: Setup, entry: Entry) -> str | bytes:
    if entry.data is not None:  # a JSONL or WARC record: the content came with the entry
        size = len(entry.data) if isinstance(entry.data, bytes) else len(entry.data.encode("utf-8", "surrogatepass"))
        if size > setup.config.max_input_bytes:
            raise InputError("too_large", f"{size} bytes or more > limit {setup.config.max_input_bytes}")
        return entry.data
    st = os.stat(entry.path)  # follows file links; a loop or a dangling link raises OSError
    if not stat.S_ISREG(st.st_mode):
        raise InputError("unreadable", "not a regular file (FIFO, socket or device); not opened")
    if st.st_size > setup.config.max_input_bytes:  # refused before reading a byte of it
        raise InputError("too_large", f"{st.st_size} bytes > limit {setup.config.max_input_bytes}")
    with open(entry.path, "rb") as f:
        return f.read(setup.config.max_input_bytes + 1)


def error_line(entry: Entry, reason: str, detail: str) -> bytes:
    """The line a failed page adds to errors.jsonl."""
    return dumps({"id": entry.rel, "reason": reason, "detail": detail})


def clean_entry(setup: Setup, entry: Entry) -> tuple[bytes, bytes | None, bool]:
    """Clean one page in memory: (record line, body or None when it failed, retire). Never raises for a bad page.

    The record line is the exact line the page adds to documents.jsonl (body given) or
    errors.jsonl (body None). Shared by the local workers and the Ray engine, so both
    write the same bytes. `retire` asks for a fresh worker (after a MemoryError the
    heap may be in a poor state).
    """
    try:
        data = _read(setup, entry)
        if not data.strip():
            raise InputError("empty", "file is empty or white space only")
        prepared = _prepared(setup, entry)
        if prepared:
            result = clean_prepared(*prepared, config=setup.config, stats=setup.stats, site=page_site(entry))
        else:
            result = clean(data, url=entry.url, kind=_kind(setup, entry), config=setup.config, stats=setup.stats,
                           site=page_site(entry))
        record = dumps({"id": entry.rel, **result.to_dict()})
        body = (result.text + "\n" if result.text else "").encode("utf-8", "backslashreplace")
        del result, data
        return record, body, False
    except InputError as exc:
        return error_line(entry, exc.reason, exc.detail), None, False
    except MemoryError:
        return error_line(entry, "memory", f"needed more than the memory limit ({_limit_mb(setup)} MB per worker)"), \
            None, True
    except RecursionError:
        return error_line(entry, "internal_error", "RecursionError: page nested too deeply"), None, False
    except OSError as exc:
        return error_line(entry, "unreadable", str(exc)), None, False
    except Exception as exc:  # noqa: BLE001 - recorded with its type and message, batch goes on
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return error_line(entry, "internal_error", detail), None, False


def clean_page(setup: Setup, entry: Entry) -> tuple[bool, bool]:
    """Clean one page and write its outputs (body, then record). Returns (ok, retire): never raises for a bad page."""
    record, body, retire = clean_entry(setup, entry)
    if body is None:
        if entry.out:  # a body left by an earlier run or an interrupted attempt goes
            try:
                os.unlink(os.path.join(setup.out, entry.out))
            except FileNotFoundError:
                pass
        write_atomic(setup.state, record_path(setup.state, entry.rel), record)
        return False, retire
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
        for rel, path, out, data, url, kind in chunk:
            entry = Entry(rel, path, out, data=data, url=url, kind=kind)
            ok, retire = (survey_page if setup.survey else clean_page)(setup, entry)
            conn.send((entry.rel, ok, retire))
            if retire:
                conn.close()
                os._exit(0)

"""Which files a batch reads, and where each one's output goes.

`walk_inputs` streams the input tree in sorted order of relative POSIX path without
ever listing the whole tree: a depth-first walk that sorts one directory at a time
(a directory name sorts as `name/`, which makes the per-directory order the global
string order). Memory is bounded by the largest single directory, not by the number
of pages.

Output names are decided per directory, from that directory's entries alone, so
they are the same on every run over the same tree: `b.html` -> `b.txt`; two files
that would share a name keep their extension (`b.html.txt`); anything still taken,
reserved or too long for the file system gets a name with a short hash of the input
name. Names come from directory listings, so they never hold `/`, `..` or `.`;
output paths cannot leave OUT.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

# Names the batch writes at the top of OUT; an input folder or file may not take them.
RESERVED_TOP = frozenset({"documents.jsonl", "errors.jsonl", "summary.json", "report.html", "report"})
# Longest file name (bytes) most file systems accept (NAME_MAX), with room for ".txt".
NAME_MAX = 255


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of the walk: a page to clean, or an input problem to record.

    `rel` is the id (POSIX path relative to IN; for a JSONL or WARC input, the
    record's id); `out` the output path relative to OUT (pages only); `reason`/`detail`
    are set for problems found while walking (unreadable folder, symlink loop, bad
    record). A page read from a JSONL or WARC file carries its content in `data`
    (`path` is then the file it came from), its `url` when known, and its `kind` when
    the record says it ("html" or "text").
    """

    rel: str
    path: str
    out: str = ""
    reason: str = ""
    detail: str = ""
    data: str | bytes | None = None
    url: str | None = None
    kind: str | None = None


def _fslen(name: str) -> int:
    return len(os.fsencode(name))


def _hashed(name: str, suffix: str, key: str | None = None) -> str:
    """`name` (shortened to fit) + "~" + a short hash of `key` (default: `name`) + `suffix`."""
    digest = hashlib.sha1(os.fsencode(name if key is None else key)).hexdigest()[:10]
    head = name
    while _fslen(head) > NAME_MAX - len(suffix) - 12:  # listed names are <= 255 bytes: a few steps
        head = head[:-1]
    return f"{head}~{digest}{suffix}"


def name_outputs(files: list[str], dirs: list[str], *, top: bool = False) -> tuple[dict[str, str], dict[str, str]]:
    """Output names for one directory's files and sub-folders: ({file: out_name}, {dir: out_name}).

    Deterministic for a given listing; no two entries share an output name.
    """
    taken: set[str] = set(RESERVED_TOP) if top else set()
    dir_out: dict[str, str] = {}
    for d in sorted(dirs):
        name = d if d not in taken and _fslen(d) <= NAME_MAX else _hashed(d, "")
        taken.add(name)
        dir_out[d] = name

    def base(name: str) -> str:
        p = PurePosixPath(name)
        return name[: -len(p.suffix)] if p.suffix else name

    counts: dict[str, int] = {}
    for f in files:
        counts[base(f)] = counts.get(base(f), 0) + 1
    file_out: dict[str, str] = {}
    for f in sorted(files):
        name = (base(f) if counts[base(f)] == 1 else f) + ".txt"
        if name in taken or _fslen(name) > NAME_MAX:
            name = _hashed(f, ".txt")
        taken.add(name)
        file_out[f] = name
    return file_out, dir_out


# Characters a record id keeps in its output file name: letters (any script), digits, "_", "-", ".".
# "~" is not among them, so an id kept as it is never looks like a hashed name.
_UNSAFE = re.compile(r"[^\w.\-]")


def record_out_name(page_id: str) -> str:
    """Output file name (at the top of OUT) for a page read from a JSONL or WARC record.

    An id made of safe characters keeps its spelling (`doc-1` -> `doc-1.txt`); any other
    (slashes, colons, a leading dot, too long) is sanitised and gets a short hash of the
    full id, so distinct ids never share a name and no name leaves OUT.

    >>> record_out_name("doc-1"), record_out_name("新闻_01")
    ('doc-1.txt', '新闻_01.txt')
    >>> record_out_name("https://a.cn/x?id=1")
    'https___a.cn_x_id_1~342732d918.txt'
    >>> record_out_name("../etc/passwd")
    '_._etc_passwd~e96c47eabf.txt'
    """
    name = _UNSAFE.sub("_", page_id)
    if name == page_id and name and not name.startswith(".") and _fslen(name) <= NAME_MAX - 4:
        return name + ".txt"
    if name.startswith("."):
        name = "_" + name[1:]
    return _hashed(name or "_", ".txt", key=page_id)


def walk_inputs(root: str | os.PathLike, include: str | None = None, *,
                avoid: str | os.PathLike | None = None) -> Iterator[Entry]:
    """Stream the pages under `root` (names matching `include`, a glob) in sorted order of `rel`.

    Hidden files and folders are skipped. Symlinks are followed, but a folder that is
    already on the current path (a loop) is yielded as a `symlink_loop` problem instead,
    a folder that cannot be listed as `unreadable`, and the folder `avoid` (OUT, when a
    link leads into it) as `output_folder`. Files that are not regular
    (FIFOs, sockets, devices, broken links) are yielded as pages: the worker records
    them as unreadable without opening them, so nothing blocks.
    """
    root = os.fspath(root)
    st = os.stat(root)
    avoid_id = None
    if avoid is not None and os.path.isdir(avoid):
        a = os.stat(avoid)
        avoid_id = (a.st_dev, a.st_ino)
    yield from _walk(root, "", "", {(st.st_dev, st.st_ino)}, include, avoid_id, top=True)


def _walk(path: str, rel: str, out: str, ancestors: set, include: str | None, avoid: tuple | None,
          *, top: bool) -> Iterator[Entry]:
    files, dirs = [], []
    try:
        with os.scandir(path) as it:  # the file type comes with the listing: no stat per file
            for e in it:
                if e.name.startswith("."):
                    continue
                try:
                    is_dir = e.is_dir()  # follows links
                except OSError:
                    is_dir = False  # broken link, loop of file links, vanished: the worker reports it
                if is_dir:
                    dirs.append(e.name)
                elif not include or fnmatch.fnmatch(e.name, include):
                    files.append(e.name)
    except OSError as exc:
        yield Entry(rel or ".", path, reason="unreadable", detail=f"cannot list folder: {exc.strerror or exc}")
        return
    file_out, dir_out = name_outputs(files, dirs, top=top)
    # A folder sorts as "name/", which makes this order the order of the full paths.
    order = sorted([(f, False) for f in files] + [(d + "/", True) for d in dirs])
    del files
    for key, is_dir in order:
        name = key[:-1] if is_dir else key
        child, child_rel = os.path.join(path, name), f"{rel}/{name}" if rel else name
        if not is_dir:
            yield Entry(child_rel, child, out=f"{out}/{file_out[name]}" if out else file_out[name])
            continue
        try:
            st = os.stat(child)
        except OSError as exc:
            yield Entry(child_rel, child, reason="unreadable", detail=str(exc.strerror or exc))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in ancestors:
            yield Entry(child_rel, child, reason="symlink_loop",
                        detail=f"links back to {os.path.realpath(child)}, an enclosing folder; not followed")
            continue
        if ident == avoid:
            yield Entry(child_rel, child, reason="output_folder", detail="leads into OUT; not read")
            continue
        child_out = f"{out}/{dir_out[name]}" if out else dir_out[name]
        yield from _walk(child, child_rel, child_out, ancestors | {ident}, include, avoid, top=False)


def list_inputs(root: str | os.PathLike, include: str | None = None) -> list[str]:
    """Relative POSIX paths of the pages under root, sorted (a convenience over `walk_inputs`)."""
    return [e.rel for e in walk_inputs(root, include) if not e.reason]

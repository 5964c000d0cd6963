"""Files that appear whole or not at all: write to a temp file beside the target, fsync, rename.

``write_atomic`` (kg.export.turtle) does this for bytes already in memory; ``AtomicFile`` does it
for text written piece by piece, so a corpus can be streamed to disk and still replace the
previous output only when the run has finished. Until ``commit()`` the target is untouched; a
run that fails midway removes its temp files (``discard()``).

A run killed outright (SIGKILL, power cut) cannot clean up: it leaves hidden temp files named
``.graph.ttl.<pid>.<host>.<random>.tmp``, which nothing reads. The next ``AtomicFile`` in that
folder removes those whose process is gone (same host, pid no longer running; POSIX only), so
they do not pile up; a temp file of a run still going is never touched.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with AtomicFile(folder / "a.txt") as f:
...     f.write("one ")
...     f.write("two")
>>> (folder / "a.txt").read_text()
'one two'
"""
from __future__ import annotations

import os
import re
import socket
import tempfile
from pathlib import Path

__all__ = ["AtomicFile", "remove_stale_temp_files"]

_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:63] or "host"
# .<target>.<pid>.<host>.<mkstemp's 8 random characters>.tmp
_TEMP = re.compile(r"\..+\.(?P<pid>[0-9]+)\.(?P<host>[A-Za-z0-9-]+)\.[A-Za-z0-9_]{8}\.tmp")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:                # PermissionError: someone else's process, still running
        return True
    return True


def remove_stale_temp_files(folder: str | os.PathLike) -> list[Path]:
    """Remove the temp files that killed runs left in ``folder``; return what was removed.

    Only files named as ``AtomicFile`` names them, made on this host by a process that is no
    longer running, are removed. Does nothing where a pid cannot be checked safely (Windows).
    """
    if os.name != "posix":
        return []
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = _TEMP.fullmatch(entry.name)
        if not m or m["host"] != _HOST or int(m["pid"]) == os.getpid() or _running(int(m["pid"])):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


class AtomicFile:
    """A text file written through a temp file in the target's folder, renamed on ``commit()``.

    As a context manager it commits when the block ends normally and discards on an error.
    """

    def __init__(self, path: str | os.PathLike, *, mode: int = 0o644):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temp_files(self.path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.{os.getpid()}.{_HOST}.", suffix=".tmp",
                                   dir=self.path.parent)
        self.tmp = Path(tmp)
        self.mode = mode
        self._file = os.fdopen(fd, "wb")

    def write(self, text: str) -> None:
        if text:
            self._file.write(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self._file.write(data)

    def flush(self) -> Path:
        """Push what is written so far to the temp file and return its path, to read it back
        before ``commit()`` (or instead of it)."""
        self._file.flush()
        return self.tmp

    def commit(self) -> Path:
        """Flush, fsync and rename over the target; return the target's path."""
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise
        _fsync_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        """Close and remove the temp file; the target keeps its previous content."""
        if not self._file.closed:
            self._file.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

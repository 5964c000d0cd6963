"""Files that appear whole or not at all: write to a temp file beside the target, fsync, rename.

``write_atomic`` (kg.export.turtle) does this for bytes already in memory; ``AtomicFile`` does it
for text written piece by piece, so a corpus can be streamed to disk and still replace the
previous output only when the run has finished. Until ``commit()`` the target is untouched; a
run that dies midway leaves at most a ``.graph.ttl.*.tmp`` file, which ``discard()`` removes.

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
import tempfile
from pathlib import Path

__all__ = ["AtomicFile"]


class AtomicFile:
    """A text file written through a temp file in the target's folder, renamed on ``commit()``.

    As a context manager it commits when the block ends normally and discards on an error.
    """

    def __init__(self, path: str | os.PathLike, *, mode: int = 0o644):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.tmp = Path(tmp)
        self.mode = mode
        self._file = os.fdopen(fd, "wb")

    def write(self, text: str) -> None:
        if text:
            self._file.write(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self._file.write(data)

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

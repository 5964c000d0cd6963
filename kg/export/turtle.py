"""Turtle (and other rdflib text formats): a pure ``turtle_text`` and an atomic ``write_turtle``."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, fsync and rename: all or nothing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def turtle_text(graph: Graph) -> str:
    """The graph as Turtle with the project's prefixes (rdflib sorts subjects: stable output)."""
    return graph.serialize(format="turtle")


def write_turtle(graph: Graph, path: str | Path) -> Path:
    return write_atomic(path, turtle_text(graph).encode("utf-8"))

"""Turtle: a pure ``turtle_text`` and an atomic ``write_turtle``; ``write_atomic`` for any bytes."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export.atomic import AtomicFile
from kg.export.ntriples import escape_controls


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, fsync and rename: all or nothing."""
    out = AtomicFile(path)
    try:
        out.write_bytes(data)
        return out.commit()
    except BaseException:
        out.discard()
        raise


def turtle_text(graph: Graph) -> str:
    """The graph as Turtle with the project's prefixes (rdflib sorts subjects: stable output)."""
    return escape_controls(graph.serialize(format="turtle"))


def write_turtle(graph: Graph, path: str | Path) -> Path:
    return write_atomic(path, turtle_text(graph).encode("utf-8"))

"""N-Triples: one triple per line, sorted, so the same graph always gives the same bytes.

    <https://w3id.org/zhkg/id/article/a1> <https://schema.org/headline> "星海科技…"@zh .

Lines concatenate: a corpus is written as each article's sorted lines in input order
(``ntriples_text`` of each article graph), which is valid N-Triples; a triple shared by two
articles (a role node) then appears twice, which parsers merge.

Control characters inside literals are written as ``\\uXXXX`` escapes (``escape_controls``), as
canonical N-Triples does, and so are U+0085, U+2028 and U+2029, which line-splitting tools take
for line ends: every line of the file is one triple, whatever the article held.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from rdflib import Graph

__all__ = ["escape_controls", "ntriples_lines", "ntriples_text", "write_ntriples"]

# Raw in rdflib's output, legal there but fragile: C0 controls (rdflib escapes only \n, \r,
# \t, \b, \f in some versions), DEL, and the characters str.splitlines() breaks lines at.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85,
                                        0x2028, 0x2029]}


def escape_controls(text: str) -> str:
    r"""``text`` (N-Triples, Turtle or TriG) with control characters as ``\uXXXX`` escapes.

    Such characters only occur inside string literals, where the escape means the same.

    >>> escape_controls('<urn:a> <urn:p> "a\x00b\u2028" .')
    '<urn:a> <urn:p> "a\\u0000b\\u2028" .'
    """
    if not _CONTROLS.search(text):
        return text
    return text.translate(_ESCAPES)


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph's N-Triples lines (without line ends), sorted and distinct."""
    text = escape_controls(graph.serialize(format="nt"))
    return sorted({line for line in text.split("\n") if line.strip()})


def ntriples_text(graph: Graph) -> str:
    """The graph as sorted N-Triples ('' for an empty graph).

    >>> from rdflib import Graph, URIRef, Literal
    >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("量子", lang="zh")))
    >>> ntriples_text(g)
    '<urn:a> <urn:p> "量子"@zh .\\n'
    """
    return "".join(line + "\n" for line in ntriples_lines(graph))


def write_ntriples(graph: Graph, path: str | os.PathLike) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(ntriples_text(graph))
    return Path(path)

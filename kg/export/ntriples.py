"""N-Triples: one triple per line, sorted, so the same graph always gives the same bytes.

    <https://w3id.org/zhkg/id/article/a1> <https://schema.org/headline> "星海科技…"@zh .

Lines concatenate: a corpus is written as each article's sorted lines in input order
(``ntriples_text`` of each article graph), which is valid N-Triples; a triple shared by two
articles (a role node) then appears twice, which parsers merge.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

__all__ = ["ntriples_lines", "ntriples_text", "write_ntriples"]


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph's N-Triples lines (without line ends), sorted and distinct."""
    text = graph.serialize(format="nt")
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

"""N-Quads: N-Triples with a fourth term, the article's named graph (``trig.graph_iri``).

    <https://w3id.org/zhkg/id/article/a1> <https://schema.org/headline> "…"@zh <https://w3id.org/zhkg/id/article/a1/graph> .

Each article's lines are sorted; articles follow in input order, so a corpus streams.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from kg.export.ntriples import ntriples_lines
from kg.export.trig import graph_iri

__all__ = ["nquads_chunk", "nquads_text", "write_nquads"]


def nquads_chunk(graph: Graph, article_id: str) -> str:
    """One article's lines, each in the graph ``graph_iri(article_id)``.

    >>> from rdflib import Graph, URIRef
    >>> g = Graph(); _ = g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
    >>> nquads_chunk(g, "a1")
    '<urn:a> <urn:p> <urn:b> <https://w3id.org/zhkg/id/article/a1/graph> .\\n'
    """
    name = f" <{graph_iri(article_id)}> .\n"
    out = []
    for line in ntriples_lines(graph):
        if not line.endswith(" ."):
            raise ValueError(f"unexpected N-Triples line: {line!r}")
        out.append(line[:-2] + name)
    return "".join(out)


def nquads_text(articles: Iterable[tuple[str, Graph]]) -> str:
    """N-Quads of ``(article_id, graph)`` pairs."""
    return "".join(nquads_chunk(g, article_id) for article_id, g in articles)


def write_nquads(articles: Iterable[tuple[str, Graph]], path: str | os.PathLike) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        for article_id, g in articles:
            f.write(nquads_chunk(g, article_id))
    return Path(path)

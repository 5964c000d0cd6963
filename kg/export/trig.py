"""Turtle and TriG, one article at a time: chunks that concatenate into a valid document.

A whole corpus is never serialized at once. The document opens with the project's prefix block
(``prefix_block``), then each article's Turtle without its ``@prefix`` lines (``turtle_chunk``),
so a corpus of any size is written in one pass with flat memory and re-parses as one graph::

    @prefix kg: <https://w3id.org/zhkg/ontology#> .
    ...
    <https://w3id.org/zhkg/id/article/a1/person/…> a foaf:Person ; ...

TriG puts each article in its own named graph, ``<kgid:article/ID/graph>`` (``graph_iri``)::

    <https://w3id.org/zhkg/id/article/a1/graph> {
    <https://w3id.org/zhkg/id/article/a1> a schema:NewsArticle ; ...
    }

A chunk keeps any ``@prefix`` line that the block does not have (a graph with other bindings)
and restores the block's binding after itself, so chunks never change how later ones read.
Turtle serialization in rdflib is sorted, so the same article always gives the same chunk.
Control characters in literals are written as ``\\uXXXX`` escapes (``kg.export.ntriples.escape_controls``).
Shared nodes (role IRIs are the same across articles) may appear in several chunks; parsing
merges them.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef

from kg.export.ntriples import escape_controls
from kg.graph import PREFIXES, article_iri

__all__ = ["graph_iri", "prefix_block", "turtle_chunk", "trig_chunk", "trig_text", "write_trig"]

GRAPH_SUFFIX = "/graph"


def graph_iri(article_id: str) -> URIRef:
    """The IRI of an article's named graph: its article IRI plus ``/graph``.

    >>> graph_iri("d01")
    rdflib.term.URIRef('https://w3id.org/zhkg/id/article/d01/graph')
    """
    return URIRef(str(article_iri(article_id)) + GRAPH_SUFFIX)


def _prefix_line(prefix: str, namespace: str) -> str:
    return f"@prefix {prefix}: <{namespace}> ."


_BLOCK = {prefix: _prefix_line(prefix, str(ns)) for prefix, ns in sorted(PREFIXES.items())}


def prefix_block() -> str:
    """The ``@prefix`` lines that open a streamed Turtle or TriG document, and a blank line."""
    return "\n".join(_BLOCK.values()) + "\n\n"


def _split(graph: Graph) -> tuple[list[str], list[str], str]:
    """rdflib's Turtle of ``graph`` as (extra prefix lines, lines restoring the block, body)."""
    text = escape_controls(graph.serialize(format="turtle"))
    lines = text.split("\n")
    n = 0
    while n < len(lines) and (lines[n].startswith("@prefix ") or not lines[n].strip()):
        n += 1
    extra, restore = [], []
    for line in lines[:n]:
        if not line.startswith("@prefix ") or line in _BLOCK.values():
            continue
        extra.append(line)
        prefix = line[len("@prefix "):].split(":", 1)[0]
        if prefix in _BLOCK:
            restore.append(_BLOCK[prefix])
    return extra, restore, "\n".join(lines[n:]).strip("\n")


def _chunk(graph: Graph, opening: str = "", closing: str = "") -> str:
    """An article's statements between its own prefix lines and the ones that restore the block's."""
    extra, restore, body = _split(graph)
    if not body:
        return ""
    head = "\n".join(extra) + "\n" if extra else ""
    tail = "\n".join(restore) + "\n" if restore else ""
    return f"{head}{opening}{body}\n{closing}{tail}\n"


def turtle_chunk(graph: Graph) -> str:
    """One article's Turtle, to follow ``prefix_block()`` and other chunks ('' for no triples)."""
    return _chunk(graph)


def trig_chunk(graph: Graph, article_id: str) -> str:
    """One article's named graph block ``<…/graph> { … }`` ('' for no triples)."""
    return _chunk(graph, f"<{graph_iri(article_id)}> {{\n", "}\n")


def trig_text(articles: Iterable[tuple[str, Graph]]) -> str:
    """TriG of ``(article_id, graph)`` pairs, each article its own named graph.

    >>> from kg.graph import new_graph
    >>> from rdflib import Literal, RDFS
    >>> g = new_graph(); _ = g.add((article_iri("a"), RDFS.label, Literal("x")))
    >>> print(trig_text([("a", g)]).split("\\n\\n", 1)[1], end="")
    <https://w3id.org/zhkg/id/article/a/graph> {
    <https://w3id.org/zhkg/id/article/a> rdfs:label "x" .
    }
    <BLANKLINE>
    """
    return prefix_block() + "".join(trig_chunk(g, article_id) for article_id, g in articles)


def write_trig(articles: Iterable[tuple[str, Graph]], path: str | os.PathLike) -> Path:
    """Write ``trig_text(articles)`` to ``path`` atomically (streamed, flat memory)."""
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(prefix_block())
        for article_id, g in articles:
            f.write(trig_chunk(g, article_id))
    return Path(path)

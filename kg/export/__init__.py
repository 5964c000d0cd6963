"""Exporters: one module per format, each a pure ``*_text`` function and a ``write_*`` shell.

``EXPORTERS`` is the format table, by name and alias (like rdflib's plugin table)::

    name                        file            how a corpus is written
    ttl, turtle                 graph.ttl       streamed: prefix block, then each article's Turtle
    nt, ntriples, n-triples     graph.nt        streamed: each article's sorted lines
    trig                        graph.trig      streamed: prefix block, one named graph per article
    nq, nquads, n-quads         graph.nq        streamed: lines with the article's graph IRI
    jsonld, json-ld             graph.jsonld    whole graph, compacted with ontology/context.jsonld
    graphml                     graph.graphml   whole graph, through networkx
    gexf                        graph.gexf      whole graph, through networkx
    html                        graph.html      whole graph, the interactive page

A streamed format has ``header`` and ``chunk``: the document is ``header()`` followed by
``chunk(graph, article_id)`` of each article in input order, so a corpus is written with flat
memory and the chunks can be made in worker processes. ``text(graph)`` writes one whole graph
(Turtle and N-Triples have both; TriG and N-Quads need articles: ``trig_text``, ``nquads_text``).
The named graph of an article (TriG, N-Quads) is ``kg.export.trig.graph_iri(id)``:
``https://w3id.org/zhkg/id/article/ID/graph``.

>>> get_exporter("turtle").extension
'ttl'
>>> get_exporter("tll")
Traceback (most recent call last):
...
kg.errors.UnknownNameError: Unknown output format 'tll'. Available: gexf, graphml, html, json-ld, jsonld, n-quads, n-triples, nq, nquads, nt, ntriples, trig, ttl, turtle.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph

from kg.errors import UnknownNameError, unknown_name
from kg.export.html import html_text, write_html
from kg.export.jsonld import jsonld_text, write_jsonld
from kg.export.networkx import gexf_text, graphml_text, to_networkx, write_gexf, write_graphml
from kg.export.nquads import nquads_chunk, nquads_text, write_nquads
from kg.export.ntriples import ntriples_text, write_ntriples
from kg.export.trig import graph_iri, prefix_block, trig_chunk, trig_text, turtle_chunk, write_trig
from kg.export.turtle import turtle_text, write_turtle

__all__ = ["Exporter", "EXPORTERS", "get_exporter", "resolve_formats",
           "html_text", "write_html", "turtle_text", "write_turtle", "ntriples_text",
           "write_ntriples", "trig_text", "write_trig", "nquads_text", "write_nquads",
           "jsonld_text", "write_jsonld", "graphml_text", "write_graphml", "gexf_text",
           "write_gexf", "to_networkx", "graph_iri"]


def _no_header() -> str:
    return ""


@dataclass(frozen=True)
class Exporter:
    """One output format: its name, file extension, and how to make its text."""

    name: str
    extension: str
    description: str
    text: Callable[[Graph], str] | None = None               # whole graph → document
    chunk: Callable[[Graph, str], str] | None = None         # one article → its piece
    header: Callable[[], str] = _no_header

    @property
    def streamed(self) -> bool:
        return self.chunk is not None

    def filename(self) -> str:
        return f"graph.{self.extension}"


_TURTLE = Exporter("ttl", "ttl", "Turtle", text=turtle_text, chunk=lambda g, _id: turtle_chunk(g),
                   header=prefix_block)
_NT = Exporter("nt", "nt", "N-Triples", text=ntriples_text, chunk=lambda g, _id: ntriples_text(g),
               header=_no_header)
_TRIG = Exporter("trig", "trig", "TriG, one named graph per article", chunk=trig_chunk,
                 header=prefix_block)
_NQ = Exporter("nq", "nq", "N-Quads, one named graph per article", chunk=nquads_chunk,
               header=_no_header)
_JSONLD = Exporter("jsonld", "jsonld", "JSON-LD with ontology/context.jsonld", text=jsonld_text)
_GRAPHML = Exporter("graphml", "graphml", "GraphML (networkx)", text=graphml_text)
_GEXF = Exporter("gexf", "gexf", "GEXF (networkx)", text=gexf_text)
_HTML = Exporter("html", "html", "interactive HTML page", text=html_text)

EXPORTERS: dict[str, Exporter] = {
    "ttl": _TURTLE, "turtle": _TURTLE,
    "nt": _NT, "ntriples": _NT, "n-triples": _NT,
    "trig": _TRIG,
    "nq": _NQ, "nquads": _NQ, "n-quads": _NQ,
    "jsonld": _JSONLD, "json-ld": _JSONLD,
    "graphml": _GRAPHML,
    "gexf": _GEXF,
    "html": _HTML,
}


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name`` (any alias, any case); UnknownNameError listing them all."""
    try:
        return EXPORTERS[name.strip().lower()]
    except KeyError:
        raise UnknownNameError(unknown_name("output format", name, EXPORTERS)) from None


def resolve_formats(names: str | Iterable[str]) -> list[Exporter]:
    """Exporters for a comma-separated string or a list of names, aliases merged, in order.

    >>> [e.name for e in resolve_formats("ttl,turtle,nt, html")]
    ['ttl', 'nt', 'html']
    """
    if isinstance(names, str):
        names = names.split(",")
    chosen: dict[str, Exporter] = {}
    for name in names:
        if name.strip():
            exporter = get_exporter(name)
            chosen.setdefault(exporter.name, exporter)
    return list(chosen.values())

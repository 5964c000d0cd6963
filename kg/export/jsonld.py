"""JSON-LD: the graph compacted with the project's published context, ``ontology/context.jsonld``.

The context maps the prefixes (``kg``, ``kgid``, ``org``, ``schema``, ``prov``, ``skos``,
``foaf``, ``rdfs``, ``xsd``, ``owl``) and short terms for the classes and properties of the RDF
contract (``label``, ``member``, ``party``, ``evidence`` …). The output embeds that context
as-is, so it is readable offline and means exactly what the published file says::

    {"@context": {...},
     "@graph": [{"@id": "https://w3id.org/zhkg/id/article/a1", "@type": "NewsArticle",
                 "headline": "星海科技集团召开年度大会", ...}, ...]}

Nodes are sorted by ``@id`` and each property's values are sorted, so the same graph always
gives the same bytes. JSON-LD needs the whole graph at once (nodes shared by articles are
merged), so a corpus is written from its merged graph.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from kg.lexicon import DEFAULT_DIR

__all__ = ["CONTEXT_PATH", "load_context", "jsonld_text", "write_jsonld"]

CONTEXT_PATH = DEFAULT_DIR / "context.jsonld"


@lru_cache(maxsize=None)
def _context_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_context(path: str | os.PathLike = CONTEXT_PATH) -> dict:
    """The ``@context`` object of the published context file."""
    return json.loads(_context_text(str(path)))["@context"]


def _value_key(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sorted_node(node: dict) -> dict:
    out = {}
    for key in sorted(node, key=lambda k: (not k.startswith("@"), k)):
        value = node[key]
        if isinstance(value, list):
            value = sorted(value, key=_value_key)
        out[key] = value
    return out


def jsonld_text(graph: Graph, *, context: dict | None = None) -> str:
    """The graph as compacted JSON-LD with the published context embedded.

    >>> from rdflib import Graph, URIRef, Literal, RDFS
    >>> g = Graph(); _ = g.add((URIRef("https://w3id.org/zhkg/id/article/a"), RDFS.label, Literal("量子", lang="zh")))
    >>> json.loads(jsonld_text(g))["@graph"]
    [{'@id': 'https://w3id.org/zhkg/id/article/a', 'label': '量子'}]
    """
    context = load_context() if context is None else context
    data = json.loads(graph.serialize(format="json-ld", context=context)) if len(graph) else {}
    if isinstance(data, list):
        nodes = data
    elif "@graph" in data:
        nodes = data["@graph"]
    else:
        nodes = [{k: v for k, v in data.items() if k != "@context"}] if data else []
    nodes = sorted((_sorted_node(n) for n in nodes), key=lambda n: str(n.get("@id", "")))
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2) + "\n"


def write_jsonld(graph: Graph, path: str | os.PathLike, *, context: dict | None = None) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(jsonld_text(graph, context=context))
    return Path(path)

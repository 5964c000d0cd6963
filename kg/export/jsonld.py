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

The compaction is done here (``_compact``), for the simple contexts this project publishes
(prefixes, class aliases and property terms with ``@type`` or ``@language``; terms with a
``@container``, ``@reverse`` or their own ``@context`` are not used), rather than by
rdflib's serializer: rdflib 7 drops the first value of a property that has several when that
value is falsy (``""``, ``0``, ``false``), and always writes numbers and booleans as native JSON
values. Here every triple survives the round trip; a value no term fits is written in its
expanded form (``{"@value": …, "@type": …}``) under the property's compact IRI.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

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


class _Compactor:
    """IRIs, classes and property values in the short forms a context defines."""

    def __init__(self, context: dict):
        self.prefixes = {name: iri for name, iri in context.items() if isinstance(iri, str)
                         and not name.startswith("@") and ":" not in name
                         and iri.endswith(("/", "#")) and "://" in iri}
        # Longest namespace first, so kgid:article/… never becomes something shorter and wrong.
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.classes: dict[str, str] = {}
        self.terms: dict[tuple[str, str, str], str] = {}    # (property, kind, type or lang) → term
        for name, definition in sorted(context.items()):
            if name.startswith("@") or name in self.prefixes:
                continue
            if isinstance(definition, str):
                self.classes.setdefault(self.expand(definition), name)
            elif isinstance(definition, dict) and isinstance(definition.get("@id"), str) \
                    and not {"@container", "@reverse", "@context"} & set(definition):
                prop = self.expand(definition["@id"])
                kind = definition.get("@type")
                language = definition.get("@language", context.get("@language"))
                if kind == "@id":
                    key = (prop, "@id", "")
                elif kind is not None:
                    key = (prop, "@type", self.expand(kind))
                elif language:
                    key = (prop, "@language", language.lower())
                else:
                    key = (prop, "@value", "")
                self.terms.setdefault(key, name)

    def expand(self, value: str) -> str:
        prefix, colon, rest = value.partition(":")
        if colon and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    @staticmethod
    def node(node) -> str:
        """A node's ``@id``: the full IRI (as rdflib writes it), ``_:id`` for a blank node."""
        return node.n3() if isinstance(node, BNode) else str(node)

    def iri(self, node) -> str:
        """A property, class or datatype IRI: a compact IRI where a prefix fits."""
        text = str(node)
        for prefix, namespace in self._by_length:
            rest = text[len(namespace):]
            if text.startswith(namespace) and rest and not rest.startswith("//"):
                return f"{prefix}:{rest}"
        return text

    def vocab(self, iri: str) -> str:
        """A class or datatype: its alias in the context, else a compact IRI."""
        return self.classes.get(iri) or self.iri(iri)

    def value(self, p: str, o) -> tuple[str, object]:
        """``(key, value)`` for the triple ``(_, p, o)``: a term's short form when one fits."""
        if not isinstance(o, Literal):
            term = self.terms.get((p, "@id", ""))
            return (term, self.node(o)) if term else (self.iri(p), {"@id": self.node(o)})
        text = str(o)
        if o.language:
            term = self.terms.get((p, "@language", o.language.lower()))
            return (term, text) if term else (self.iri(p), {"@language": o.language, "@value": text})
        datatype = str(o.datatype) if o.datatype is not None and o.datatype != XSD.string else ""
        term = self.terms.get((p, "@type", datatype) if datatype else (p, "@value", ""))
        if term:
            return term, text
        expanded = {"@type": self.vocab(datatype), "@value": text} if datatype else {"@value": text}
        return self.iri(p), expanded


def _compact(graph: Graph, context: dict) -> list[dict]:
    """The graph's nodes, compacted with ``context``, sorted by ``@id`` (no embedding)."""
    compactor = _Compactor(context)
    nodes: dict[str, dict] = {}
    for s, p, o in graph:
        node_id = compactor.node(s)
        node = nodes.setdefault(node_id, {"@id": node_id})
        if p == RDF.type and not isinstance(o, Literal):
            key, value = "@type", compactor.vocab(str(o)) if isinstance(o, URIRef) else o.n3()
        else:
            key, value = compactor.value(str(p), o)
        node.setdefault(key, []).append(value)
    out = []
    for node_id in sorted(nodes):
        node = {key: values if key == "@id" or len(values) > 1 else values[0]
                for key, values in nodes[node_id].items()}
        out.append(_sorted_node(node))
    return out


def jsonld_text(graph: Graph, *, context: dict | None = None) -> str:
    """The graph as compacted JSON-LD with the published context embedded.

    >>> from rdflib import Graph, URIRef, Literal, RDFS
    >>> g = Graph(); _ = g.add((URIRef("https://w3id.org/zhkg/id/article/a"), RDFS.label, Literal("量子", lang="zh")))
    >>> json.loads(jsonld_text(g))["@graph"]
    [{'@id': 'https://w3id.org/zhkg/id/article/a', 'label': '量子'}]
    """
    context = load_context() if context is None else context
    return json.dumps({"@context": context, "@graph": _compact(graph, context)},
                      ensure_ascii=False, indent=2) + "\n"


def write_jsonld(graph: Graph, path: str | os.PathLike, *, context: dict | None = None) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(jsonld_text(graph, context=context))
    return Path(path)

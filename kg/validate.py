"""Check a graph against the RDF contract: the SHACL shapes in ``ontology/shapes.ttl``.

One node shape per class of the contract (memberships, agreements, signatories, events, people,
organizations, roles, articles); see the README, "RDF contract". pySHACL runs without inference
(``inference="none"``): the data is checked as written, the ontology's OWL axioms are not applied.
Everything ``kg build`` writes is meant to conform; tests/test_validate.py checks the seed and dev set.

A result is ``(focus node, path, message)``; the message is the shape's English ``sh:message``::

    (URIRef('…/article/a/membership/…'), ORG.role,
     'An org:Membership needs exactly one org:role, an org:Role (with an rdfs:label).')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.ontology import ONTOLOGY_DIR, read_turtle

SHAPES_FILE = "shapes.ttl"
_LOCAL = re.compile(r"^[\w.~/-]*$")  # what reads well after a prefix

Result = tuple[Node, "Node | None", str]


@dataclass(frozen=True)
class Report:
    """What validating a graph found.

    ``results`` holds one ``(focus node, path, message)`` per distinct violation, sorted by focus
    node, path and message; ``path`` is None for a constraint on the node itself. ``text`` is
    ``"conforms"`` or one line per result, ``<focus> <path>: <message>`` with prefixed names.
    """

    conforms: bool
    results: tuple[Result, ...]
    text: str


def load_shapes(directory: str | Path = ONTOLOGY_DIR) -> Graph:
    """Parse ``shapes.ttl`` from ``directory``; OntologyError names the file if it is missing or bad."""
    return read_turtle(Path(directory) / SHAPES_FILE, "the SHACL shapes")


@lru_cache(maxsize=1)
def _default_shapes() -> Graph:
    return load_shapes()


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` against ``shapes`` (by default ``ontology/shapes.ttl``).

    A Dataset (TriG, N-Quads) is validated as the union of its graphs.
    """
    from pyshacl import validate  # slow to import: only when validating

    data = _flat(graph)
    conforms, results_graph, _ = validate(
        data, shacl_graph=_default_shapes() if shapes is None else shapes,
        inference="none", advanced=False, abort_on_first=False, allow_warnings=False,
        meta_shacl=False, debug=False)
    results = _results(results_graph)
    return Report(bool(conforms), results, _text(data, conforms, results))


def validate_file(path: str | Path) -> Report:
    """Load an RDF file (by its ending, see ``kg.query.load_graph``) and validate it."""
    from kg.query import load_graph

    return validate_graph(load_graph(path))


def _flat(graph: Graph) -> Graph:
    """The graph itself, or for a Dataset one plain Graph of the triples of all its graphs."""
    if not graph.context_aware:
        return graph
    flat = Graph()
    for prefix, ns in graph.namespaces():
        flat.bind(prefix, ns, override=True)
    for s, p, o, _ in graph.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


def _results(results_graph: Graph) -> tuple[Result, ...]:
    found = set()
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(result, SH.focusNode)
        path = results_graph.value(result, SH.resultPath)
        found.add((focus, path, _message(results_graph, result)))
    return tuple(sorted(found, key=lambda r: (str(r[0]), str(r[1] or ""), r[2])))


def _message(results_graph: Graph, result: Node) -> str:
    """The English sh:resultMessage, else any, else the name of the constraint that failed."""
    messages = sorted(results_graph.objects(result, SH.resultMessage), key=lambda m: (
        not (isinstance(m, Literal) and (m.language or "").startswith("en")), str(m)))
    if messages:
        return str(messages[0])
    component = results_graph.value(result, SH.sourceConstraintComponent)
    return f"violates {_name(results_graph, component)}" if component else "violates a shape"


def _name(g: Graph, node: Node | None) -> str:
    """A prefixed name from the graph's own bindings (``kgid:article/a``), else ``<iri>``."""
    if node is None:
        return ""
    if not isinstance(node, URIRef):
        return node.n3()
    best = max(((prefix, str(ns)) for prefix, ns in g.namespaces()
                if prefix and str(node).startswith(str(ns))),
               key=lambda pair: len(pair[1]), default=None)
    if best is None or not _LOCAL.match(str(node)[len(best[1]):]):
        return f"<{node}>"
    return f"{best[0]}:{str(node)[len(best[1]):]}"


def _text(g: Graph, conforms: bool, results: tuple[Result, ...]) -> str:
    if conforms:
        return "conforms"
    return "\n".join(f"{_name(g, focus)} {_name(g, path) or '(node)'}: {message}"
                     for focus, path, message in results)

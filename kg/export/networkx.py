"""GraphML and GEXF through networkx: entities and facts as nodes, their links as edges.

The RDF graph becomes a ``networkx.MultiDiGraph`` (``to_networkx``) that graph tools such as
Gephi, Cytoscape or yEd open directly:

- a node for every typed resource (article, person, organization, role, place, and each fact:
  membership, agreement, signatory, event), keyed by its IRI, with the attributes ``label``
  (its name: ``rdfs:label``, ``skos:prefLabel``, ``schema:name`` or ``schema:headline``),
  ``type`` (its main class as a CURIE, e.g. ``foaf:Person``, ``org:Membership``), ``types``
  (all its classes, space-separated) and ``iri``;
- an edge for every triple between two such nodes, keyed and ``label``-led by the property's
  CURIE (``org:member``, ``kg:party``, ``prov:wasDerivedFrom`` …).

Literals other than names (evidence, offsets, dates) stay in the RDF formats. Nodes and edges
are added in sorted order, and GEXF's ``lastmodifieddate`` is left out, so the same graph
always gives the same bytes.

    <node id="https://w3id.org/zhkg/id/article/a1/person/…">
      <data key="d0">李明远</data><data key="d1">foaf:Person</data> …
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, RDFS, SDO, SKOS

from kg.graph import KG, PREFIXES

if TYPE_CHECKING:                 # networkx is imported when a graph is converted, not by
    import networkx as nx         # every run that loads kg.export (a tenth of start-up)

__all__ = ["to_networkx", "graphml_text", "write_graphml", "gexf_text", "write_gexf"]

# Which class names a node typed with several (the first that it has).
MAIN_TYPES = (SDO.NewsArticle, KG.Agreement, KG.Signatory, ORG.Membership, SDO.Event, SDO.Place,
              ORG.Role, ORG.OrganizationalUnit, ORG.Organization, FOAF.Person, SDO.Person)
_NAMES = (RDFS.label, SKOS.prefLabel, SDO.name, SDO.headline)
_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in {**PREFIXES, "rdf": RDF}.items()),
                     key=lambda item: -len(item[0]))


def curie(iri: str) -> str:
    """``prefix:local`` for an IRI in one of the project's namespaces, else the IRI.

    >>> curie("http://www.w3.org/ns/org#member")
    'org:member'
    """
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _label(g: Graph, node: URIRef) -> str:
    for p in _NAMES:
        names = sorted(str(v) for v in g.objects(node, p) if isinstance(v, Literal))
        if names:
            return names[0]
    return str(node).rstrip("/").rsplit("/", 1)[-1]


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The typed resources of ``graph`` as nodes, the links between them as edges.

    >>> from rdflib import Graph, URIRef, Literal
    >>> from rdflib.namespace import FOAF, ORG, RDF, RDFS
    >>> g = Graph()
    >>> p, o = URIRef("urn:p"), URIRef("urn:o")
    >>> for t in [(p, RDF.type, FOAF.Person), (p, RDFS.label, Literal("李明远")),
    ...           (o, RDF.type, ORG.Organization), (p, ORG.memberOf, o)]: _ = g.add(t)
    >>> G = to_networkx(g)
    >>> G.nodes["urn:p"]["label"], G.nodes["urn:p"]["type"], list(G.edges(data="label"))
    ('李明远', 'foaf:Person', [('urn:p', 'urn:o', 'org:memberOf')])
    """
    types: dict[URIRef, set[URIRef]] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, URIRef) and isinstance(cls, URIRef):
            types.setdefault(node, set()).add(cls)
    import networkx as nx

    G = nx.MultiDiGraph()
    for node in sorted(types, key=str):
        classes = types[node]
        main = next((c for c in MAIN_TYPES if c in classes), min(classes, key=str))
        G.add_node(str(node), label=_label(graph, node), type=curie(str(main)),
                   types=" ".join(sorted(curie(str(c)) for c in classes)), iri=str(node))
    edges = sorted((str(s), str(o), curie(str(p))) for s, p, o in graph
                   if p != RDF.type and s in types and o in types)
    for s, o, p in edges:
        G.add_edge(s, o, key=p, label=p)
    return G


def graphml_text(graph: Graph) -> str:
    """The graph as GraphML (node attributes label, type, types, iri; edge attribute label)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(to_networkx(graph))) + "\n"


def gexf_text(graph: Graph) -> str:
    """The graph as GEXF 1.2 (the same attributes as GraphML), without a modification date."""
    import networkx as nx

    text = "\n".join(nx.generate_gexf(to_networkx(graph))) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def write_graphml(graph: Graph, path: str | os.PathLike) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(graphml_text(graph))
    return Path(path)


def write_gexf(graph: Graph, path: str | os.PathLike) -> Path:
    from kg.export.atomic import AtomicFile

    with AtomicFile(path) as f:
        f.write(gexf_text(graph))
    return Path(path)

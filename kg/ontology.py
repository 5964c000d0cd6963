"""The ontology (ontology/kg.ttl) as data: load it, find the class of a record type, explain a term.

kg.ttl is the source of truth; this module only reads it. A class that facts are typed with
carries ``kg:recordType`` (``org:Membership kg:recordType "role"``), so code never hard-codes
which class a record type becomes.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg import errors
from kg.graph import KG

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = "kg.ttl"
NAMESPACE = str(KG)

_RECORD_TYPE = KG.recordType


def read_turtle(path: str | Path, what: str) -> Graph:
    """Parse one Turtle file of the ontology folder; OntologyError names the file if it is
    missing or bad (``what`` says what the file is for)."""
    path = Path(path)
    if not path.is_file():
        raise errors.OntologyError(errors.missing_file(path, what))
    g = Graph(bind_namespaces="core")
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib's parsers raise many kinds
        raise errors.OntologyError(errors.bad_file(path, f"not valid Turtle ({exc})")) from exc
    return g


def load_ontology(directory: str | Path = ONTOLOGY_DIR) -> Graph:
    """Parse ``kg.ttl`` from ``directory``; OntologyError names the file if it is missing or bad."""
    return read_turtle(Path(directory) / ONTOLOGY_FILE, "the ontology")


@lru_cache(maxsize=1)
def _default_ontology() -> Graph:
    return load_ontology()


def record_types(graph: Graph | None = None) -> dict[str, URIRef]:
    """Each record type name → the class that declares it with ``kg:recordType``.

    >>> sorted(record_types())
    ['agreement', 'event', 'role', 'signatory']
    """
    g = _default_ontology() if graph is None else graph
    found: dict[str, list[URIRef]] = {}
    for cls, name in g.subject_objects(_RECORD_TYPE):
        found.setdefault(str(name), []).append(cls)
    for name, classes in found.items():
        if len(classes) > 1:
            raise errors.OntologyError(errors.record_type_twice(name, map(_curie_of(g), classes)))
    return {name: classes[0] for name, classes in sorted(found.items())}


def class_for(record_type: str, graph: Graph | None = None) -> URIRef:
    """The class whose ``kg:recordType`` is ``record_type``.

    >>> class_for("agreement")
    rdflib.term.URIRef('https://w3id.org/zhkg/ontology#Agreement')
    """
    types = record_types(graph)
    try:
        return types[record_type]
    except KeyError:
        message = errors.unknown_name("record type", record_type, types)
        raise errors.UnknownNameError(message) from None


def explain(term: str, graph: Graph | None = None) -> str:
    """A few lines on an ontology term (``kg:Agreement``, ``org:Membership`` or a full IRI).

    >>> print(explain("kg:Agreement"))  # doctest: +ELLIPSIS
    kg:Agreement  <https://w3id.org/zhkg/ontology#Agreement>
      label: 协议 (zh) · agreement (en)
      type: owl:Class
      record type: agreement
      defined by: <https://w3id.org/zhkg/ontology>
      comment: An agreement (协议, 合同, 备忘录 …) that organizations sign, ...
    """
    g = _default_ontology() if graph is None else graph
    curie = _curie_of(g)
    iri = _resolve(term.strip(), g)
    if iri is None or (iri, None, None) not in g:
        declared = sorted({curie(s) for s in g.subjects(RDFS.label) if isinstance(s, URIRef)})
        wanted = curie(iri) if iri is not None else term.strip()
        by_lower = {name.lower(): name for name in declared}
        close = [by_lower[m] for m in difflib.get_close_matches(wanted.lower(), by_lower, n=5)]
        known = [name for name in declared if name.startswith("kg:")]
        raise errors.UnknownNameError(errors.unknown_term(term, close, known))

    lines = [f"{curie(iri)}  <{iri}>"]
    labels = sorted(g.objects(iri, RDFS.label), key=_lang_order)
    if labels:
        lines.append("  label: " + " · ".join(_with_lang(label) for label in labels))
    types = sorted(curie(t) for t in g.objects(iri, RDF.type) if isinstance(t, URIRef))
    if types:
        lines.append("  type: " + ", ".join(types))
    for name in sorted(str(n) for n in g.objects(iri, _RECORD_TYPE)):
        lines.append(f"  record type: {name}")
    for label, prop in (("inverse of", OWL.inverseOf), ("subclass of", RDFS.subClassOf),
                        ("domain includes", URIRef("https://schema.org/domainIncludes")),
                        ("range includes", URIRef("https://schema.org/rangeIncludes")),
                        ("defined by", RDFS.isDefinedBy)):
        values = sorted(curie(v) for v in g.objects(iri, prop) if isinstance(v, URIRef))
        if values:
            lines.append(f"  {label}: " + ", ".join(values))
    for comment in sorted(g.objects(iri, RDFS.comment), key=_lang_order):
        lines.append(f"  comment: {comment}")
    return "\n".join(lines)


def _resolve(term: str, g: Graph) -> URIRef | None:
    """A CURIE (the ontology's own prefixes; a bare name means kg:) or an IRI, as a URIRef."""
    if term.startswith("<") and term.endswith(">"):
        return URIRef(term[1:-1])
    if "://" in term:
        return URIRef(term)
    prefix, _, local = term.partition(":") if ":" in term else ("kg", ":", term)
    namespace = dict(g.namespaces()).get(prefix)
    return URIRef(namespace + local) if namespace is not None else None


def _curie_of(g: Graph) -> Callable[[URIRef], str]:
    """A function giving the shortest prefixed name of an IRI, or <iri> when no prefix fits."""
    spaces = sorted(((p, str(ns)) for p, ns in g.namespaces() if p), key=lambda pn: -len(pn[1]))

    def curie(iri: URIRef) -> str:
        for prefix, ns in spaces:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    return curie


def _lang_order(literal: Literal) -> tuple[int, str]:
    lang = getattr(literal, "language", None) or ""
    return ({"zh": 0, "en": 1}.get(lang, 2), lang)


def _with_lang(literal: Literal) -> str:
    lang = getattr(literal, "language", None)
    return f"{literal} ({lang})" if lang else str(literal)

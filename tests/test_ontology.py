"""The ontology contract: kg.ttl parses and documents every kg: term, each record type has a class,
every term the code and the data use is declared, and every named query parses."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, RDF, RDFS, SKOS, DefinedNamespaceMeta
from rdflib.plugins.sparql import prepareQuery

import kg.graph
from kg.errors import OntologyError, UnknownNameError
from kg.ontology import NAMESPACE, ONTOLOGY_DIR, class_for, explain, load_ontology

REPO = Path(__file__).resolve().parent.parent
KG = Namespace(NAMESPACE)
SCHEMA = Namespace("https://schema.org/")    # rdflib's SDO and XSD warn when pytest inspects them
ONTOLOGY = load_ontology()
ONTOLOGY_IRI = URIRef("https://w3id.org/zhkg/ontology")
KG_TERMS = sorted({s for s in ONTOLOGY.subjects()
                   if isinstance(s, URIRef) and s.startswith(NAMESPACE)})
QUERIES = sorted((ONTOLOGY_DIR / "queries").glob("*.rq"))
# W3C core terms need no declaration in kg.ttl
CORE = {str(RDF), str(RDFS), "http://www.w3.org/2001/XMLSchema#", str(OWL)}


def _graph_py_terms() -> list[URIRef]:
    """Terms kg/graph.py writes: ``NS.name`` and ``NS["name"]`` on its imported namespaces."""
    tree = ast.parse(Path(kg.graph.__file__).read_text(encoding="utf-8"))
    terms = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            name, local = node.value.id, node.attr
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
              and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
            name, local = node.value.id, node.slice.value
        else:
            continue
        ns = getattr(kg.graph, name, None)
        if isinstance(ns, Namespace):
            base = str(ns)
        elif isinstance(ns, DefinedNamespaceMeta):
            base = str(ns._NS)
        else:
            continue
        if name != "ID" and base not in CORE:     # ID mints resources, not vocabulary
            terms.add(URIRef(base + local))
    return sorted(terms)


def _data_terms() -> list[URIRef]:
    """kg: classes and properties used by the sample graph and the other ontology/*.ttl files."""
    from rdflib import Graph
    terms = set()
    for path in [REPO / "tests" / "data" / "sample.ttl", *sorted(ONTOLOGY_DIR.glob("*.ttl"))]:
        if path.name == "kg.ttl":
            continue
        g = Graph().parse(path, format="turtle")
        terms |= {p for p in g.predicates() if p.startswith(NAMESPACE)}
        terms |= {c for c in g.objects(None, RDF.type) if c.startswith(NAMESPACE)}
    return sorted(terms)


def _relation_names() -> list[str]:
    """``NAME = "..."`` of each rule module in kg/relations (read, not imported)."""
    names = []
    for path in sorted((REPO / "kg" / "relations").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and any(getattr(t, "id", "") == "NAME" for t in node.targets)):
                names.append(node.value.value)
    return names


@pytest.mark.parametrize("directory", [ONTOLOGY_DIR])
def test_ontology_parses(directory):
    g = load_ontology(directory)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g


@pytest.mark.parametrize("prop", [OWL.versionInfo, RDFS.comment, RDFS.label])
def test_ontology_header_has(prop):
    assert ONTOLOGY.value(ONTOLOGY_IRI, prop) is not None


@pytest.mark.parametrize("term", KG_TERMS, ids=lambda t: t.removeprefix(NAMESPACE))
def test_ontology_kg_term_has_zh_en_labels_and_comment(term):
    langs = {label.language for label in ONTOLOGY.objects(term, RDFS.label)}
    assert {"zh", "en"} <= langs
    assert ONTOLOGY.value(term, RDFS.comment) is not None


@pytest.mark.parametrize("term", KG_TERMS, ids=lambda t: t.removeprefix(NAMESPACE))
def test_ontology_kg_term_uses_hints_not_domain_range(term):
    assert ONTOLOGY.value(term, RDFS.domain) is None
    assert ONTOLOGY.value(term, RDFS.range) is None


@pytest.mark.parametrize(("record_type", "cls"), [
    ("role", ORG.Membership),
    ("agreement", KG.Agreement),
    ("signatory", KG.Signatory),
    ("event", SCHEMA.Event),
])
def test_ontology_class_for_record_type(record_type, cls):
    assert class_for(record_type) == cls
    assert class_for(record_type, ONTOLOGY) == cls


@pytest.mark.parametrize("name", _relation_names())
def test_ontology_class_for_each_rule_name(name):
    assert class_for(name) in set(ONTOLOGY.subjects(RDF.type, OWL.Class))


@pytest.mark.parametrize(("record_type", "listed"), [("rol", "agreement, event, role, signatory")])
def test_ontology_class_for_unknown_lists_known(record_type, listed):
    with pytest.raises(UnknownNameError) as caught:
        class_for(record_type)
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == f"Unknown record type {record_type!r}. Available: {listed}."


@pytest.mark.parametrize("term", _graph_py_terms(), ids=str)
def test_ontology_declares_term_graph_py_writes(term):
    assert (term, RDFS.label, None) in ONTOLOGY, f"{term} is used in kg/graph.py but not in kg.ttl"


@pytest.mark.parametrize("term", _data_terms(), ids=lambda t: t.removeprefix(NAMESPACE))
def test_ontology_declares_kg_term_data_uses(term):
    assert term in KG_TERMS


@pytest.mark.parametrize(("module_namespace", "ontology_namespace"), [(kg.graph.KG, NAMESPACE)])
def test_ontology_namespace_matches_graph(module_namespace, ontology_namespace):
    assert str(module_namespace) == ontology_namespace
    assert dict(ONTOLOGY.namespaces())["kg"] == URIRef(ontology_namespace)


@pytest.mark.parametrize(("prop", "inverse"), [(KG.signed, KG.party)])
def test_ontology_inverse_declared(prop, inverse):
    assert (prop, OWL.inverseOf, inverse) in ONTOLOGY


@pytest.mark.parametrize(("kind", "values"), [
    (KG.titleKind, {"government", "party", "corporate", "academic", "generic"}),
])
def test_ontology_comment_names_allowed_values(kind, values):
    comment = str(ONTOLOGY.value(kind, RDFS.comment))
    assert all(f'"{v}"' in comment for v in values)


@pytest.mark.parametrize(("term", "expected"), [
    ("kg:Agreement", ["kg:Agreement", "协议 (zh)", "agreement (en)", "record type: agreement",
                      "comment:"]),
    ("org:Membership", ["<http://www.w3.org/ns/org#Membership>", "任职 (zh)", "record type: role"]),
    ("https://w3id.org/zhkg/ontology#party", ["kg:party", "签约方 (zh)",
                                              "range includes: org:Organization"]),
    ("<https://schema.org/Event>", ["schema:Event", "record type: event"]),
    ("Signatory", ["kg:Signatory", "签约代表 (zh)"]),
    ("foaf:Person", ["foaf:Person", "person (en)"]),
])
def test_ontology_explain_shows_term(term, expected):
    text = explain(term)
    assert all(part in text for part in expected), text


@pytest.mark.parametrize(("term", "suggestion"), [
    ("kg:Agrement", "kg:Agreement"),
    ("kg:signedfor", "kg:signedFor"),
    ("org:membership", "org:Membership"),
    ("nope:Thing", "kg:Agreement"),
])
def test_ontology_explain_unknown_suggests(term, suggestion):
    with pytest.raises(UnknownNameError) as caught:
        explain(term)
    assert repr(term) in str(caught.value)
    assert suggestion in str(caught.value)


@pytest.mark.parametrize(("text", "problem"), [
    (None, "missing"),
    ("kg:Agreement a owl:Class", "not valid Turtle"),
])
def test_ontology_load_bad_folder_names_file(tmp_path, text, problem):
    if text is not None:
        (tmp_path / "kg.ttl").write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError) as caught:
        load_ontology(tmp_path)
    assert str(tmp_path / "kg.ttl") in str(caught.value)
    assert problem in str(caught.value)


@pytest.mark.parametrize(("text", "record_type"), [(
    '@prefix kg: <https://w3id.org/zhkg/ontology#> . kg:A kg:recordType "x" . '
    'kg:B kg:recordType "x" .', "x")])
def test_ontology_record_type_on_two_classes_raises(tmp_path, text, record_type):
    (tmp_path / "kg.ttl").write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError, match="several classes"):
        class_for(record_type, load_ontology(tmp_path))


@pytest.mark.parametrize(("literal", "record_type"), [(Literal("role"), "role")])
def test_ontology_record_type_is_plain_string(literal, record_type):
    assert (ORG.Membership, KG.recordType, literal) in ONTOLOGY
    assert class_for(record_type) == ORG.Membership


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_ontology_query_parses(path):
    prepareQuery(path.read_text(encoding="utf-8"))   # each query declares its own prefixes


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_ontology_query_starts_with_one_line_comment(path):
    first, second = path.read_text(encoding="utf-8").splitlines()[:2]
    assert first.startswith("# ") and len(first) > 10
    assert not second.startswith("#")


@pytest.mark.parametrize("reused", [
    ORG.Membership, ORG.member, SCHEMA.Event, SKOS.altLabel, FOAF.Person,
])
def test_ontology_reused_term_names_its_source(reused):
    assert ONTOLOGY.value(reused, RDFS.isDefinedBy) is not None


@pytest.mark.parametrize("term", [KG.Agreement, ORG.Membership, SCHEMA.organizer])
def test_ontology_graph_py_scan_finds(term):
    assert term in _graph_py_terms()     # the scan above really reads kg/graph.py

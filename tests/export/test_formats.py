"""Every output format round-trips: parse what was written and compare with the graph in memory."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from kg.corpus import article_graph
from kg.errors import UnknownNameError
from kg.export import EXPORTERS, get_exporter, resolve_formats
from kg.export.atomic import AtomicFile
from kg.export.jsonld import CONTEXT_PATH, jsonld_text, load_context
from kg.export.networkx import gexf_text, graphml_text
from kg.export.nquads import nquads_chunk, nquads_text
from kg.export.ntriples import ntriples_text
from kg.export.trig import graph_iri, prefix_block, trig_text, turtle_chunk
from kg.graph import PREFIXES, article_iri, new_graph
from tests.conftest import SEED

ARTICLES = {
    "xinghai": "星海科技集团召开年度大会\n\n星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。\n\n"
               "集团副总经理陈思远介绍，今年公司与江南大学签署了战略合作协议，双方将共建联合实验室。\n",
    "jiangnan": "江南大学举行校庆活动\n\n江南大学校长周文博在致辞中表示，学校将继续深化产学研合作，服务区域经济发展。\n",
    "seed": SEED.read_text(encoding="utf-8"),
}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {article_id: article_graph(article_id, text) for article_id, text in ARTICLES.items()}


@pytest.fixture(scope="module")
def merged(graphs) -> Graph:
    g = new_graph()
    for part in graphs.values():
        g += part
    return g


def _dataset(text: str, fmt: str) -> Dataset:
    d = Dataset()
    d.parse(data=text, format=fmt)
    return d


def test_formats_turtle_chunks_concatenate_to_the_union(graphs, merged):
    text = prefix_block() + "".join(turtle_chunk(g) for g in graphs.values())
    assert isomorphic(Graph().parse(data=text, format="turtle"), merged)
    assert all("@prefix" not in turtle_chunk(g) for g in graphs.values())


def test_formats_turtle_chunk_keeps_foreign_prefixes_without_leaking_them(graphs):
    odd = Graph()
    odd.bind("kg", Namespace("urn:other#"), override=True)
    odd.bind("ex", Namespace("urn:ex#"))
    odd.add((URIRef("urn:ex#a"), URIRef("urn:other#p"), Literal("甲")))
    parts = [graphs["jiangnan"], odd, graphs["xinghai"]]
    text = prefix_block() + "".join(turtle_chunk(g) for g in parts)
    expected = Graph()
    for g in parts:
        expected += g
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)


def test_formats_ntriples_round_trip_sorted(merged):
    text = ntriples_text(merged)
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(merged)
    assert isomorphic(Graph().parse(data=text, format="nt"), merged)


@pytest.mark.parametrize("fmt, make", [
    ("trig", trig_text),
    ("nquads", nquads_text),
])
def test_formats_named_graph_per_article(graphs, merged, fmt, make):
    d = _dataset(make(graphs.items()), fmt)
    for article_id, g in graphs.items():
        assert isomorphic(d.graph(graph_iri(article_id)), g), article_id
    union = Graph()
    for quad in d.quads((None, None, None, None)):
        union.add(quad[:3])
    assert isomorphic(union, merged)


def test_formats_graph_iri_is_article_iri_plus_graph():
    assert str(graph_iri("xinghai")) == str(article_iri("xinghai")) + "/graph"
    g = new_graph()
    g.add((article_iri("a"), RDFS.label, Literal("x")))
    line = nquads_chunk(g, "a")
    assert line.endswith(f"<{graph_iri('a')}> .\n")


def test_formats_jsonld_round_trip_with_published_context(merged):
    text = jsonld_text(merged)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), merged)
    data = json.loads(text)
    assert data["@context"] == json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    types = {t for n in data["@graph"] for t in (n["@type"] if isinstance(n["@type"], list) else [n["@type"]])}
    assert types >= {"NewsArticle", "Membership", "Agreement", "foaf:Person"}


def test_formats_context_maps_every_project_prefix():
    context = load_context()
    assert {p: str(ns) for p, ns in PREFIXES.items()} == {p: context[p] for p in PREFIXES}


@pytest.mark.parametrize("make, read", [
    (graphml_text, lambda text: nx.parse_graphml(text)),
    (gexf_text, lambda text: nx.read_gexf(io.BytesIO(text.encode("utf-8")))),
])
def test_formats_networkx_round_trip_labels_and_types(graphs, make, read):
    g = graphs["xinghai"]
    G = read(make(g))
    people = {d["label"] for _, d in G.nodes(data=True) if d["type"] == "foaf:Person"}
    assert {"李明远", "陈思远"} <= people
    assert {d["type"] for _, d in G.nodes(data=True)} >= {
        "schema:NewsArticle", "org:Organization", "org:Membership", "org:Role", "kg:Agreement"}
    labels = {d["label"] for _, _, d in G.edges(data=True)}
    assert {"org:member", "org:organization", "kg:party", "prov:wasDerivedFrom"} <= labels
    article = str(article_iri("xinghai"))
    assert G.nodes[article]["label"] == "星海科技集团召开年度大会"


@pytest.mark.parametrize("name", sorted({e.name for e in EXPORTERS.values()} - {"trig", "nq"}))
def test_formats_same_graph_same_bytes(graphs, name):
    exporter = get_exporter(name)
    g1 = article_graph("xinghai", ARTICLES["xinghai"])
    if exporter.streamed:
        assert exporter.chunk(g1, "xinghai") == exporter.chunk(graphs["xinghai"], "xinghai")
    else:
        assert exporter.text(g1) == exporter.text(graphs["xinghai"])


@pytest.mark.parametrize("name, canonical", [
    ("ttl", "ttl"), ("turtle", "ttl"), ("NT", "nt"), ("n-quads", "nq"), ("json-ld", "jsonld"),
    ("graphml", "graphml"), ("gexf", "gexf"), ("html", "html"), ("trig", "trig"),
])
def test_formats_table_aliases(name, canonical):
    assert get_exporter(name).name == canonical
    assert get_exporter(name).filename() == f"graph.{canonical}"


def test_formats_unknown_name_lists_available():
    with pytest.raises(UnknownNameError, match="Available: gexf, graphml, html.*trig, ttl, turtle"):
        resolve_formats("ttl,tll")


def test_formats_atomic_file_keeps_previous_content_on_failure(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with AtomicFile(target) as f:
            f.write("new, half written")
            raise RuntimeError("injected")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]

"""kg.store: articles in an on-disk Oxigraph store, queried like a graph file, dumped as Turtle."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import kg
from kg.errors import InputError, QueryError, StoreError
from kg.export.nquads import nquads_text
from kg.export.ntriples import ntriples_text
from kg.query import result_csv, result_json, result_table, run_query
from kg.store import (SHARED_GRAPH, article_graph_iri, dump_turtle, load_file, load_ntriples,
                      open_store, query_store)
from tests.conftest import STORE_ARTICLES

ARTICLES = STORE_ARTICLES

# a join with GROUP BY: memberships per title
BY_TITLE = """
SELECT ?title (COUNT(?m) AS ?n) WHERE {
  ?m a org:Membership ; org:role ?r . ?r rdfs:label ?title .
} GROUP BY ?title
"""
# a 4-pattern join: person, title, organization
PEOPLE = """
SELECT ?name ?title ?orgName WHERE {
  ?m org:member ?p ; org:role ?r ; org:organization ?o .
  ?p rdfs:label ?name . ?r rdfs:label ?title . ?o rdfs:label ?orgName .
}
"""


@pytest.fixture(scope="module")
def corpus(seed_graph) -> list[tuple[str, Graph]]:
    """The seed and two invented articles; all three have a 副总经理, so that role is shared."""
    return [("000_0f5b15eece7fc494", seed_graph)] + [
        (article_id, kg.build_graph(text, article_id)) for article_id, text in ARTICLES.items()]


@pytest.fixture
def merged(corpus) -> Graph:
    g = Graph()
    for _, article in corpus:
        g += article
    return g


@pytest.fixture
def store(tmp_path, corpus):
    store = open_store(tmp_path / "store")
    for article_id, g in corpus:
        load_ntriples(store, ntriples_text(g), article_graph_iri(article_id))
    return store


def _rows(result) -> list[tuple]:
    return [tuple(row.get(v) for v in result.vars) for row in result.bindings]


def _count(store, where: str) -> int:
    return int(next(iter(query_store(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))).n)


@pytest.mark.parametrize("query", [BY_TITLE, PEOPLE], ids=["group-by", "four-pattern-join"])
def test_store_answers_as_rdflib_does(store, merged, query):
    ours, theirs = query_store(store, query), run_query(merged, query)
    assert [str(v) for v in ours.vars] == [str(v) for v in theirs.vars]
    assert _rows(ours) == _rows(theirs)
    assert len(ours.bindings) > 0


def test_store_counts_a_shared_role_once_per_membership(store):
    rows = dict(_rows(query_store(store, BY_TITLE)))
    assert int(rows[Literal("副总经理", lang="zh")]) >= 3      # one per article, not per article²


def test_store_keeps_articles_in_their_graphs_and_roles_once(store, corpus):
    graphs = {str(r[0]) for r in _rows(query_store(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }"))}
    assert graphs == {article_graph_iri(i) for i, _ in corpus} | {SHARED_GRAPH}
    shared = _count(store, f"GRAPH <{SHARED_GRAPH}> {{ ?r a org:Role }}")
    assert shared == _count(store, "SELECT DISTINCT ?r WHERE { ?r a org:Role }")
    assert _count(store, f"GRAPH <{SHARED_GRAPH}> {{ ?m a org:Membership }}") == 0


def test_store_finds_the_seed_person_and_title(store):
    result = query_store(store, """SELECT ?title WHERE {
        ?m org:member/rdfs:label "王振"@zh ; org:role/rdfs:label ?title }""")
    assert [str(r[0]) for r in _rows(result)] == ["副总经理"]


def test_loading_an_article_again_replaces_it(store, corpus):
    before = _count(store, "GRAPH ?g { ?s ?p ?o }")
    article_id, g = corpus[1]
    load_ntriples(store, ntriples_text(g), article_graph_iri(article_id))
    assert _count(store, "GRAPH ?g { ?s ?p ?o }") == before
    changed = kg.build_graph(ARTICLES["t1"].replace("副总经理李明", "总工程师李明"), "t1")
    load_ntriples(store, ntriples_text(changed), article_graph_iri("t1"))
    assert _count(store, '?p rdfs:label "李明"@zh . ?m org:member ?p ; org:role/rdfs:label "副总经理"@zh') == 0
    assert _count(store, '?p rdfs:label "李明"@zh . ?m org:member ?p ; org:role/rdfs:label "总工程师"@zh') == 1


def test_load_ntriples_takes_an_nquads_chunk(tmp_path, corpus):
    store = open_store(tmp_path / "s")
    article_id, g = corpus[2]
    assert load_ntriples(store, nquads_text([(article_id, g)])) == len(g)
    load_ntriples(store, nquads_text([(article_id, g)]))
    assert _count(store, f"GRAPH <{article_graph_iri(article_id)}> {{ ?s ?p ?o }}") \
        + _count(store, f"GRAPH <{SHARED_GRAPH}> {{ ?s ?p ?o }}") == len(g)


@pytest.mark.parametrize("name", ["graph.nq", "graph.ttl", "graph.nt"])
def test_load_file_puts_each_article_in_its_graph(tmp_path, corpus, merged, name):
    path = tmp_path / name
    if name == "graph.nq":
        path.write_text(nquads_text(corpus), encoding="utf-8")
    else:
        merged.serialize(path, format="turtle" if name.endswith("ttl") else "nt", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert load_file(store, path) > 0
    for article_id, g in corpus:
        roles = _count(store, f"GRAPH <{article_graph_iri(article_id)}> {{ ?r a org:Role }}")
        memberships = _count(store, f"GRAPH <{article_graph_iri(article_id)}> {{ ?m a org:Membership }}")
        assert roles == 0 and memberships == len(run_query(g, "SELECT ?m { ?m a org:Membership }"))
    assert _rows(query_store(store, BY_TITLE)) == _rows(run_query(merged, BY_TITLE))


def _quads(store) -> set[tuple[str, ...]]:
    return {tuple(str(t) for t in (q.subject, q.predicate, q.object, q.graph_name)) for q in store}


def test_load_file_ntriples_in_pieces_equals_one_quad_at_a_time(tmp_path, merged, monkeypatch):
    import kg.store as store_module

    path = tmp_path / "graph.nt"
    lines = merged.serialize(format="nt").splitlines()
    # a comment line, a blank line and a comment after the dot: the last piece goes to the parser
    text = "# zhkg\n\n" + "\n".join(lines[:-1]) + "\n" + lines[-1] + " # the end\n"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(store_module, "PIECE_BYTES", 2000)
    fast = open_store(tmp_path / "fast")
    assert load_file(fast, path, threads=2) == len(lines)
    # the reference: every triple parsed and routed one at a time
    slow = open_store(tmp_path / "slow")
    slow.extend(store_module._routed(store_module.ox.parse(path=str(path),
                                                           format=store_module.ox.RdfFormat.N_TRIPLES), None))
    assert _quads(fast) == _quads(slow) and len(_quads(fast)) > 0


def test_load_file_ntriples_error_names_the_line_in_the_whole_file(tmp_path, merged, monkeypatch):
    import kg.store as store_module

    lines = merged.serialize(format="nt").splitlines()
    bad = len(lines) - 3
    lines[bad] = lines[bad].replace("> <", "> ", 1)          # a triple with no predicate
    path = tmp_path / "graph.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(store_module, "PIECE_BYTES", 1500)
    with pytest.raises(InputError, match=rf"graph\.nt: .*line {bad + 1}\b"):
        load_file(open_store(tmp_path / "s"), path, threads=2)


def test_load_file_names_a_bad_file(tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="graph.ttl"):
        load_file(open_store(tmp_path / "s"), bad)
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        load_file(open_store(tmp_path / "s2"), tmp_path / "graph.txt")


def test_dump_turtle_reparses_isomorphic(tmp_path, store, merged):
    path = dump_turtle(store, tmp_path / "out" / "graph.ttl")
    text = path.read_text(encoding="utf-8")
    assert "org:Membership" in text                       # the repo's prefixes are used
    assert isomorphic(Graph().parse(path, format="turtle"), merged)
    assert not list((tmp_path / "out").glob(".*.tmp"))


@pytest.mark.parametrize("name", ["graph.nt", "graph.trig", "graph.nq"])
def test_dump_writes_every_format_oxigraph_streams(tmp_path, store, merged, name):
    from rdflib import Dataset

    from kg.store import dump

    path = dump(store, tmp_path / name)
    if name.endswith((".trig", ".nq")):
        ds = Dataset()
        ds.parse(path, format="trig" if name.endswith("trig") else "nquads")
        graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert SHARED_GRAPH in graphs and article_graph_iri("t1") in graphs
        union = Graph()
        for subject, predicate, obj, _ in ds.quads((None, None, None, None)):
            union.add((subject, predicate, obj))
        assert isomorphic(union, merged)
    else:
        assert isomorphic(Graph().parse(path, format="nt"), merged)


def test_dump_refuses_a_format_it_cannot_stream(tmp_path, store):
    from kg.store import dump

    with pytest.raises(InputError, match="graph.jsonld"):
        dump(store, tmp_path / "graph.jsonld")


def test_query_store_results_render(store):
    result = query_store(store, "SELECT * WHERE { ?m org:member ?p } LIMIT 2")
    assert [str(v) for v in result.vars] == ["m", "p"]
    assert result_table(result).endswith("(2 rows)\n")
    assert result_csv(result).startswith("m,p\r\n")
    assert len(json.loads(result_json(result))["results"]["bindings"]) == 2
    ask = query_store(store, 'ASK { ?p rdfs:label "王振"@zh }')
    assert result_table(ask) == "true\n"
    construct = query_store(store, 'CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a foaf:Person ; rdfs:label ?n }')
    assert "王振" in result_table(construct)


def test_query_store_refuses_bad_queries_and_updates(store):
    with pytest.raises(QueryError, match="does not parse"):
        query_store(store, "SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QueryError, match="SPARQL Update"):
        query_store(store, "DELETE WHERE { ?s ?p ?o }")
    assert query_store(store, 'INSERT DATA { GRAPH <urn:g> { <urn:a> rdfs:label "x" } }',
                       update=True) is None
    assert _count(store, '<urn:a> rdfs:label "x"') == 1


def test_open_store_reports_folders_it_cannot_use(tmp_path, store):
    held = tmp_path / "held"
    first = open_store(held)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(held)
    del first
    with pytest.raises(InputError, match="store folder is missing"):
        open_store(tmp_path / "nothing", read_only=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a store folder"):
        open_store(tmp_path / "file")

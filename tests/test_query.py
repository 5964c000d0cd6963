"""Named queries over the sample graph, result formats, and refusing what should be refused."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import InputError, QueryError, UnknownNameError
from kg.ontology import ONTOLOGY_DIR
from kg.query import (available_queries, load_graph, read_query, result_csv, result_json,
                      result_table, run_query)

SAMPLE = Path(__file__).resolve().parent / "data" / "sample.ttl"
WANG = URIRef("https://w3id.org/zhkg/id/article/sample/person/69c61ea797ff518c")


def _rows(name: str, **bindings) -> list[dict[str, str]]:
    result = run_query(load_graph(SAMPLE), read_query(name), bindings=bindings)
    return [{str(v): str(row[v]) for v in result.vars if row[v] is not None} for row in result]


@pytest.mark.parametrize(("name", "fact"), [
    ("people_by_org", {"orgLabel": "中电信量子集团", "personLabel": "王振", "role": "副总经理"}),
    ("people_by_org", {"orgLabel": "中电信量子集团量子计算事业部", "personLabel": "查子龙", "role": "总经理"}),
    ("agreements", {"title": "合作协议", "partyLabel": "北京玻色量子科技有限公司"}),
    ("agreements", {"title": "合作协议", "partyLabel": "静安区科经委"}),
    ("events", {"name": "论坛", "date": "2026-01-27", "locationLabel": "上海静安大宁国际会议中心",
                "organizerLabel": "上海电信"}),
    ("roles_with_evidence", {"personLabel": "王振", "role": "副总经理", "orgLabel": "中电信量子集团",
                             "evidence": "中电信量子集团副总经理王振表示<img src=x onerror=alert(1)>。",
                             "startOffset": "45", "endOffset": "89"}),
    ("aliases", {"prefLabel": "北京玻色量子科技有限公司", "altLabel": "玻色量子"}),
    ("aliases", {"prefLabel": "静安区科经委"}),
])
def test_query_named_returns_sample_fact(name, fact):
    rows = _rows(name)
    assert any(fact.items() <= row.items() for row in rows), rows


@pytest.mark.parametrize(("name", "count"), [
    ("people_by_org", 2), ("agreements", 3), ("events", 1), ("roles_with_evidence", 2),
    ("aliases", 5),
])
def test_query_named_returns_only_sample_facts(name, count):
    assert len(_rows(name)) == count


@pytest.mark.parametrize(("name", "first"), [("people_by_org", "中电信量子集团")])
def test_query_named_is_ordered(name, first):
    assert _rows(name)[0]["orgLabel"] == first


@pytest.mark.parametrize(("bindings", "expected"), [
    ({"personLabel": Literal("王振", lang="zh")}, [("王振", "副总经理")]),   # bound in an OPTIONAL
    ({"?person": WANG}, [("王振", "副总经理")]),
    ({"role": Literal("总经理", lang="zh")}, [("查子龙", "总经理")]),
    ({"personLabel": "王振"}, []),                                 # a plain literal is not @zh
])
def test_query_bindings_select_rows(bindings, expected):
    assert [(r["personLabel"], r["role"]) for r in _rows("people_by_org", **bindings)] == expected


@pytest.mark.parametrize("name", [
    "people_by_org", "agreements", "events", "roles_with_evidence", "aliases",
])
def test_query_available_lists(name):
    assert name in available_queries()


@pytest.mark.parametrize(("name", "listed"), [("peple_by_org", "people_by_org")])
def test_query_read_unknown_name_lists_available(name, listed):
    with pytest.raises(UnknownNameError) as caught:
        read_query(name)
    assert repr(name) in str(caught.value) and listed in str(caught.value)


@pytest.mark.parametrize("text", ["# mine\nSELECT ?s WHERE { ?s a kg:Agreement }\n"])
def test_query_read_path(tmp_path, text):
    path = tmp_path / "mine.rq"
    path.write_text(text, encoding="utf-8")
    assert read_query(path) == text
    assert read_query(str(path)) == text


@pytest.mark.parametrize("path", ["no/such/query.rq"])
def test_query_read_missing_path_raises(path):
    with pytest.raises(InputError, match="query.rq"):
        read_query(path)


@pytest.mark.parametrize(("name", "shown", "hidden"), [
    ("people_by_org", ["orgLabel", "王振", "副总经理", "kgid:article/sample/org/", "(2 rows)"],
     ["https://w3id.org/zhkg/id/", '"', "@zh"]),
    ("events", ["2026-01-27", "上海静安大宁国际会议中心"], ["XMLSchema", "^^"]),
])
def test_query_table_shows_lexical_forms_and_short_iris(name, shown, hidden):
    table = result_table(run_query(load_graph(SAMPLE), read_query(name)))
    assert all(s in table for s in shown) and not any(h in table for h in hidden), table


@pytest.mark.parametrize("query", [
    'SELECT ?a ?b WHERE { VALUES (?a ?b) { ("王振" "x") ("ab" "y") ("查子龙" "z") } }',
])
def test_query_table_aligns_wide_characters(query):
    from kg.query import _width
    lines = result_table(run_query(load_graph(SAMPLE), query)).splitlines()[:-1]   # drop "(3 rows)"
    assert len({_width(line) for line in lines}) == 1, lines


@pytest.mark.parametrize(("query", "expected"), [
    ("ASK { ?a a kg:Agreement }", "true\n"),
    ("ASK { ?a a kg:Nothing }", "false\n"),
])
def test_query_table_ask(query, expected):
    assert result_table(run_query(load_graph(SAMPLE), query)) == expected


@pytest.mark.parametrize(("name", "header", "row"), [
    ("aliases", ["org", "prefLabel", "altLabel"],
     ["https://w3id.org/zhkg/id/article/sample/org/21161c481a7c0f4b", "北京玻色量子科技有限公司", "玻色量子"]),
])
def test_query_csv_has_header_and_full_iris(name, header, row):
    text = result_csv(run_query(load_graph(SAMPLE), read_query(name)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == header
    assert row in rows


@pytest.mark.parametrize(("name", "var", "term"), [
    ("events", "name", {"type": "literal", "value": "论坛", "xml:lang": "zh"}),
    ("events", "date", {"type": "literal", "value": "2026-01-27",
                        "datatype": "http://www.w3.org/2001/XMLSchema#date"}),
    ("events", "event", {
        "type": "uri", "value": "https://w3id.org/zhkg/id/article/sample/event/610d086b8398b963"}),
])
def test_query_json_is_sparql_results(name, var, term):
    result = run_query(load_graph(SAMPLE), read_query(name))
    doc = json.loads(result_json(result))
    assert doc["head"]["vars"] == [str(v) for v in result.vars]
    assert doc["results"]["bindings"][0][var] == term


@pytest.mark.parametrize("query", [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s)) }",     # blank nodes, no ORDER BY
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l }",
])
def test_query_json_is_deterministic(query):
    first, second = (result_json(run_query(load_graph(ONTOLOGY_DIR / "kg.ttl"), query))
                     for _ in range(2))
    assert first == second
    assert json.loads(first)["results"]["bindings"]


@pytest.mark.parametrize("seeds", [("1", "2", "3")])
def test_query_output_is_same_across_processes(seeds):
    """Set iteration order changes with PYTHONHASHSEED; the output must not."""
    script = ("from kg.query import *; g = load_graph('ontology/kg.ttl'); "
              "q = 'SELECT * WHERE { ?s ?p ?o }'; "
              "print(result_table(run_query(g, q)) + result_json(run_query(g, q)))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, cwd=ONTOLOGY_DIR.parent,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in seeds}
    assert len(outputs) == 1


@pytest.mark.parametrize(("query", "bnode"), [
    ("SELECT ?s WHERE { ?s owl:inverseOf kg:person }", {"type": "bnode", "value": "b0"}),
])
def test_query_json_relabels_blank_nodes(query, bnode):
    doc = json.loads(result_json(run_query(load_graph(ONTOLOGY_DIR / "kg.ttl"), query)))
    assert doc["results"]["bindings"] == [{"s": bnode}]


@pytest.mark.parametrize("query", [
    "SELEC ?x",
    "SELECT ?x WHERE { ?x a }",
    "SELECT ?x WHERE { ?x a nope:Thing }",
])
def test_query_bad_raises_query_error(query):
    with pytest.raises(QueryError, match="does not parse"):
        run_query(load_graph(SAMPLE), query)


@pytest.mark.parametrize("query", [
    "INSERT DATA { kg:a kg:b kg:c }",
    "DELETE WHERE { ?s ?p ?o }",
    "# wipe it\nPREFIX x: <http://example.org/>\nCLEAR ALL",
    "delete { ?s ?p ?o } where { ?s ?p ?o }",
])
def test_query_update_refused(query):
    g = load_graph(SAMPLE)
    size = len(g)
    with pytest.raises(QueryError, match="update=True"):
        run_query(g, query)
    assert len(g) == size


@pytest.mark.parametrize(("query", "change"), [
    ("INSERT DATA { kg:a kg:b kg:c }", 1),
    ("DELETE WHERE { ?s skos:altLabel ?o }", -1),
])
def test_query_update_allowed_with_flag(query, change):
    g = load_graph(SAMPLE)
    size = len(g)
    assert run_query(g, query, update=True) is None
    assert len(g) == size + change


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("bad.ttl", "@prefix x: <http://x/> .\nx:a x:b\n", "not valid turtle"),
    ("bad.nt", "<a> <b> .\n", "not valid nt"),
    ("bad.jsonld", '{"@id": ', "not valid json-ld"),
    ("graph.csv", "a,b\n", "cannot tell the RDF format"),
])
def test_query_load_graph_bad_file_raises_input_error(tmp_path, name, text, problem):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_graph(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


@pytest.mark.parametrize("path", ["no/such/graph.ttl"])
def test_query_load_graph_missing_file_raises_input_error(path):
    with pytest.raises(InputError, match="graph.ttl"):
        load_graph(path)


@pytest.mark.parametrize(("suffix", "rdflib_format"), [
    (".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig"), (".ttl", "turtle"),
])
def test_query_load_graph_by_extension(tmp_path, suffix, rdflib_format):
    path = tmp_path / f"graph{suffix}"
    load_graph(SAMPLE).serialize(path, format=rdflib_format, encoding="utf-8")
    result = run_query(load_graph(path), read_query("people_by_org"))
    assert [str(row.role) for row in result] == ["副总经理", "总经理"]

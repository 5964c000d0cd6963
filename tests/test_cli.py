"""The paths a user takes: kg build → files, kg query, kg eval, kg explain; exit codes."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import cli
from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    code = cli.main(["build", str(ROOT / "seeds"), "-o", str(out), "-q"])
    return code, out


def test_cli_build_writes_turtle_and_html(built):
    code, out = built
    assert code == 0
    assert len(Graph().parse(out / "graph.ttl")) > 100
    assert "vis" in (out / "graph.html").read_text(encoding="utf-8")


def test_cli_build_prints_summary(tmp_path, capsys):
    assert cli.main(["build", str(SEED), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "people" in out and "agreements" in out and str(tmp_path / "graph.ttl") in out


def test_cli_query_named_query_as_json(built, capsys):
    _, out = built
    assert cli.main(["query", str(out / "graph.ttl"), "people_by_org", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    people = {b["personLabel"]["value"] for b in result["results"]["bindings"]}
    assert {"王振", "朱羡", "查子龙"} <= people


def test_cli_query_file_as_csv(built, capsys):
    _, out = built
    rq = ROOT / "ontology" / "queries" / "agreements.rq"
    assert cli.main(["query", str(out / "graph.ttl"), "-f", str(rq), "--format", "csv"]) == 0
    assert "静安区科经委" in capsys.readouterr().out


def test_cli_sparql_contract_returns_seed_facts(built):
    _, out = built
    g = Graph().parse(out / "graph.ttl")
    rows = g.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?r ?o WHERE { ?m a org:Membership ; org:member/rdfs:label ?p ;
            org:role/rdfs:label ?r ; org:organization/rdfs:label ?o }""")
    assert ("王振", "副总经理", "中电信量子集团") in {tuple(map(str, r)) for r in rows}
    parties = g.query("""
        PREFIX kg: <https://w3id.org/zhkg/ontology#>
        SELECT (COUNT(?p) AS ?n) WHERE { ?a a kg:Agreement ; kg:party ?p . ?p kg:signed ?a }""")
    assert int(next(iter(parties))[0]) == 3


def test_cli_bad_input_is_one_line_error_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("   \n")
    assert cli.main(["build", str(bad), str(SEED), "-o", str(tmp_path / "o"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err
    assert (tmp_path / "o" / "graph.ttl").exists()


def test_cli_unknown_format_is_usage_error(tmp_path, capsys):
    assert cli.main(["build", str(SEED), "-o", str(tmp_path), "--format", "tll"]) == 2
    assert "tll" in capsys.readouterr().err


def test_cli_eval_prints_scores_per_type(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.gold.jsonl").write_text(
        SEED.with_name(SEED.stem + ".gold.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert cli.main(["eval", str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    for kind in ("role", "agreement", "signatory", "event"):
        assert kind in out


def test_cli_explain_term(capsys):
    assert cli.main(["explain", "kg:Agreement"]) == 0
    assert "Agreement" in capsys.readouterr().out


def test_cli_version(capsys):
    assert cli.main(["--version"]) == 0
    assert "zhkg" in capsys.readouterr().out


def test_cli_validate_built_graph_conforms(built, capsys):
    _, out = built
    assert cli.main(["validate", str(out / "graph.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_cli_build_store_then_query_store(tmp_path, capsys):
    store = tmp_path / "store"
    assert cli.main(["build", str(SEED), "-o", str(tmp_path / "o"), "--store", str(store), "-q"]) == 0
    assert cli.main(["query", "--store", str(store), "people_by_org", "--format", "csv"]) == 0
    assert "副总经理" in capsys.readouterr().out
    # building the article again replaces it in the store, never duplicates
    assert cli.main(["build", str(SEED), "-o", str(tmp_path / "o"), "--store", str(store), "-q"]) == 0
    assert cli.main(["query", "--store", str(store),
                     "SELECT (COUNT(?m) AS ?n) WHERE { ?m a org:Membership }", "--format", "csv"]) == 0
    assert capsys.readouterr().out.split()[-1] == "10"


def test_cli_dump_writes_the_store_as_turtle(tmp_path, capsys):
    store = tmp_path / "deep" / "store"                 # parent folders are made
    assert cli.main(["build", str(SEED), "-o", str(tmp_path / "o"), "--store", str(store), "-q"]) == 0
    assert cli.main(["dump", "--store", str(store), "-o", str(tmp_path / "all.ttl")]) == 0
    assert "all.ttl" in capsys.readouterr().out
    dumped = Graph().parse(tmp_path / "all.ttl", format="turtle")
    assert isomorphic(dumped, Graph().parse(tmp_path / "o" / "graph.ttl", format="turtle"))
    assert cli.main(["dump", "--store", str(tmp_path / "none"), "-o", str(tmp_path / "x.ttl")]) != 0
    assert "none" in capsys.readouterr().err


def test_cli_push_unreachable_endpoint_is_one_line_error(tmp_path, capsys):
    assert cli.main(["build", str(SEED), "-o", str(tmp_path), "--format", "nq", "-q"]) == 0
    code = cli.main(["push", str(tmp_path), "--endpoint", "http://127.0.0.1:9/store", "-q"])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "127.0.0.1:9" in err[0]


def test_cli_build_dask_engine_matches_local_nquads(tmp_path):
    pytest.importorskip("distributed")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    assert cli.main(["build", str(SEED), "-o", str(local), "--format", "nq", "-j", "1", "-q"]) == 0
    assert cli.main(["build", str(SEED), "-o", str(dask_out), "--engine", "dask", "-j", "1", "-q"]) == 0
    assert (dask_out / "graph.nq").read_bytes() == (local / "graph.nq").read_bytes()


def test_cli_verbose_flag_is_accepted(tmp_path):
    assert cli.main(["-v", "build", str(SEED), "-o", str(tmp_path), "-q", "--format", "ttl"]) == 0

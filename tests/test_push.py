"""kg.push against a real Oxigraph server (the `oxigraph` package's binary) on a loopback port."""
from __future__ import annotations

import base64
import http.server
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, RDF, RDFS

import kg
from kg.errors import InputError, KGError, QueryError, StoreError
from kg.export.nquads import nquads_text
from kg.ontology import ONTOLOGY_DIR
from kg.push import push, query_endpoint
from kg.query import result_json, result_table
from kg.store import ONTOLOGY_GRAPH, SHARED_GRAPH, load_file, open_store, query_store
from tests.conftest import STORE_ARTICLES

ARTICLES = STORE_ARTICLES
SEED_ID = "000_0f5b15eece7fc494"
FAST = {"tries": 2, "backoff": 0.01, "timeout": 5}


# The server ------------------------------------------------------------------------------------

def _oxigraph() -> str | None:
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent),
               os.environ.get("PATH", "")]
    return shutil.which("oxigraph", path=os.pathsep.join(folders))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``oxigraph serve`` on a free loopback port over a folder; stop and start it again."""

    def __init__(self, binary: str, location: Path):
        self.binary, self.location, self.port = binary, location, _free_port()
        self.process: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.store, self.query = f"{self.base}/store", f"{self.base}/query"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "serve", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("oxigraph did not answer within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def count(self, where: str = "GRAPH ?g { ?s ?p ?o }") -> int:
        result = query_endpoint(self.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(next(iter(result)).n)

    def graph_sizes(self) -> dict[str, int]:
        result = query_endpoint(self.query, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(row.g): int(row.n) for row in result}


@pytest.fixture(scope="module")
def oxigraph_binary() -> str:
    binary = _oxigraph()
    if binary is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("the oxigraph binary is missing (pip install -e '.[test]'); CI must run these")
        pytest.skip("the oxigraph binary is missing (pip install -e '.[test]')")
    return binary


@pytest.fixture
def server(oxigraph_binary, tmp_path):
    server = Server(oxigraph_binary, tmp_path / "oxigraph")
    server.start()
    yield server
    server.stop()


# The corpus ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(seed_graph) -> list[tuple[str, Graph]]:
    """The seed and two invented articles; all three have a 副总经理."""
    return [(SEED_ID, seed_graph)] + [(i, kg.build_graph(text, i)) for i, text in ARTICLES.items()]


@pytest.fixture
def build(tmp_path, corpus) -> Path:
    """A build folder: graph.nq (a named graph per article), graph.ttl and ontology.ttl."""
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "graph.nq").write_text(nquads_text(corpus), encoding="utf-8")
    merged = Graph()
    for _, g in corpus:
        merged += g
    merged.serialize(folder / "graph.ttl", format="turtle")
    shutil.copy(ONTOLOGY_DIR / "kg.ttl", folder / "ontology.ttl")
    return folder


@pytest.fixture
def expected(tmp_path, build) -> dict[str, int]:
    """Triples per graph, as kg.store lays out graph.nq locally."""
    store = open_store(tmp_path / "local")
    load_file(store, build / "graph.nq")
    result = query_store(store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(row.g): int(row.n) for row in result}


def _sizes_without_ontology(server: Server) -> dict[str, int]:
    return {g: n for g, n in server.graph_sizes().items() if g != ONTOLOGY_GRAPH}


# Pushing ---------------------------------------------------------------------------------------

def test_push_loads_every_article_and_the_ontology(server, build, corpus, expected):
    result = push(build, server.store)
    assert result.ok and result.retries == 0
    assert result.pushed == sorted(i for i, _ in corpus)
    assert result.graphs == [ONTOLOGY_GRAPH, SHARED_GRAPH]
    assert _sizes_without_ontology(server) == expected
    assert server.count(f"GRAPH <{ONTOLOGY_GRAPH}> {{ kg:Agreement a owl:Class }}") == 1


def test_pushed_facts_query_back(server, build, corpus):
    push(build, server.store)
    memberships = sum(len(set(g.subjects(RDF.type, ORG.Membership))) for _, g in corpus)
    assert server.count("?m a org:Membership") == memberships > 0
    result = query_endpoint(server.query, """SELECT ?title WHERE {
        ?m org:member/rdfs:label "王振"@zh ; org:role/rdfs:label ?title }""")
    assert [str(row.title) for row in result] == ["副总经理"]
    by_title = query_endpoint(server.query, """SELECT ?title (COUNT(?m) AS ?n) WHERE {
        ?m a org:Membership ; org:role/rdfs:label ?title } GROUP BY ?title""")
    counts = {str(row.title): int(row.n) for row in by_title}
    assert counts["副总经理"] == sum(                  # each membership once, not once per article
        1 for _, g in corpus for m in g.subjects(RDF.type, ORG.Membership)
        if Literal("副总经理", lang="zh") in {g.value(r, RDFS.label) for r in g.objects(m, ORG.role)})


def test_push_again_doubles_nothing(server, build):
    push(build, server.store)
    before = server.graph_sizes()
    again = push(build, server.store)
    assert again.ok
    assert server.graph_sizes() == before


def test_push_replaces_a_changed_article(server, build, tmp_path):
    push(build, server.store)
    changed = kg.build_graph(ARTICLES["t1"].replace("副总经理李明", "总工程师李明"), "t1")
    (tmp_path / "t1.nq").write_text(nquads_text([("t1", changed)]), encoding="utf-8")
    result = push(tmp_path / "t1.nq", server.store, ontology=False)
    assert result.pushed == ["t1"]
    person = '?m org:member/rdfs:label "李明"@zh ; org:role/rdfs:label'
    assert server.count(f'{person} "副总经理"@zh') == 0
    assert server.count(f'{person} "总工程师"@zh') == 1
    assert server.count('?m org:member/rdfs:label "孙丽"@zh') == 1      # others untouched


def test_push_groups_a_turtle_file_by_article(server, build, expected):
    result = push(build / "graph.ttl", server.store, ontology=False)
    assert result.ok and len(result.pushed) == 3
    assert server.graph_sizes() == expected


def test_push_survives_a_server_restart_mid_batch(server, build, expected):
    restarted = []

    def progress(name: str, landed: bool) -> None:
        if name == SEED_ID and not restarted:          # the first article has landed
            server.stop()
            timer = threading.Timer(0.3, server.start)
            timer.start()
            restarted.append(timer)

    result = push(build, server.store, progress=progress)
    restarted[0].join()
    assert result.ok, result.failed
    assert result.retries >= 1
    assert _sizes_without_ontology(server) == expected


def test_push_reports_what_did_not_land_and_a_rerun_completes_it(server, build, expected):
    def progress(name: str, landed: bool) -> None:
        if name == SEED_ID:
            server.stop()

    result = push(build, server.store, progress=progress, **FAST)
    assert result.pushed == [SEED_ID]
    assert [name for name, _ in result.failed] == ["t1", "t2"]
    assert all("cannot connect" in reason for _, reason in result.failed)
    server.start()
    again = push(build, server.store, **FAST)
    assert again.ok and len(again.pushed) == 3
    assert _sizes_without_ontology(server) == expected


# Errors ----------------------------------------------------------------------------------------

def test_unreachable_endpoint_is_a_one_line_error(build):
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(StoreError) as caught:
        push(build, url, **FAST)
    message = str(caught.value)
    assert isinstance(caught.value, KGError) and "\n" not in message
    assert message.startswith(url) and "cannot connect" in message and "after 2 tries" in message
    with pytest.raises(StoreError, match="cannot connect"):
        query_endpoint(url.replace("/store", "/query"), "ASK {}", **FAST)


def test_refusing_endpoint_is_a_one_line_error(server, build):
    with pytest.raises(StoreError, match=r"/nothing: HTTP 404 Not Found") as caught:
        push(build, f"{server.base}/nothing", **FAST)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/store", "127.0.0.1:7878/store",
                                 "http://kg:secret@127.0.0.1:7878/store"])
def test_push_refuses_urls_it_cannot_use(build, url):
    with pytest.raises(StoreError) as caught:
        push(build, url)
    assert "secret" not in str(caught.value)


def test_push_names_a_missing_input(tmp_path):
    with pytest.raises(InputError, match="graph file"):
        push(tmp_path, "http://127.0.0.1:9/store")


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first ``failures`` requests, then 204; keeps each request's headers."""

    seen: list = []
    failures = 0

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((self.command, self.path, dict(self.headers)))
        if type(self).failures > 0:
            type(self).failures -= 1
            self.send_response(503, "Service Unavailable")
        else:
            self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def recorder():
    _Recorder.seen, _Recorder.failures = [], 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_push_sends_basic_auth_from_the_environment(recorder, build, monkeypatch):
    monkeypatch.setenv("ZHKG_STORE_USER", "kg")
    monkeypatch.setenv("ZHKG_STORE_PASSWORD", "s3cret")
    assert push(build, recorder).ok
    token = base64.b64encode(b"kg:s3cret").decode()
    assert len(_Recorder.seen) == 5                      # ontology, shared, three articles
    assert all(headers.get("Authorization") == f"Basic {token}" for *_, headers in _Recorder.seen)
    methods = [(method, path.split("graph=")[1]) for method, path, _ in _Recorder.seen]
    assert methods[:2] == [("PUT", "https%3A%2F%2Fw3id.org%2Fzhkg%2Fontology"),
                           ("POST", "https%3A%2F%2Fw3id.org%2Fzhkg%2Fid%2Fshared%2Fgraph")]
    assert methods[2] == ("PUT", "https%3A%2F%2Fw3id.org%2Fzhkg%2Fid%2Farticle%2F"
                                 f"{SEED_ID}%2Fgraph")


def test_push_sends_no_auth_without_the_environment(recorder, build, monkeypatch):
    monkeypatch.delenv("ZHKG_STORE_USER", raising=False)
    assert push(build, recorder).ok
    assert all("Authorization" not in headers for *_, headers in _Recorder.seen)


def test_push_retries_server_errors(recorder, build):
    _Recorder.failures = 2
    result = push(build, recorder, tries=3, backoff=0.01)
    assert result.ok and result.retries == 2
    assert len(_Recorder.seen) == 7


# Querying --------------------------------------------------------------------------------------

def test_query_endpoint_results_render(server, build):
    push(build, server.store)
    table = result_table(query_endpoint(server.query, """SELECT ?name WHERE {
        ?p a foaf:Person ; rdfs:label ?name FILTER(?name = "王振"@zh) }"""))
    assert table.splitlines()[2] == "王振"
    assert '"value": "王振"' in result_json(query_endpoint(
        server.query, 'SELECT * WHERE { ?p rdfs:label "王振"@zh ; rdfs:label ?name }'))
    assert result_table(query_endpoint(server.query, 'ASK { ?p rdfs:label "王振"@zh }')) == "true\n"
    construct = query_endpoint(server.query, """CONSTRUCT { ?p rdfs:label ?n }
        WHERE { ?p a foaf:Person ; rdfs:label ?n }""")
    assert (None, None, Literal("王振", lang="zh")) in construct.graph


def test_query_endpoint_refuses_bad_queries_and_updates(server):
    with pytest.raises(QueryError, match="does not parse"):
        query_endpoint(server.query, "SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QueryError, match="SPARQL Update"):
        query_endpoint(server.query, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")

"""Building a corpus: workers, streaming, atomic outputs, failures collected, every input kind."""
from __future__ import annotations

import io
import json
import sys
from itertools import islice

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SDO, XSD

from kg import cli
from kg.corpus import article_graph, build_corpus, build_results, count_facts
from kg.graph import article_iri, new_graph
from kg.read import Source
from tests.conftest import ROOT, SEED

ARTICLES = {
    "xinghai": "星海科技集团召开年度大会\n\n星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。\n\n"
               "集团副总经理陈思远介绍，今年公司与江南大学签署了战略合作协议，双方将共建联合实验室。\n",
    "jiangnan": "江南大学举行校庆活动\n\n江南大学校长周文博在致辞中表示，学校将继续深化产学研合作，服务区域经济发展。\n",
    "yunfan": "云帆物流公司发布年报\n\n云帆物流公司总经理赵一鸣介绍，公司全年营业收入同比增长百分之十二。\n",
    "fanti": "星海科技集團召開年度大會\n\n星海科技集團董事長李明遠表示，公司將加大研發投入，推動量子計算技術的產業化應用。\n",
}
ALL_FORMATS = "ttl,nt,trig,nq,jsonld,graphml,gexf,html"
FILES = ["graph.ttl", "graph.nt", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml",
         "graph.gexf", "graph.html", "ontology.ttl"]


@pytest.fixture
def corpus(tmp_path):
    """A folder with the seed article and the invented ones, in UTF-8 and GBK."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    for n, (article_id, text) in enumerate(ARTICLES.items()):
        encoding = "gbk" if n % 2 and article_id != "fanti" else "utf-8"
        (folder / f"{article_id}.txt").write_bytes(text.encode(encoding))
    return folder


def _expected() -> Graph:
    g = new_graph()
    for article_id, text in sorted({**ARTICLES, "seed": SEED.read_text(encoding="utf-8")}.items()):
        g += article_graph(article_id, text)
    return g


def test_corpus_j2_is_byte_identical_to_j1(corpus, tmp_path):
    one = build_corpus([corpus], tmp_path / "one", formats=ALL_FORMATS.split(","), jobs=1)
    two = build_corpus([corpus], tmp_path / "two", formats=ALL_FORMATS.split(","), jobs=2)
    assert (one.jobs, two.jobs) == (1, 2)
    assert one.articles == two.articles == 5 and not one.failures and not two.failures
    assert [p.name for p in one.written] == FILES
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_corpus_streamed_outputs_equal_graph_in_memory(corpus, tmp_path):
    result = build_corpus([corpus], tmp_path / "out", formats=["ttl", "nt", "trig", "nq"], jobs=1)
    out = tmp_path / "out"
    expected = _expected()
    assert isomorphic(Graph().parse(out / "graph.ttl"), expected)
    assert isomorphic(Graph().parse(out / "graph.nt", format="nt"), expected)
    for name, fmt in (("graph.trig", "trig"), ("graph.nq", "nquads")):
        d = Dataset()
        d.parse(out / name, format=fmt)
        for article_id, text in ARTICLES.items():
            assert isomorphic(d.graph(URIRef(f"{article_iri(article_id)}/graph")),
                              article_graph(article_id, text)), (name, article_id)
    assert result.counts == count_facts(expected)


def test_corpus_traditional_article_keeps_its_own_characters(corpus, tmp_path):
    build_corpus([corpus / "fanti.txt"], tmp_path / "out", formats=["ttl"])
    labels = {str(o) for o in Graph().parse(tmp_path / "out" / "graph.ttl").objects(None, RDFS.label)}
    assert {"李明遠", "董事長"} <= labels


def test_corpus_publishes_the_ontology(corpus, tmp_path):
    build_corpus([corpus / "yunfan.txt"], tmp_path / "out", formats=["nt"])
    assert (tmp_path / "out" / "ontology.ttl").read_bytes() == (ROOT / "ontology" / "kg.ttl").read_bytes()
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_corpus_failure_midway_leaves_previous_output(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus / "yunfan.txt"], out, formats=["ttl", "jsonld"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def explode(done, failed):
        if done == 2:
            raise RuntimeError("injected failure")

    with pytest.raises(RuntimeError, match="injected"):
        build_corpus([corpus], out, formats=["ttl", "jsonld"], jobs=1, progress=explode)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before     # no temp file left either


def test_corpus_bad_inputs_collected_and_others_written(corpus, tmp_path):
    (corpus / "empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = build_corpus([corpus], tmp_path / "out", formats=["ttl"], jobs=2)
    assert result.articles == 5
    assert sorted(name.rsplit("/", 1)[-1] for name, _ in result.failures) == ["binary.txt", "empty.txt"]
    assert all("\n" not in message and name in message for name, message in result.failures)
    assert isomorphic(Graph().parse(tmp_path / "out" / "graph.ttl"), _expected())


def test_corpus_all_inputs_failed_keeps_previous_output(corpus, tmp_path):
    out = tmp_path / "out"
    build_corpus([corpus / "yunfan.txt"], out, formats=["ttl"])
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = build_corpus([tmp_path / "empty.txt", tmp_path / "none*.txt"], out, formats=["ttl"])
    assert result.articles == 0 and len(result.failures) == 2 and result.written == []
    assert (out / "graph.ttl").read_bytes() == before


def test_corpus_cli_bad_jsonl_line_exit_1_rest_written(tmp_path, capsys):
    corpus = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "n1", "text": ARTICLES["xinghai"], "url": "https://news.example.com/n1",
                         "date": "2026-03-02", "source": "星海日报"}, ensure_ascii=False),
             "{not json",
             json.dumps({"id": "n3", "text": ARTICLES["yunfan"]}, ensure_ascii=False)]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.main(["build", str(corpus), "-o", str(tmp_path / "out"), "--format", "ttl", "-j", "2"]) == 1
    captured = capsys.readouterr()
    assert f"{corpus}:2" in captured.err and "2 article(s)" in captured.out
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    n1 = article_iri("n1")
    assert (n1, SDO.url, Literal("https://news.example.com/n1", datatype=XSD.anyURI)) in g
    assert (n1, SDO.datePublished, Literal("2026-03-02", datatype=XSD.date)) in g
    assert (n1, SDO.publisher, Literal("星海日报", lang="zh")) in g
    assert (article_iri("n3"), SDO.identifier, Literal("n3")) in g


def test_corpus_html_page_url_becomes_schema_url(tmp_path):
    from tests.test_read import PAGE

    page = tmp_path / "xinghai.html"
    page.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    build_corpus([page], tmp_path / "out", formats=["ttl"])
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    node = article_iri("xinghai")
    assert str(g.value(node, SDO.url)) == "https://news.example.com/2026/03/02/xinghai.html"
    assert str(g.value(node, SDO.datePublished)) == "2026-03-02"
    assert str(g.value(node, SDO.author)) == "王小明"
    assert "李明远" in {str(o) for o in g.objects(None, RDFS.label)}


def test_corpus_cli_stdin_and_glob(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLES["jiangnan"].encode("gbk"))))
    code = cli.main(["build", "-", str(corpus / "x*.txt"), "-o", str(tmp_path / "out"),
                     "--format", "nt", "-q"])
    assert code == 0 and capsys.readouterr().err == ""
    g = Graph().parse(tmp_path / "out" / "graph.nt", format="nt")
    assert isomorphic(g, article_graph("stdin", ARTICLES["jiangnan"]) + article_graph("xinghai", ARTICLES["xinghai"]))


def test_corpus_cli_unknown_format_lists_available(tmp_path, capsys):
    assert cli.main(["build", str(SEED), "-o", str(tmp_path), "--format", "ttl,grafml"]) == 2
    err = capsys.readouterr().err
    assert "grafml" in err and "graphml" in err and "trig" in err
    assert not list(tmp_path.iterdir())


def test_corpus_progress_reports_each_input(corpus, tmp_path):
    seen = []
    build_corpus([corpus], tmp_path / "out", formats=["nt"], progress=lambda d, f: seen.append((d, f)))
    assert seen == [(n, 0) for n in range(1, 6)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_corpus_results_read_inputs_lazily(jobs):
    consumed = []

    def sources():
        for n in range(1000):
            consumed.append(n)
            yield Source(f"a{n}", f"a{n}", text=ARTICLES["yunfan"])

    results = build_results(sources(), jobs=jobs, chunksize=2)
    first = list(islice(results, 3))
    results.close()
    assert [b.name for b in first] == ["a0", "a1", "a2"] and not first[0].error
    assert len(consumed) <= 2 * jobs * 2 + 2 + 3


def test_corpus_workers_fork_warm_when_alone_and_spawn_beside_threads(monkeypatch):
    from kg import corpus, mentions
    from kg.lexicon import DEFAULT_DIR

    monkeypatch.setattr(corpus.threading, "active_count", lambda: 1)
    mentions._jieba.cache_clear()
    assert corpus._worker_context(DEFAULT_DIR).get_start_method() == "fork"
    assert mentions._jieba.cache_info().currsize == 1        # loaded before the fork
    monkeypatch.setattr(corpus.threading, "active_count", lambda: 2)
    assert corpus._worker_context(DEFAULT_DIR).get_start_method() == "spawn"


def test_corpus_store_holds_each_article_and_a_rebuild_replaces_it(corpus, tmp_path):
    from kg.store import SHARED_GRAPH, article_graph_iri, open_store, query_store

    store = tmp_path / "store"
    build_corpus([corpus], tmp_path / "out", formats=["ttl"], jobs=2, store=store)
    db = open_store(store, read_only=True)
    graphs = {g.value for g in db.named_graphs()}
    assert graphs == {article_graph_iri(a) for a in ["seed", *ARTICLES]} | {SHARED_GRAPH}
    before = len(db)
    del db
    (corpus / "yunfan.txt").write_text(ARTICLES["yunfan"].replace("总经理", "总工程师"), encoding="utf-8")
    build_corpus([corpus / "yunfan.txt"], tmp_path / "out2", formats=["ttl"], store=store)
    db = open_store(store, read_only=True)
    titles = {str(row.t) for row in query_store(db, "SELECT ?t WHERE { GRAPH "
                                                 f"<{article_graph_iri('yunfan')}> {{ ?m org:role ?r }} ?r rdfs:label ?t }}")}
    assert "总工程师" in titles and "总经理" not in titles
    assert abs(len(db) - before) <= 2            # replaced, not added: the role node may differ


def test_corpus_store_that_cannot_open_fails_before_any_output(corpus, tmp_path):
    from kg.errors import StoreError

    (tmp_path / "store").write_text("not a store", encoding="utf-8")
    with pytest.raises(StoreError, match="store"):
        build_corpus([corpus], tmp_path / "out", formats=["ttl"], store=tmp_path / "store")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

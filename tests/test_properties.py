"""Every graph is valid RDF: hostile strings through mention → IRI → literal → every RDF format.

Relations and entities are built by hand (as a rule test builds a Sentence) with arbitrary
Unicode as person, organization, title, evidence, headline, URL, author, publisher and article
id, then written with the project's exporters (``kg.export.EXPORTERS``), parsed back with
rdflib and compared with ``rdflib.compare.isomorphic``; every IRI, in the graph and in what is
parsed back, must be a valid IRI. Hypothesis runs 1,000 examples when ``CI`` is set, fewer
locally.
"""
from __future__ import annotations

import json
import os
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.corpus import build_source
from kg.export import EXPORTERS
from kg.export.ntriples import escape_controls
from kg.export.trig import graph_iri
from kg.graph import KG, add_relations, article_iri, new_graph, safe_text
from kg.model import Article, Entity, Relation, Sentence
from kg.read import _jsonl_source

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph API.
pytestmark = [pytest.mark.filterwarnings("ignore:.*ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")]

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
PROPERTY = settings(max_examples=1000 if CI else 100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# RFC 3987 IRI characters: iunreserved (with ucschar), sub-delims, gen-delims, pct-encoded.
_UCS = "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd" \
       "\U00030000-\U0003fffd\U000e1000-\U000efffd"
IRI = re.compile(rf"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]{_UCS}]|%[0-9A-Fa-f]{{2}})*")
_DOT_SEGMENT = re.compile(r"/\.{1,2}(?=/|$|[?#])")

# Characters that break naive serializers: quotes, IRI delimiters, escapes, line ends, controls,
# bidi marks, BOM, non-characters, astral characters, lone surrogates, Turtle and JSON-LD syntax.
SPECIAL = ['"', "'", "<", ">", "\\", "\n", "\r", "\t", "{", "}", "|", "^", "`", " ", "\x00",
           "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029",
           "\u200b", "\u200f", "\u202e", "\u2066", "\ufeff", "\ufffd", "\ufffe", "\uffff",
           "\U0001f600", "\U00020000", "\U0010ffff", "\U000e0001", "\ud800", "\udfff", "\udcff",
           "@", "#", "%", "%zz", ":", "_:b0", "'''", '"""', "\\u0000", "\\U0010FFFF", "@prefix",
           "@id", ".", "..", ";", ",", "[", "]", "(", ")", "量", "與", "﹏", "ـ", "http://x y/"]
HOSTILE = st.one_of(
    st.text(),                                                    # any surrogate-free Unicode
    st.text(alphabet=st.characters(min_codepoint=0x10000, exclude_categories=("Cs",))),  # astral
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=3)), max_size=12).map("".join),
)
NAME = HOSTILE.map(lambda s: s or "名")          # an empty name is no mention
CHARS = sorted({c for s in SPECIAL for c in s} | {"a", "量"})
# Very long strings, one field at a time (rdflib's parsers are slow on long escaped literals).
LONG = st.builds(lambda unit, n, tail: unit * n + tail,
                 st.sampled_from(CHARS + ["量子科技", '"""', "\\u0000", "a b "]),
                 st.integers(1000, 5000), HOSTILE)
FIELDS = ("article_id", "headline", "url", "person", "org", "title", "evidence", "extra")


def hostile_graph(article_id: str, headline: str, url: str, person: str, org: str, title: str,
                  evidence: str, extra: str) -> Graph:
    """One article's graph with every kind of fact, built by hand from the given strings."""
    text = f"{headline}\n\n{evidence}\n"
    article = Article(article_id, text, text, headline=headline, url=url, source=extra,
                      authors=(extra, person), date_published="2026-03-02")
    start = len(headline) + 2
    sentence = Sentence(article, start, start + len(evidence))
    other = org + "\u3001" + extra
    relations = [
        Relation("role", {"person": person, "org": org, "title": title}, sentence),
        Relation("agreement", {"parties": [org, other], "title": title + extra, "date": "2026-03-02"},
                 sentence),
        Relation("signatory", {"person": person, "org": other}, sentence),
        Relation("event", {"name": extra or title, "date": "2026-03-02T20:20:35",
                           "location": extra + org, "organizer": [org]}, sentence),
    ]
    entities = [Entity(other, aliases=(extra + "!", other), parent=org), Entity(org, (title,))]
    return add_relations(new_graph(), article, relations, entities)


def _iris(graph: Graph) -> set[str]:
    found = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                found.add(str(term))
            elif isinstance(term, Literal) and term.datatype is not None:
                found.add(str(term.datatype))
    return found


def assert_valid_iris(graph: Graph) -> None:
    """Every IRI of ``graph`` is an absolute http(s) IRI of RFC 3987 characters, with no space."""
    for iri in _iris(graph):
        assert IRI.fullmatch(iri) and not any(c.isspace() for c in iri), f"invalid IRI {iri!r}"
        parts = urlsplit(iri)
        assert parts.scheme in ("http", "https") and parts.netloc, f"not absolute: {iri!r}"
        assert not _DOT_SEGMENT.search(parts.path), f"dot segment in {iri!r}"


def _reparse_streamed(name: str, fmt: str, graphs: list[tuple[str, Graph]]) -> Graph:
    exporter = EXPORTERS[name]
    data = exporter.header() + "".join(exporter.chunk(g, article_id) for article_id, g in graphs)
    return Graph().parse(data=data, format=fmt)


def _reparse_named(name: str, fmt: str, graphs: list[tuple[str, Graph]]) -> Dataset:
    exporter = EXPORTERS[name]
    data = exporter.header() + "".join(exporter.chunk(g, article_id) for article_id, g in graphs)
    dataset = Dataset()
    dataset.parse(data=data, format=fmt)
    return dataset


PLAIN = ("plain", hostile_graph("plain", "星海科技集团召开年度大会", "https://news.example.com/a",
                                "李明远", "星海科技集团", "董事长", "星海科技集团董事长李明远表示。", "江南大学"))


def check_every_format(article_id: str, graph: Graph) -> None:
    """Each exporter's output re-parses to an isomorphic graph with valid IRIs only."""
    assert_valid_iris(graph)
    graphs = [(article_id, graph), PLAIN]        # chunks must not disturb the ones after them
    union = new_graph()
    for _, g in graphs:
        union += g
    for name, fmt in (("ttl", "turtle"), ("nt", "nt")):
        parsed = _reparse_streamed(name, fmt, graphs)
        assert isomorphic(parsed, union), name
        assert_valid_iris(parsed)
    assert isomorphic(Graph().parse(data=EXPORTERS["ttl"].text(graph), format="turtle"), graph)
    assert isomorphic(Graph().parse(data=EXPORTERS["nt"].text(graph), format="nt"), graph)
    for name, fmt in (("trig", "trig"), ("nq", "nquads")):
        dataset = _reparse_named(name, fmt, graphs)
        for aid, g in graphs:
            named = dataset.graph(graph_iri(aid))
            assert isomorphic(named, g), (name, aid)
            assert_valid_iris(named)
        assert {str(c.identifier) for c in dataset.graphs() if len(c)} == {
            str(graph_iri(aid)) for aid, _ in graphs}
    parsed = Graph().parse(data=EXPORTERS["jsonld"].text(union), format="json-ld")
    assert isomorphic(parsed, union), "jsonld"
    assert_valid_iris(parsed)


@PROPERTY
@given(strings=st.fixed_dictionaries({f: NAME if f in ("person", "org", "title") else HOSTILE
                                      for f in FIELDS}),
       long=st.one_of(st.none(), st.tuples(st.sampled_from(FIELDS), LONG)))
@example(strings=dict(article_id="a\n", headline='"""', url="javascript:alert(1)<>",
                      person="王振\x00", org="<星海>\\", title="\ud800", evidence="a\x0bb\r\nc\u2028",
                      extra=".."), long=None)
@example(strings=dict(article_id="..", headline="\u202e\u200f", url="", person="\U0001f600",
                      org="'''", title="@id", evidence="", extra=""),
         long=("evidence", "量子科技" * 25000 + '"\n\\'))
def test_properties_hostile_strings_give_valid_rdf_in_every_format(strings, long):
    if long is not None:
        strings = {**strings, long[0]: long[1]}
    if strings["article_id"] == PLAIN[0]:
        strings["article_id"] += "!"
    check_every_format(strings["article_id"], hostile_graph(**strings))


@PROPERTY
@given(text=st.text(alphabet=st.sampled_from(CHARS), max_size=40))
def test_properties_literals_keep_length_and_safe_characters(text):
    safe = safe_text(text)
    assert len(safe) == len(text)                                    # offsets stay honest
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", safe)
    assert safe_text(safe) == safe
    for a, b in zip(text, safe):
        assert a == b or b in (" ", "\ufffd")


@PROPERTY
@given(article_id=HOSTILE, evidence=HOSTILE)
def test_properties_evidence_literal_spans_its_offsets(article_id, evidence):
    g = hostile_graph(article_id, "标题", "", "李明远", "星海科技集团", "董事长", evidence, "")
    facts = set(g.subjects(KG.evidence, None))
    assert facts
    for fact in facts:
        start, end = int(g.value(fact, KG.startOffset)), int(g.value(fact, KG.endOffset))
        assert end - start == len(str(g.value(fact, KG.evidence))) == len(evidence)


@PROPERTY
@given(text=st.text(alphabet=st.sampled_from([c for c in CHARS if c not in "\n\r"])))
def test_properties_escaped_literal_stays_one_line(text):
    line = escape_controls(f'<urn:a> <urn:p> "{text}" .')
    assert len(line.splitlines()) == 1


@pytest.mark.parametrize("article_id, safe", [
    ("d01", True), ("seed_2026-03.v2~x", True), ("a\n", False), ("..", False), (".", False),
    ("a b", False), ("量子", False), ("x" * 81, False), ("", False), ("a/b", False),
])
def test_properties_article_iri_uses_the_id_only_when_safe(article_id, safe):
    iri = str(article_iri(article_id))
    assert IRI.fullmatch(iri) and iri.startswith("https://w3id.org/zhkg/id/article/")
    assert (iri.rsplit("/", 1)[1] == article_id) is safe


TEMPLATE = ("{title}星海科技集团召开年度大会\n\n星海科技集团董事长{person}表示，公司将加大研发投入。"
            "{evidence}集团副总经理陈思远介绍，今年公司与江南大学签署了战略合作协议。\n")
PIPELINE = settings(PROPERTY, max_examples=200 if CI else 25)


@PIPELINE
@given(strings=st.fixed_dictionaries({f: HOSTILE for f in ("article_id", "title", "url", "person",
                                                           "evidence")}))
def test_properties_any_jsonl_article_reads_and_builds_to_valid_rdf(strings):
    """The same strings through the real reader and pipeline: a JSONL line → every RDF format."""
    record = {"id": strings["article_id"], "title": strings["title"], "url": strings["url"],
              "text": TEMPLATE.format(**strings)}
    source = _jsonl_source(json.dumps(record).encode("utf-8"), "c.jsonl:1", "c-1")
    built = build_source(source, chunk_formats=("ttl", "nt", "trig", "nq"))
    assert not built.error, built.error                     # the text is never empty here
    article_id = source.article_id
    graph = Graph().parse(data=built.chunks["nt"], format="nt")
    assert_valid_iris(graph)
    turtle = Graph().parse(data=EXPORTERS["ttl"].header() + built.chunks["ttl"], format="turtle")
    assert isomorphic(turtle, graph)
    for name, fmt in (("trig", "trig"), ("nq", "nquads")):
        dataset = Dataset()
        dataset.parse(data=EXPORTERS[name].header() + built.chunks[name], format=fmt)
        assert isomorphic(dataset.graph(graph_iri(article_id)), graph), name
    assert isomorphic(Graph().parse(data=EXPORTERS["jsonld"].text(graph), format="json-ld"), graph)

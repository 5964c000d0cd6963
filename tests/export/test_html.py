"""The HTML graph view: offline, complete, escaped, deterministic; plus browser checks."""
from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, RDF, RDFS

from kg.export.html import html_text, write_html
from kg.graph import ID, add_relations, new_graph
from kg.model import Article, Entity, Relation, Sentence

DATA = Path(__file__).parents[1] / "data"
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
HOSTILE = "<img src=x onerror=alert(1)>"   # in an evidence literal of sample.ttl
PAYLOADS = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "\"'><b onmouseover=alert(1)>引号",
    "{{ 7*7 }}${alert(1)}",
    "&lt;img src=x onerror=alert(1)&gt;",
    "\u2028</ScRiPt\t>\u2029<!--<script>",
)
DRAWN_CLASSES = """
    PREFIX schema: <https://schema.org/>  PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    PREFIX org: <http://www.w3.org/ns/org#>  PREFIX kg: <https://w3id.org/zhkg/ontology#>
    SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
      VALUES ?class { foaf:Person schema:Person org:Organization kg:Agreement schema:Event
                      schema:Place schema:NewsArticle }
      ?n a ?class }
"""


def sample() -> Graph:
    return Graph().parse(DATA / "sample.ttl")


def payload_graph(headline: str = PAYLOADS[0] + PAYLOADS[1]) -> Graph:
    """One article whose every name, title, place and sentence carries a payload."""
    sentences = [f"{p}与{p}银行签署了{p}协议。" for p in PAYLOADS]
    text = "".join(sentences)
    article = Article("payloads", text, text, headline=headline, authors=(PAYLOADS[2],),
                      date_published="2026-02-03")
    relations, entities, start = [], [], 0
    for p, s in zip(PAYLOADS, sentences):
        sentence = Sentence(article, start, start + len(s))
        start += len(s)
        person, org = f"{p}王", f"{p}公司"
        entities.append(Entity(org, aliases=(f"{p}简称",), parent=f"{p}集团"))
        relations += [
            Relation("role", {"person": person, "org": org, "title": f"{p}总"}, sentence),
            Relation("agreement", {"title": f"{p}协议", "parties": [org, f"{p}银行"]}, sentence),
            Relation("signatory", {"person": person, "org": org}, sentence),
            Relation("event", {"name": f"{p}论坛", "date": "2026-01-27", "location": f"{p}中心",
                               "organizer": [org]}, sentence),
        ]
    return add_relations(new_graph(), article, relations, entities)


def chain_graph(count: int) -> Graph:
    """``count`` organizations, each a unit of the one before."""
    g = Graph()
    for i in range(count):
        node = ID[f"org/{i:05d}"]
        g.add((node, RDF.type, ORG.Organization))
        g.add((node, RDFS.label, Literal(f"机构{i}", lang="zh")))
        if i:
            g.add((node, ORG.subOrganizationOf, ID[f"org/{i - 1:05d}"]))
    return g


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


class Tags(HTMLParser):
    """The start tags of a page as a browser's tokenizer sees them, and the text of h1/title."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open = ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag

    def handle_data(self, data):
        if self._open in ("h1", "title"):
            self.text[self._open] = self.text.get(self._open, "") + data

    def handle_endtag(self, tag):
        self._open = ""


@pytest.mark.parametrize("make_graph", [sample, payload_graph])
def test_html_links_nothing_remote(make_graph):
    tags = Tags(html_text(make_graph())).tags
    urls = [v for _, attrs in tags for k, v in attrs.items()
            if k in ("src", "href", "action", "data", "poster") and v is not None]
    assert not [u for u in urls if re.match(r"\s*(https?:)?//", u, re.I)]
    assert [t for t, _ in tags].count("link") == 0
    scripts = [attrs for t, attrs in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "kg-data"}, {}, {}]


@pytest.mark.parametrize("make_graph, expected", [(sample, 11), (payload_graph, 57)])
def test_html_embeds_one_node_per_entity_and_fact(make_graph, expected):
    g = make_graph()
    nodes = page_data(html_text(g))["nodes"]
    assert len(nodes) == int(next(iter(g.query(DRAWN_CLASSES)))[0]) == expected
    assert {n["group"] for n in nodes} == {"person", "organization", "agreement", "event",
                                           "place", "article"}


@pytest.mark.parametrize("source, target, label", [
    ("王振", "中电信量子集团", "副总经理、代表签署"),
    ("查子龙", "中电信量子集团量子计算事业部", "总经理"),
    ("上海电信", "合作协议", "签署"),
    ("静安区科经委", "合作协议", "签署"),
    ("论坛", "上海电信", "主办"),
    ("论坛", "上海静安大宁国际会议中心", "地点"),
    ("中电信量子集团量子计算事业部", "中电信量子集团", "隶属"),
    ("合作协议", "示例 headline", "来源"),
    ("论坛", "示例 headline", "来源"),
])
def test_html_draws_relations_as_labelled_edges(source, target, label):
    data = page_data(html_text(sample()))
    name = {n["id"]: n["name"] for n in data["nodes"]}
    edges = {(name[e["from"]], name[e["to"]]): e["label"] for e in data["edges"]}
    assert edges[(source, target)] == label


@pytest.mark.parametrize("make_graph, hostile", [(sample, (HOSTILE,)), (payload_graph, PAYLOADS)])
def test_html_never_emits_graph_markup(make_graph, hostile):
    page = html_text(make_graph())
    assert "<img src=x onerror" not in page
    for payload in hostile:
        if "<" in payload:
            assert payload not in page
    tags = {t for t, _ in Tags(page).tags}
    assert not tags & {"img", "svg", "b", "iframe", "object", "embed"}
    # …yet every string reaches the page, as data: JSON-decoded, it is intact.
    shown = json.dumps(page_data(page), ensure_ascii=False)
    assert all(json.dumps(p, ensure_ascii=False)[1:-1] in shown for p in hostile)


@pytest.mark.parametrize("make_graph", [sample, payload_graph])
def test_html_is_deterministic(make_graph):
    first, second = make_graph(), make_graph()
    assert html_text(first) == html_text(first) == html_text(second)


@pytest.mark.parametrize("headline, title", [
    ("</script><script>alert(1)</script>", "zhkg graph"),
    ("示例", "<script>alert(1)</script> & <b>"),
])
def test_html_escapes_heading(headline, title):
    page = html_text(payload_graph(headline=headline), title=title)
    assert "<script>alert(1)" not in page
    assert html.escape(headline) in page
    parsed = Tags(page)
    assert parsed.text["title"] == parsed.text["h1"] == title
    assert [t for t, _ in parsed.tags].count("script") == 3


@pytest.mark.parametrize("max_nodes, kept", [(3, "合作协议")])
def test_html_keeps_best_connected_nodes(max_nodes, kept):
    page = html_text(sample(), max_nodes=max_nodes)
    data = page_data(page)
    assert len(data["nodes"]) == max_nodes
    assert kept in {n["name"] for n in data["nodes"]}
    assert data["hidden"]["nodes"] == 11 - max_nodes
    assert f"另有 {11 - max_nodes} 个节点" in page


@pytest.mark.parametrize("count, drawn, physics, iterations, straight", [
    (10, 10, True, 1000, False),
    (500, 500, True, 150, True),
    (1500, 1500, False, None, True),
    (5100, 5000, False, None, True),
])
def test_html_settles_large_graphs(count, drawn, physics, iterations, straight):
    data = page_data(html_text(chain_graph(count)))
    options = data["options"]
    assert len(data["nodes"]) == drawn
    assert data["hidden"]["nodes"] == count - drawn
    assert options["physics"]["enabled"] is physics
    assert options["physics"].get("stabilization", {}).get("iterations") == iterations
    assert (options["edges"]["smooth"] is False) is straight
    if not physics:   # placed in Python, since nothing will move them
        assert all("x" in n and "y" in n for n in data["nodes"])


@pytest.mark.parametrize("name", ["graph.html"])
def test_write_html_replaces_file_atomically(tmp_path, name):
    path = tmp_path / "out" / name
    path.parent.mkdir()
    path.write_text("old")
    assert write_html(sample(), path) == path
    assert path.read_bytes() == html_text(sample()).encode("utf-8")
    assert sorted(p.name for p in path.parent.iterdir()) == [name]


@pytest.mark.parametrize("name", ["graph.html"])
def test_write_html_keeps_old_file_on_failure(tmp_path, monkeypatch, name):
    path = tmp_path / name
    path.write_text("old")

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_html(sample(), path)
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


# --- in a browser ------------------------------------------------------------------------------

def open_page(chromium, graph: Graph, tmp_path: Path):
    """Load the page from file:// with remote requests blocked; return (page, urls, dialogs)."""
    path = write_html(graph, tmp_path / "graph.html")
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    context.route(re.compile(r"^(https?|wss?|ftp):", re.I), lambda route: route.abort())
    page = context.new_page()
    urls: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.wait_for_function("window.kgReady === true", timeout=15000)
    return page, urls, dialogs


def node_point(page, node_id) -> tuple[float, float]:
    return page.evaluate("""id => {
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const box = document.getElementById("kg-network").getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""", node_id)


def node_id(page, name: str):
    return page.evaluate("name => network.body.data.nodes.get({filter: n => n.label === name})[0].id",
                         name)


@pytest.mark.browser
def test_html_browser_shows_evidence_offline(chromium, tmp_path):
    page, urls, dialogs = open_page(chromium, sample(), tmp_path)
    try:
        assert page.evaluate("network.body.data.nodes.length") == 11
        x, y = node_point(page, node_id(page, "王振"))
        page.mouse.move(x, y)
        tooltip = page.wait_for_selector(".vis-tooltip", state="visible")
        assert HOSTILE in tooltip.inner_text()
        page.mouse.click(x, y)
        panel = page.locator("#kg-panel")
        assert HOSTILE in panel.inner_text()
        assert "副总经理 · 中电信量子集团" in panel.inner_text()
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "html_sample.png"))
        assert urls and all(u.split(":", 1)[0] in ("file", "data", "about", "blob") for u in urls)
        assert dialogs == []
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("group, query, name", [("person", "王振", "王振")])
def test_html_browser_filters_and_searches(chromium, tmp_path, group, query, name):
    page, _, _ = open_page(chromium, sample(), tmp_path)
    try:
        visible = "network.body.data.nodes.get({filter: n => !n.hidden}).length"
        page.uncheck(f'#kg-legend input[data-group="{group}"]')
        assert page.evaluate(visible) == 9
        page.check(f'#kg-legend input[data-group="{group}"]')
        assert page.evaluate(visible) == 11
        page.fill("#kg-search", query)
        assert page.evaluate("network.getSelectedNodes()") == [node_id(page, name)]
        assert name in page.locator("#kg-panel").inner_text()
    finally:
        page.context.close()


@pytest.mark.browser
def test_html_browser_runs_no_payload(chromium, tmp_path):
    page, urls, dialogs = open_page(chromium, payload_graph(), tmp_path)
    try:
        ids = page.evaluate("network.body.data.nodes.getIds()")
        assert len(ids) == 57
        for i in ids:
            x, y = node_point(page, i)
            page.mouse.click(x, y)
        x, y = node_point(page, ids[0])
        page.mouse.move(x, y)
        page.wait_for_selector(".vis-tooltip", state="visible")
        for payload in PAYLOADS:
            page.fill("#kg-search", payload)
        page.uncheck('#kg-legend input[data-group="organization"]')
        page.check('#kg-legend input[data-group="organization"]')
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.evaluate("document.querySelectorAll('img, svg, b, iframe').length") == 0
        assert all(u.split(":", 1)[0] in ("file", "data", "about", "blob") for u in urls)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "html_payloads.png"))
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("count, drawn", [(5100, 5000), (0, 0)])
def test_html_browser_draws_large_and_empty_pages(chromium, tmp_path, count, drawn):
    page, urls, _ = open_page(chromium, chain_graph(count), tmp_path)
    try:
        assert page.evaluate("network.body.data.nodes.length") == drawn
        notice = page.locator(".kg-notice").inner_text()
        assert (f"另有 {count - drawn} 个节点" in notice) is (count > drawn)
        assert all(u.split(":", 1)[0] in ("file", "data", "about", "blob") for u in urls)
    finally:
        page.context.close()

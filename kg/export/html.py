"""Graph → one self-contained HTML page: an interactive vis-network view that works offline.

The page shows people, organizations, agreements, events, places and articles as nodes,
coloured by class, with a legend that doubles as a type filter, a search box, a hover tooltip
and a click panel listing each node's facts (type, names, roles, evidence sentences). Roles are
not nodes: a membership is a person → organization edge labelled with the title as written.

    person ──副总经理──▶ org ──签署──▶ agreement ──来源──▶ article
    event ──主办──▶ org      event ──地点──▶ place      unit ──隶属──▶ parent org

Why not pyvis' ``Network``: its ``add_node``/``add_edge`` scan every node or edge on each call
(O(N·E) for a graph), its ``in_line`` template still links bootstrap and tom-select from CDNs,
and its tooltip script switches to ``innerHTML`` when any title contains "href". So this module
builds the node and edge lists itself and writes a small template of its own; pyvis is used
only as the carrier of vis-network 9.1.2, whose JS and CSS are read from the installed pyvis
package at run time and inlined (never downloaded, never copied into this repository).

Safety: every string from the graph travels as JSON in a ``<script type="application/json">``
block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script writes it into
the DOM with ``textContent`` only, so a literal such as ``<img src=x onerror=…>`` is shown as
text. The few strings the template prints itself (title, headline) go through ``html.escape``.

Determinism: nodes are sorted by (class, label, IRI), edges by endpoints, ids are positions
in that order, vis' layout seed is fixed, and nothing time- or random-dependent is written,
so the same graph gives a byte-identical page.

Size: up to ~300 nodes the layout settles with 1000 stabilization iterations and curved edges;
above that, 150 iterations and straight edges; above ~1000, physics is off and nodes are placed
on a spiral in Python; above ``max_nodes`` (5000) only the best-connected nodes are kept and
the page says how many were left out.
"""
from __future__ import annotations

import html
import json
import math
import os
from collections import defaultdict, deque
from functools import lru_cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SDO, SKOS
from rdflib.term import Node

from kg.graph import KG

__all__ = ["html_text", "write_html", "MAX_NODES"]

MAX_NODES = 5000          # above this, only the nodes with the most edges are drawn
SETTLE_FAST_ABOVE = 300   # fewer stabilization iterations, straight edges
STATIC_ABOVE = 1000       # physics off, positions computed here
LABEL_CHARS = 24          # node captions longer than this are cut (the panel has the full name)
MAX_LINES = 30            # lines per panel section; the rest are counted

VIS_VERSION = "vis-9.1.2"


class NodeClass(NamedTuple):
    key: str
    types: tuple[URIRef, ...]
    label: str
    color: str
    shape: str


# In precedence order: a node typed with several of these takes the first.
CLASSES = (
    NodeClass("article", (SDO.NewsArticle,), "文章 Article", "#8c8c8c", "square"),
    NodeClass("agreement", (KG.Agreement,), "协议 Agreement", "#e15759", "diamond"),
    NodeClass("event", (SDO.Event,), "事件 Event", "#f28e2b", "star"),
    NodeClass("place", (SDO.Place,), "地点 Place", "#b07aa1", "triangle"),
    NodeClass("person", (FOAF.Person, SDO.Person), "人物 Person", "#59a14f", "dot"),
    NodeClass("organization", (ORG.Organization,), "机构 Organization", "#4e79a7", "hexagon"),
)
_RANK = {c.key: i for i, c in enumerate(CLASSES)}

# Edge kinds in the order their labels are joined when two nodes share several edges.
_EDGE_ORDER = {"role": 0, "signatory": 1, "party": 2, "organizer": 3, "location": 4,
               "parent": 5, "source": 6}
_NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SDO.name, SDO.headline)


def script_json(value: object) -> str:
    r"""JSON that is safe inside a ``<script>`` element of an HTML page.

    >>> script_json({"a": "</script>&\u2028"})
    '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _strings(g: Graph, node: Node, *properties: URIRef) -> list[str]:
    """The distinct string values of ``node``'s properties, in property order then sorted."""
    seen: dict[str, None] = {}
    for p in properties:
        for value in sorted(str(v) for v in g.objects(node, p) if isinstance(v, Literal)):
            seen.setdefault(value, None)
    return list(seen)


def _name(g: Graph, node: Node) -> str:
    names = _strings(g, node, *_NAME_PROPERTIES)
    if names:
        return names[0]
    return str(node).rstrip("/").rsplit("/", 1)[-1] if isinstance(node, URIRef) else ""


def _caption(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1] + "…"


def _classify(g: Graph) -> dict[Node, NodeClass]:
    """Each node of a drawn class, with its class (the first in CLASSES that it has)."""
    found: dict[Node, NodeClass] = {}
    for cls in CLASSES:
        for t in cls.types:
            for node in g.subjects(RDF.type, t):
                found.setdefault(node, cls)
    return found


def _edges(g: Graph, kinds: dict[Node, NodeClass]) -> dict[tuple[Node, Node], set[tuple[int, str]]]:
    """(source, target) → {(kind rank, label)} for every drawn relation between drawn nodes."""
    edges: dict[tuple[Node, Node], set[tuple[int, str]]] = defaultdict(set)

    def add(source: Node, target: Node, kind: str, label: str) -> None:
        if source in kinds and target in kinds and source != target:
            edges[(source, target)].add((_EDGE_ORDER[kind], label))

    for m in g.subjects(RDF.type, ORG.Membership):
        titles = [_name(g, r) for r in g.objects(m, ORG.role)] or ["成员"]
        for person in g.objects(m, ORG.member):
            for org in g.objects(m, ORG.organization):
                for title in titles:
                    add(person, org, "role", title)
    for s in g.subjects(RDF.type, KG.Signatory):
        for person in g.objects(s, KG.person):
            for org in g.objects(s, KG.org):
                add(person, org, "signatory", "代表签署")
    for agreement, org in g.subject_objects(KG.party):
        add(org, agreement, "party", "签署")
    for event, org in g.subject_objects(SDO.organizer):
        add(event, org, "organizer", "主办")
    for event, place in g.subject_objects(SDO.location):
        add(event, place, "location", "地点")
    for unit, parent in g.subject_objects(ORG.subOrganizationOf):
        add(unit, parent, "parent", "隶属")
    for fact, article in g.subject_objects(PROV.wasDerivedFrom):
        # Persons and organizations also come from the article; those edges would only clutter.
        if kinds.get(fact) in (CLASSES[1], CLASSES[2]):
            add(fact, article, "source", "来源")
    return edges


def _lines(values: list[str]) -> list[str]:
    if len(values) <= MAX_LINES:
        return values
    return values[:MAX_LINES] + [f"… 另有 {len(values) - MAX_LINES} 条 ({len(values) - MAX_LINES} more)"]


def _sections(g: Graph, node: Node, cls: NodeClass) -> list[list]:
    """The facts shown for a node, as [heading, [plain-text lines]] pairs."""
    sections: list[list] = [["类型 Type", [cls.label]]]

    def section(heading: str, values: list[str]) -> None:
        if values:
            sections.append([heading, _lines(values)])

    section("名称 Names", _strings(g, node, *_NAME_PROPERTIES))
    section("别名 Also called", _strings(g, node, SKOS.altLabel))

    roles = []
    for m in g.subjects(ORG.member, node):
        for org in g.objects(m, ORG.organization):
            roles += [f"{_name(g, r)} · {_name(g, org)}" for r in g.objects(m, ORG.role)]
    for m in g.subjects(ORG.organization, node):
        for person in g.objects(m, ORG.member):
            roles += [f"{_name(g, person)} · {_name(g, r)}" for r in g.objects(m, ORG.role)]
    section("职务 Roles", sorted(set(roles)))
    section("代表签署 Signed for", sorted({_name(g, o) for s in g.subjects(KG.person, node)
                                          for o in g.objects(s, KG.org)}))
    section("上级机构 Part of", sorted({_name(g, p) for p in g.objects(node, ORG.subOrganizationOf)}))
    section("下属机构 Units", sorted({_name(g, u) for u in g.subjects(ORG.subOrganizationOf, node)}))
    section("签署 Agreements", sorted({_name(g, a) for a in g.subjects(KG.party, node)}))
    section("签约方 Parties", sorted({_name(g, o) for o in g.objects(node, KG.party)}))
    section("主办 Organized", sorted({_name(g, e) for e in g.subjects(SDO.organizer, node)}))
    section("主办方 Organizers", sorted({_name(g, o) for o in g.objects(node, SDO.organizer)}))
    section("地点 Location", sorted({_name(g, p) for p in g.objects(node, SDO.location)}))
    section("日期 Date", _strings(g, node, SDO.startDate, SDO.datePublished))
    section("作者 Author", _strings(g, node, SDO.author, SDO.publisher))

    # Evidence of the facts the node takes part in: its own, and that of each fact pointing
    # at it (a membership, a signatory, an agreement's party, an event's organizer or place).
    facts = {node} | {s for s, p in g.subject_predicates(node)
                      if p not in (PROV.wasDerivedFrom, SDO.about)}
    evidence = sorted({str(e) for f in facts for e in g.objects(f, KG.evidence)})
    section("证据 Evidence", evidence)
    return sections


def _spiral(order: list[int], spacing: float = 40.0) -> dict[int, tuple[int, int]]:
    """Positions on a sunflower spiral, the first nodes of ``order`` in the middle.

    >>> _spiral([7, 3])
    {7: (0, 0), 3: (-29, 27)}
    """
    golden = math.pi * (3 - math.sqrt(5))
    return {node: (round(spacing * math.sqrt(k) * math.cos(k * golden)),
                   round(spacing * math.sqrt(k) * math.sin(k * golden)))
            for k, node in enumerate(order)}


def _layout_order(count: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Nodes in breadth-first order from the best-connected ones, so neighbours sit together."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    by_degree = sorted(range(count), key=lambda n: (-len(neighbours[n]), n))
    seen: set[int] = set()
    order: list[int] = []
    for start in by_degree:
        if start in seen:
            continue
        seen.add(start)
        queue = deque([start])
        while queue:
            n = queue.popleft()
            order.append(n)
            for m in sorted(neighbours[n] - seen, key=lambda m: (-len(neighbours[m]), m)):
                seen.add(m)
                queue.append(m)
    return order


def _options(count: int) -> dict:
    """vis-network options for a page of ``count`` nodes."""
    groups = {c.key: {"color": c.color, "shape": c.shape} for c in CLASSES}
    options = {
        "groups": groups,
        "nodes": {"size": 14, "font": {"size": 14}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#555555"},
                  "font": {"size": 11, "align": "middle", "strokeWidth": 3}},
        "interaction": {"hover": True, "tooltipDelay": 150},
        "layout": {"randomSeed": 7, "improvedLayout": count <= SETTLE_FAST_ABOVE},
    }
    if count <= SETTLE_FAST_ABOVE:
        options["edges"]["smooth"] = {"enabled": True, "type": "continuous"}
        options["physics"] = {"enabled": True, "solver": "barnesHut",
                              "barnesHut": {"gravitationalConstant": -6000, "springLength": 130},
                              "stabilization": {"enabled": True, "iterations": 1000, "fit": True}}
    else:
        options["edges"]["smooth"] = False
        options["interaction"].update(hideEdgesOnDrag=True, hideEdgesOnZoom=True)
        if count <= STATIC_ABOVE:
            options["physics"] = {"enabled": True, "solver": "barnesHut",
                                  "barnesHut": {"gravitationalConstant": -4000, "springLength": 110},
                                  "stabilization": {"enabled": True, "iterations": 150,
                                                    "updateInterval": 50, "fit": True}}
        else:
            options["physics"] = {"enabled": False}
    return options


def _page_data(graph: Graph, *, max_nodes: int = MAX_NODES) -> dict:
    """The nodes, edges, classes and options the page draws, as plain JSON-ready data."""
    kinds = _classify(graph)
    names = {n: _name(graph, n) for n in kinds}
    ordered = sorted(kinds, key=lambda n: (_RANK[kinds[n].key], names[n], str(n)))
    edge_map = _edges(graph, kinds)

    degree: dict[Node, int] = defaultdict(int)
    for a, b in edge_map:
        degree[a] += 1
        degree[b] += 1
    if len(ordered) > max_nodes:
        position = {n: i for i, n in enumerate(ordered)}
        kept = set(sorted(ordered, key=lambda n: (-degree[n], position[n]))[:max_nodes])
        shown = [n for n in ordered if n in kept]
    else:
        shown = ordered
    index = {n: i for i, n in enumerate(shown)}

    pairs = sorted((index[a], index[b]) for a, b in edge_map if a in index and b in index)
    edges = []
    for i, (a, b) in enumerate(pairs):
        labels = sorted(edge_map[(shown[a], shown[b])])
        edges.append({"id": i, "from": a, "to": b, "label": "、".join(l for _, l in labels)})

    nodes = []
    for n in shown:
        sections = _sections(graph, n, kinds[n])
        search = [names[n], *_strings(graph, n, *_NAME_PROPERTIES, SKOS.altLabel)]
        nodes.append({"id": index[n], "group": kinds[n].key, "label": _caption(names[n]),
                      "name": names[n],
                      "iri": str(n) if isinstance(n, URIRef) else "",
                      "search": "\n".join(dict.fromkeys(search)).lower(),
                      "sections": sections})
    if len(nodes) > STATIC_ABOVE:
        for node_id, (x, y) in _spiral(_layout_order(len(nodes), pairs)).items():
            nodes[node_id].update(x=x, y=y)

    counts = defaultdict(int)
    for n in shown:
        counts[kinds[n].key] += 1
    return {
        "classes": [{"key": c.key, "label": c.label, "color": c.color, "count": counts[c.key]}
                    for c in CLASSES],
        "nodes": nodes,
        "edges": edges,
        "hidden": {"nodes": len(ordered) - len(shown), "edges": len(edge_map) - len(edges)},
        "options": _options(len(nodes)),
    }


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    """A vis-network file from the installed pyvis package, checked to be safe to inline."""
    text = resources.files("pyvis").joinpath("lib", VIS_VERSION, name).read_text("utf-8")
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise ValueError(f"pyvis' {VIS_VERSION}/{name} cannot be inlined safely")
    return text


def _heading(graph: Graph) -> str:
    """The subtitle under the page heading: the article's headline, or how many articles."""
    articles = sorted(graph.subjects(RDF.type, SDO.NewsArticle), key=str)
    if len(articles) == 1:
        return _name(graph, articles[0])
    return f"{len(articles)} 篇文章 articles" if articles else ""


def html_text(graph: Graph, *, title: str = "zhkg graph", max_nodes: int = MAX_NODES) -> str:
    """The whole interactive page for ``graph``, as text.

    Parameters
    ----------
    graph : the knowledge graph (the RDF contract of README.md).
    title : the page title and heading.
    max_nodes : draw at most this many nodes, the ones with the most edges first.
    """
    data = _page_data(graph, max_nodes=max_nodes)
    stats = f"{len(data['nodes'])} 个节点 nodes · {len(data['edges'])} 条边 edges"
    hidden = data["hidden"]
    notice = ""
    if hidden["nodes"]:
        notice = (f"另有 {hidden['nodes']} 个节点、{hidden['edges']} 条边未显示"
                  f"（仅显示连接最多的 {len(data['nodes'])} 个节点） · "
                  f"{hidden['nodes']} nodes and {hidden['edges']} edges hidden")
    legend = "\n".join(
        f'<label class="kg-class"><input type="checkbox" checked data-group="{html.escape(c["key"])}">'
        f'<span class="kg-swatch" style="background:{html.escape(c["color"])}"></span>'
        f'{html.escape(c["label"])} <span class="kg-count">{c["count"]}</span></label>'
        for c in data["classes"])
    return _PAGE.substitute(
        title=html.escape(title),
        subtitle=html.escape(_heading(graph)),
        stats=html.escape(stats),
        notice=html.escape(notice),
        legend=legend,
        vis_css=_asset("vis-network.css"),
        vis_js=_asset("vis-network.min.js"),
        data=script_json(data),
        script=_SCRIPT,
    )


def write_html(graph: Graph, path: str | os.PathLike, *, title: str = "zhkg graph",
               max_nodes: int = MAX_NODES) -> Path:
    """Write ``html_text(graph)`` to ``path`` atomically (temp file, then rename); return the path."""
    from kg.export.turtle import write_atomic

    return write_atomic(path, html_text(graph, title=title, max_nodes=max_nodes).encode("utf-8"))


# The page script: reads the JSON block and writes graph strings with textContent only.
# `network` is a global on purpose (tests and the browser console reach it as window.network).
_SCRIPT = r"""
var network = null;
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var hiddenGroups = {};

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function cut(text, max) {
    return max && text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
  }

  // Fill `target` with a node's facts; `limit`/`max` shorten lists and lines (tooltips).
  function describe(target, node, limit, max) {
    target.appendChild(element("div", "kg-name", cut(node.name, max)));
    node.sections.forEach(function (section) {
      target.appendChild(element("div", "kg-heading", section[0]));
      var list = element("ul");
      var lines = limit ? section[1].slice(0, limit) : section[1];
      lines.forEach(function (line) { list.appendChild(element("li", "", cut(line, max))); });
      if (lines.length < section[1].length) {
        list.appendChild(element("li", "kg-more", "\u2026 +" + (section[1].length - lines.length)));
      }
      target.appendChild(list);
    });
    return target;
  }

  var panel = document.getElementById("kg-panel");
  function showPanel(id) {
    var node = byId[id];
    panel.textContent = "";
    if (!node) { panel.appendChild(element("p", "kg-hint", panel.dataset.hint)); return; }
    describe(panel, node, 0, 0);
    if (node.iri) { panel.appendChild(element("div", "kg-iri", node.iri)); }
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = {id: n.id, label: n.label, group: n.group,
                title: describe(element("div", "kg-tooltip"), n, 3, 120)};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges);
  network = new vis.Network(document.getElementById("kg-network"),
                            {nodes: nodes, edges: edges}, data.options);

  function ready() {
    network.setOptions({physics: false});
    window.kgReady = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (data.options.physics.enabled && data.nodes.length) {
    network.once("stabilizationIterationsDone", ready);
  } else {
    ready();
  }

  network.on("click", function (params) {
    showPanel(params.nodes.length ? params.nodes[0] : null);
  });

  document.querySelectorAll("#kg-legend input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenGroups[box.getAttribute("data-group")] = !box.checked;
      nodes.update(data.nodes.map(function (n) {
        return {id: n.id, hidden: hiddenGroups[n.group] === true};
      }));
    });
  });

  var search = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  search.addEventListener("input", function () {
    var query = search.value.trim().toLowerCase();
    if (!query) { network.unselectAll(); status.textContent = ""; return; }
    var ids = data.nodes.filter(function (n) {
      return !hiddenGroups[n.group] && n.search.indexOf(query) >= 0;
    }).map(function (n) { return n.id; });
    network.selectNodes(ids);
    status.textContent = ids.length + " \u4e2a\u5339\u914d matches";
    if (ids.length === 1) {
      network.focus(ids[0], {scale: 1.3, animation: {duration: 300}});
      showPanel(ids[0]);
    } else if (ids.length > 1) {
      network.fit({nodes: ids, animation: {duration: 300}});
    }
  });
})();
"""

_PAGE = Template("""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
$vis_css
</style>
<style>
html, body { margin: 0; height: 100%; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; font-size: 14px; color: #222; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; }
header h1 { font-size: 18px; margin: 0; }
.kg-subtitle, .kg-stats { color: #555; }
.kg-notice { color: #a33; width: 100%; }
.kg-notice:empty { display: none; }
#kg-search { padding: 3px 6px; min-width: 14em; }
main { flex: 1; display: flex; min-height: 0; }
#kg-legend { width: 190px; padding: 10px; border-right: 1px solid #ddd; overflow-y: auto; }
#kg-legend h2, #kg-panel h2 { font-size: 13px; margin: 0 0 6px; color: #555; }
.kg-class { display: block; margin: 4px 0; cursor: pointer; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 5px -1px 3px; }
.kg-count { color: #888; }
#kg-network { flex: 1; min-width: 0; }
#kg-panel { width: 320px; padding: 10px; border-left: 1px solid #ddd; overflow-y: auto; }
.kg-name { font-weight: bold; font-size: 15px; margin-bottom: 4px; }
.kg-heading { color: #666; font-size: 12px; margin-top: 8px; }
#kg-panel ul, .kg-tooltip ul { margin: 2px 0; padding-left: 18px; }
.kg-iri { margin-top: 10px; color: #888; font-size: 11px; word-break: break-all; }
.kg-hint, .kg-more { color: #888; }
.kg-tooltip { max-width: 360px; white-space: normal; }
div.vis-tooltip { font-family: inherit; font-size: 13px; }
</style>
</head>
<body>
<header>
<h1>$title</h1>
<span class="kg-subtitle">$subtitle</span>
<span class="kg-stats">$stats</span>
<input id="kg-search" type="search" placeholder="搜索名称 search names" aria-label="search names">
<span id="kg-search-status"></span>
<div class="kg-notice">$notice</div>
</header>
<main>
<nav id="kg-legend"><h2>类型 Types</h2>
$legend
</nav>
<div id="kg-network"></div>
<aside id="kg-panel" data-hint="点击节点查看详情 Click a node for its facts"><p class="kg-hint">点击节点查看详情 Click a node for its facts</p></aside>
</main>
<script type="application/json" id="kg-data">$data</script>
<script>
$vis_js
</script>
<script>$script</script>
</body>
</html>
""")

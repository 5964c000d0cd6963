"""The graph page at scale: ``kg.export.html.html_text`` for ~1k, 5k and 20k nodes, and a browser.

The graphs: the benchmark corpus (``benchmarks/corpus.py``, ~550 articles, ~1.7k drawn nodes)
built once with ``kg build --format nq``, split into its articles (one named graph each), and
copied with article IRIs relabeled (``…/article/ID`` → ``…/article/ID-r{k}``: new people,
organizations, agreements, events, places) until the graph has the asked number of drawn
nodes (articles, people, organizations, agreements, events, places; roles are edges). Articles
are added whole while they fit, so each graph has at most the target and a few nodes fewer.

For each size it prints:

- the drawn nodes and the tier of ``kg.export.html`` the page falls in (≤ 300: physics, 1000
  stabilization iterations; ≤ 1000: 150 iterations, straight edges; above: physics off, nodes
  placed on a spiral in Python; above ``MAX_NODES`` (5000): only the best-connected 5000 drawn,
  the rest counted as hidden);
- ``html_text`` build time (median of ``--repeat``) and the page's size;
- in headless Debian chromium (``/usr/bin/chromium`` driven by playwright, remote requests
  blocked, 1400×900 viewport): time to a settled graph, i.e. from navigation start to the page
  setting ``window.kgReady`` (after vis' stabilization where physics is on, right after the
  network is built where it is off), read in the page with ``performance.now()`` (median of
  ``--repeat`` fresh pages); also when the next frame after that was drawn (two animation
  frames later: where physics is off, ``kgReady`` comes before the first paint), the page's
  load event, the nodes the network holds, and the JS heap in use;
- for the 20k page: the nodes shown and hidden (the page's own counts).

No target is asserted; the issue asks for these figures, and that 20k nodes still give a page
that opens and settles.

Run from the repository root::

    .venv/bin/python benchmarks/html_scale.py                         # ~1.5 min
    .venv/bin/python benchmarks/html_scale.py --nodes 300,1000,5000,20000,50000 --repeat 5
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # noqa: E402
from machine import KG, OtherLoad, measure  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTICLE = re.compile(r"<https://w3id\.org/zhkg/id/article/([^/>]+)")
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# Record when the page sets window.kgReady, and when the next frame after it has been drawn
# (two animation frames later), in ms since navigation start.
READY_PROBE = """
Object.defineProperty(window, "kgReady", {
  configurable: true,
  get() { return this.__kgReady; },
  set(value) {
    this.__kgReady = value;
    if (value && this.__kgReadyAt === undefined) {
      this.__kgReadyAt = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__kgPaintedAt = performance.now();
      }));
    }
  },
});
"""


def articles_of(nq: Path) -> list[tuple[list[str], int]]:
    """Each article of an N-Quads file: (its lines as N-Triples, its number of drawn nodes)."""
    from kg.export.html import CLASSES

    drawn = {f"<{t}>" for c in CLASSES for t in c.types}
    groups: dict[str, list[str]] = {}
    for line in open(nq, encoding="utf-8"):
        triple, graph, _ = line.rstrip("\n").rsplit(" ", 2)
        groups.setdefault(graph, []).append(triple + " .\n")
    out = []
    for lines in groups.values():
        nodes = set()
        for line in lines:
            s, p, rest = line.split(" ", 2)
            if p == RDF_TYPE and rest.split(" ", 1)[0] in drawn:
                nodes.add(s)
        out.append((lines, len(nodes)))
    return out


def graph_text(articles: list[tuple[list[str], int]], target: int) -> tuple[str, int, int]:
    """N-Triples of whole relabeled articles, as many nodes as fit in ``target``: (text, nodes, articles)."""
    parts: list[str] = []
    nodes = count = 0
    k = 0
    while True:
        for lines, n in articles:
            if nodes + n > target:
                return "".join(parts), nodes, count
            text = "".join(lines)
            if k:
                suffix = f"-r{k}"
                text = ARTICLE.sub(lambda m: m.group(0) + suffix, text)
            parts.append(text)
            nodes += n
            count += 1
        k += 1


def tier(nodes: int) -> str:
    from kg.export.html import MAX_NODES, SETTLE_FAST_ABOVE, STATIC_ABOVE

    if nodes <= SETTLE_FAST_ABOVE:
        return "physics, 1000 iterations"
    if nodes <= STATIC_ABOVE:
        return "physics, 150 iterations"
    if nodes <= MAX_NODES:
        return "static spiral"
    return f"static spiral, best {MAX_NODES} drawn"


def page_data(page_text: str) -> dict:
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page_text, re.S)
    return json.loads(block.group(1))


def open_in_browser(browser, path: Path, timeout_ms: int) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        context.route(re.compile(r"^(https?|wss?|ftp):", re.I), lambda route: route.abort())
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        start = time.perf_counter()
        page.goto(path.as_uri(), timeout=timeout_ms)
        page.wait_for_function("window.kgReady === true", timeout=timeout_ms)
        wall = time.perf_counter() - start
        page.wait_for_function("window.__kgPaintedAt !== undefined", timeout=timeout_ms)
        facts = page.evaluate("""() => {
            const nav = performance.getEntriesByType("navigation")[0];
            return {ready: window.__kgReadyAt, painted: window.__kgPaintedAt, load: nav ? nav.loadEventEnd : null,
                    drawn: network.body.data.nodes.length,
                    heap: performance.memory ? performance.memory.usedJSHeapSize : null};
        }""")
        if errors:
            sys.exit(f"{path.name}: page errors: {errors}")
        facts["wall"] = wall
        return facts
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--nodes", default="1000,5000,20000",
                   help="drawn-node targets, comma-separated (default 1000,5000,20000)")
    p.add_argument("--repeat", type=int, default=3,
                   help="html_text builds and browser loads per size (default 3)")
    p.add_argument("--timeout", type=float, default=120, help="seconds a page may take (default 120)")
    p.add_argument("--no-browser", action="store_true", help="only build the pages")
    p.add_argument("--keep", default=None, metavar="DIR", help="also copy the pages into DIR")
    args = p.parse_args(argv)
    targets = [int(n) for n in args.nodes.split(",")]

    from rdflib import Graph

    from kg.export.html import MAX_NODES, html_text
    from kg.graph import PREFIXES

    rows = []
    others = OtherLoad()
    with tempfile.TemporaryDirectory(prefix="kgbench-html-") as tmp:
        tmp = Path(tmp)
        corpus = make_corpus(tmp / "corpus")
        print(f"corpus: {corpus.describe()}; building it with kg build --format nq …", flush=True)
        measure([KG, "build", str(corpus.folder), "-o", str(tmp / "base"), "--format", "nq", "-q"])
        articles = articles_of(tmp / "base" / "graph.nq")
        print(f"{len(articles)} articles, {sum(n for _, n in articles):,} drawn nodes per copy\n",
              flush=True)

        pages = []
        for target in targets:
            text, nodes, count = graph_text(articles, target)
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
            graph.parse(data=text, format="nt")
            builds = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                page = html_text(graph, title=f"zhkg {nodes} nodes")
                builds.append(time.perf_counter() - start)
            path = tmp / f"graph-{target}.html"
            path.write_text(page, encoding="utf-8")
            data = page_data(page)
            row = {"target": target, "nodes": nodes, "articles": count, "triples": len(graph),
                   "build": statistics.median(builds), "size": path.stat().st_size,
                   "shown": len(data["nodes"]), "edges": len(data["edges"]),
                   "hidden": data["hidden"], "tier": tier(nodes)}
            rows.append(row)
            pages.append(path)
            print(f"{nodes:,} nodes ({count:,} articles, {len(graph):,} triples): html_text "
                  f"{row['build']:.2f} s, {row['size'] / 1e6:.1f} MB, {row['tier']}; "
                  f"drawn {row['shown']:,} nodes / {row['edges']:,} edges, hidden "
                  f"{row['hidden']['nodes']:,} nodes / {row['hidden']['edges']:,} edges", flush=True)
            if args.keep:
                Path(args.keep).mkdir(parents=True, exist_ok=True)
                (Path(args.keep) / path.name).write_bytes(path.read_bytes())
            del graph, page, text

        build_load = others.cores()
        if not args.no_browser:
            if not Path(CHROMIUM).exists():
                sys.exit(f"{CHROMIUM} not found (make browser-deps); use --no-browser")
            from playwright.sync_api import sync_playwright

            print(f"\nchromium ({CHROMIUM}, headless via playwright): {args.repeat} fresh page(s) "
                  "per size", flush=True)
            with sync_playwright() as pw:
                start = time.perf_counter()
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                print(f"  browser launched in {time.perf_counter() - start:.2f} s "
                      f"(chromium {browser.version})", flush=True)
                try:
                    for row, path in zip(rows, pages):
                        runs = [open_in_browser(browser, path, int(args.timeout * 1000))
                                for _ in range(args.repeat)]
                        row["ready"] = statistics.median(r["ready"] for r in runs) / 1000
                        row["painted"] = statistics.median(r["painted"] for r in runs) / 1000
                        row["load"] = statistics.median(r["load"] for r in runs) / 1000
                        row["wall"] = statistics.median(r["wall"] for r in runs)
                        row["drawn"] = runs[-1]["drawn"]
                        row["heap"] = runs[-1]["heap"]
                        print(f"  {row['nodes']:,} nodes: settled (kgReady) at "
                              + ", ".join(f"{r['ready'] / 1000:.2f}" for r in runs)
                              + f" s; next frame drawn {row['painted']:.2f} s; load event "
                                f"{row['load']:.2f} s; network holds "
                                f"{row['drawn']:,} nodes", flush=True)
                finally:
                    browser.close()

    print(f"\n{'nodes':>7} {'tier':<32} {'html_text s':>11} {'page MB':>8} {'load s':>7} "
          f"{'settled s':>10} {'drawn s':>8} {'JS heap MB':>11} {'shown':>6} {'hidden':>7}")
    for row in rows:
        browser_cells = (f"{row['load']:7.2f} {row['ready']:10.2f} {row['painted']:8.2f} "
                         f"{(row['heap'] or 0) / 1e6:11.0f}" if "ready" in row
                         else f"{'—':>7} {'—':>10} {'—':>8} {'—':>11}")
        print(f"{row['nodes']:7,} {row['tier']:<32} {row['build']:11.2f} {row['size'] / 1e6:8.1f} "
              f"{browser_cells} {row['shown']:6,} {row['hidden']['nodes']:7,}")
    big = max(rows, key=lambda r: r["nodes"])
    if big["nodes"] > MAX_NODES:
        print(f"\n{big['nodes']:,}-node page: {big['shown']:,} nodes shown, "
              f"{big['hidden']['nodes']:,} hidden ({big['edges']:,} edges shown, "
              f"{big['hidden']['edges']:,} hidden); MAX_NODES = {MAX_NODES}")
    print(f"other processes' CPU while the pages were built: {build_load:.2f} cores on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())

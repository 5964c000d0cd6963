"""Big graphs: the Oxigraph store (``kg.store``) against an in-memory rdflib Graph, on ~1M triples.

The graph: the benchmark corpus (``benchmarks/corpus.py``, ~550 articles) built once with
``kg build --format nt`` (~15k triples), then copied with every article IRI relabeled,
``…/article/ID`` → ``…/article/ID-r{k}`` (people, organizations and facts live under it, so
each copy is a new set of entities; role nodes ``kgid:role/H`` are shared, as in real
corpora), until the N-Triples file has ``--triples`` lines (default 1,000,000).

Timed on each side, in this order (rdflib first, so the Turtle writer can run in a forked
child before any store thread exists):

=============  =========================================  =========================================
step           rdflib                                     kg.store (Oxigraph, on disk)
=============  =========================================  =========================================
load           ``kg.query.load_graph`` (Graph().parse)    ``open_store`` + ``load_file`` + optimize
q1 GROUP BY    people per organization (COUNT DISTINCT over org:Membership, with the org's label)
q2 4 patterns  membership → member label, organization label, role label (three 2-step paths)
               ``kg.query.run_query``                     ``kg.store.query_store``
Turtle         ``Graph.serialize(format="turtle")``       ``kg.store.dump_turtle``
=============  =========================================  =========================================

``load_file`` reads N-Triples in 16 MB pieces, gives each line its article's graph as bytes and
bulk-loads the pieces in one thread per core; ``Store.optimize`` then compacts the store, as
``kg build --store`` does once its articles are loaded (queries on an uncompacted store of many
bulk-loaded pieces take up to twice as long). Both query paths return an rdflib ``Result`` with
sorted rows (what ``kg query`` prints); the script checks that both sides give the same rows.
Two more columns show what the engine costs without zhkg's layer: raw pyoxigraph
(``Store.bulk_load`` of the file in one call, every triple in the default graph, no routing of
articles to named graphs; ``Store.query`` with its solutions only iterated, not turned into
rdflib terms), once in an on-disk store and once in memory. rdflib's Turtle writer is run in a
forked child and stopped after ``--serialize-timeout`` seconds (default 60): it slows down as
the graph gains namespaces (rdflib mints a prefix per article IRI path it cannot abbreviate),
so at 1M triples it does not finish in any reasonable time; the figure is then printed as
"> T s".

Printed: each time, the speed-ups rdflib / kg.store and rdflib / raw pyoxigraph, row counts,
file and store sizes, and the memory rdflib's graph took. **Target: ≥ 10× for load + the two
queries** (kg.store against rdflib).

Run from the repository root::

    .venv/bin/python benchmarks/store_vs_rdflib.py                   # 1M triples, ~3 min
    .venv/bin/python benchmarks/store_vs_rdflib.py --triples 300000 --serialize-timeout 0
"""
from __future__ import annotations

import argparse
import gc
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # noqa: E402
from machine import KG, OtherLoad, measure  # noqa: E402

ARTICLE = re.compile(r"<https://w3id\.org/zhkg/id/article/([^/>]+)")

Q1 = """# people per organization
SELECT ?org ?orgName (COUNT(DISTINCT ?person) AS ?people)
WHERE {
  ?m a org:Membership ; org:organization ?org ; org:member ?person .
  ?org rdfs:label ?orgName .
}
GROUP BY ?org ?orgName"""

Q2 = """# each membership with its member's, organization's and role's labels
SELECT ?person ?org ?role
WHERE {
  ?m a org:Membership ;
     org:member/rdfs:label ?person ;
     org:organization/rdfs:label ?org ;
     org:role/rdfs:label ?role .
}"""


def say(text: str) -> None:
    print(text, flush=True)


def rss() -> int:
    """This process's resident memory in bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def replicate(base: Path, out: Path, triples: int) -> int:
    """Write copies of ``base`` (relabeled articles) to ``out`` until ``triples`` lines; the count."""
    text = base.read_text(encoding="utf-8")
    lines = text.count("\n")
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        k = 0
        while written < triples:
            if k == 0:
                chunk = text
            else:
                suffix = f"-r{k}"
                chunk = ARTICLE.sub(lambda m: m.group(0) + suffix, text)
            if written + lines > triples:           # the last copy: only as many lines as needed
                chunk = "".join(chunk.splitlines(keepends=True)[:triples - written])
            f.write(chunk)
            written += chunk.count("\n")
            k += 1
    return written


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


def rows(result) -> list[tuple]:
    return [tuple(str(row.get(v, "")) for v in result.vars) for row in result.bindings]


def serialize_in_child(graph, path: Path, timeout: float) -> float | None:
    """rdflib's Turtle writer in a forked child; its seconds, or None if stopped at ``timeout``."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:                                      # the child: write, then leave at once
        try:
            graph.serialize(destination=str(path), format="turtle")
            os._exit(0)
        except BaseException:
            os._exit(1)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit("rdflib's Turtle serializer failed")
            return time.perf_counter() - start
        if timeout and time.perf_counter() - start > timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--triples", type=int, default=1_000_000,
                   help="N-Triples lines in the test file (default 1,000,000)")
    p.add_argument("--serialize-timeout", type=float, default=60.0, metavar="S",
                   help="stop rdflib's Turtle writer after S seconds (default 60; 0: no limit)")
    p.add_argument("--nt", default=None,
                   help="use this N-Triples file of kg output as the base instead of building the corpus")
    args = p.parse_args(argv)

    import pyoxigraph as ox

    from kg.query import load_graph, run_query
    from kg.store import PREFIX_IRIS, dump_turtle, load_file, open_store, query_store

    others = OtherLoad()
    with tempfile.TemporaryDirectory(prefix="kgbench-store-") as tmp:
        tmp = Path(tmp)
        if args.nt:
            base = Path(args.nt)
        else:
            corpus = make_corpus(tmp / "corpus")
            say(f"corpus: {corpus.describe()}; building it with kg build --format nt …")
            measure([KG, "build", str(corpus.folder), "-o", str(tmp / "base"), "--format", "nt", "-q"])
            base = tmp / "base" / "graph.nt"
        big = tmp / "big.nt"
        base_lines = sum(1 for _ in open(base, encoding="utf-8"))
        seconds, lines = timed(replicate, base, big, args.triples)
        say(f"test file: {lines:,} triples ({base_lines:,}-triple base graph copied with article "
            f"IRIs relabeled), {big.stat().st_size / 1e6:.0f} MB, written in {seconds:.1f} s")

        t: dict[str, dict[str, float | None]] = {"rdflib": {}, "kg.store": {}, "pyoxigraph": {},
                                                 "in memory": {}}
        counts: dict[str, list] = {}

        # rdflib ---------------------------------------------------------------------------
        say(f"\nrdflib: parsing {lines:,} triples (about 25k triples/s) …")
        before = rss()
        t["rdflib"]["load"], graph = timed(load_graph, big)
        rdflib_mb = (rss() - before) / 2**20
        say(f"  load {t['rdflib']['load']:.1f} s: {len(graph):,} distinct triples, "
            f"~{rdflib_mb:,.0f} MiB of memory")
        for name, q in (("q1", Q1), ("q2", Q2)):
            t["rdflib"][name], result = timed(run_query, graph, q)
            counts.setdefault(name, []).append(rows(result))
            say(f"  {name} {t['rdflib'][name]:.2f} s: {len(result.bindings):,} rows")
        limit = args.serialize_timeout
        say("  Turtle: writing in a child process" + (f", stopped after {limit:.0f} s …" if limit else " …"))
        t["rdflib"]["turtle"] = serialize_in_child(graph, tmp / "rdflib.ttl", limit)
        say("  Turtle " + (f"{t['rdflib']['turtle']:.1f} s, {(tmp / 'rdflib.ttl').stat().st_size / 1e6:.0f} MB"
                           if t["rdflib"]["turtle"] is not None else f"not finished after {limit:.0f} s"))
        del graph, result
        gc.collect()

        # kg.store -------------------------------------------------------------------------
        say("\nkg.store (Oxigraph on disk): open_store + load_file …")
        store_dir = tmp / "store"

        def load():
            store = open_store(store_dir)
            return store, load_file(store, big)

        seconds, (store, quads) = timed(load)
        compact, _ = timed(store.optimize)
        t["kg.store"]["load"] = seconds + compact
        say(f"  load {seconds:.1f} s + optimize {compact:.1f} s (as kg build --store ends): "
            f"{quads:,} quads read, {len(store):,} stored "
            f"(each article in its named graph, roles once in the shared graph)")
        for name, q in (("q1", Q1), ("q2", Q2)):
            t["kg.store"][name], result = timed(query_store, store, q)
            counts[name].append(rows(result))
            say(f"  {name} {t['kg.store'][name]:.2f} s: {len(result.bindings):,} rows")
        t["kg.store"]["turtle"], _ = timed(dump_turtle, store, tmp / "store.ttl")
        say(f"  Turtle {t['kg.store']['turtle']:.1f} s, {(tmp / 'store.ttl').stat().st_size / 1e6:.0f} MB; "
            f"store folder {folder_size(store_dir) / 1e6:.0f} MB")
        del store
        gc.collect()

        # raw pyoxigraph, on disk and in memory ---------------------------------------------
        for side, where in (("pyoxigraph", tmp / "raw"), ("in memory", None)):
            say(f"\npyoxigraph alone ({'on disk' if where else 'in memory'}): "
                "Store.bulk_load + Store.query …")

            def raw_load(where=where):
                store = ox.Store(str(where)) if where else ox.Store()
                store.bulk_load(path=str(big), format=ox.RdfFormat.N_TRIPLES)
                return store

            t[side]["load"], raw = timed(raw_load)
            say(f"  load {t[side]['load']:.1f} s: {len(raw):,} triples")
            for name, q in (("q1", Q1), ("q2", Q2)):
                t[side][name], n = timed(
                    lambda q=q, store=raw: sum(1 for _ in store.query(
                        q, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)))
                say(f"  {name} {t[side][name]:.2f} s: {n:,} rows")
            t[side]["turtle"] = None
            del raw
            gc.collect()

    # summary ------------------------------------------------------------------------------
    for side in t.values():
        side["load + q1 + q2"] = side["load"] + side["q1"] + side["q2"]
    agree = all(sorted(a) == sorted(b) for a, b in counts.values())
    print(f"\n{lines:,} triples; rdflib and kg.store give the same rows for q1 and q2: "
          f"{'yes' if agree else 'NO'}")
    print(f"{'step':<16} {'rdflib s':>9} {'kg.store s':>11} {'speed-up':>9} "
          f"{'pyoxigraph s':>13} {'speed-up':>9} {'in memory s':>12} {'speed-up':>9}")

    def cell(value):
        return "—" if value is None else f"{value:.2f}"

    def ratio(a, b):
        if b is None:
            return "—"
        if a is None:
            return f"> {args.serialize_timeout / b:.0f}×"
        return f"{a / b:.1f}×"

    for step in ("load", "q1", "q2", "load + q1 + q2", "turtle"):
        r, s, x, m = (t[side][step] for side in ("rdflib", "kg.store", "pyoxigraph", "in memory"))
        shown_r = cell(r) if r is not None or step != "turtle" else f"> {args.serialize_timeout:.0f}"
        print(f"{step:<16} {shown_r:>9} {cell(s):>11} {ratio(r, s):>9} {cell(x):>13} {ratio(r, x):>9} "
              f"{cell(m):>12} {ratio(r, m):>9}")
    total = t["rdflib"]["load + q1 + q2"] / t["kg.store"]["load + q1 + q2"]
    print(f"\nload + two queries, kg.store against rdflib: {total:.1f}× — target ≥ 10×: "
          f"{'meets' if total >= 10 else 'MISSES'}")
    print(f"other processes' CPU during the run: {others.cores():.2f} cores on average "
          "(this script uses one; the forked Turtle writer a second while it runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The command line: kg build | query | push | dump | eval | mentions | explain | validate. The only module that prints or exits.

Exit codes: 0 ok, 1 some inputs failed, 2 usage or configuration error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg import __version__
from kg.errors import InputError, KGError

EXAMPLES = {
    "build": "example: kg build seeds/ -o output/",
    "query": "example: kg query output/graph.ttl -f ontology/queries/people_by_org.rq --format csv",
    "eval": "example: kg eval ../shared/eval/dev --verbose",
    "mentions": "example: kg mentions sentences.jsonl -o mentions.jsonl",
    "explain": "example: kg explain kg:Agreement",
    "validate": "example: kg validate output/graph.ttl",
    "push": "example: kg push output/ --endpoint http://127.0.0.1:7878/store",
    "dump": "example: kg dump --store store/ -o graph.ttl",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese news.",
                                epilog="exit codes: 0 ok, 1 some inputs failed, 2 usage error")
    p.add_argument("--version", action="version", version=f"zhkg {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="log what happens (-v: progress and warnings, -vv: details)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph of articles", epilog=EXAMPLES["build"],
                       description="Read articles (.txt in UTF-8/GBK/GB18030/Big5, .html/.htm news "
                                   "pages, .jsonl corpora, folders, glob patterns, - for stdin) "
                                   "and write the graph in one or more formats.")
    b.add_argument("paths", nargs="+",
                   help="article files (.txt, .html, .htm), .jsonl corpora (one article a line), "
                        "folders (their .txt/.html/.htm files), glob patterns, or - for stdin")
    b.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    b.add_argument("--ontology", default=None, help="folder with kg.ttl, titles.ttl, lexicon.ttl")
    b.add_argument("--format", default=None,
                   help="comma-separated: ttl, nt, trig, nq, jsonld, graphml, gexf, html "
                        "(default: ttl,html); each is written as graph.<format>")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: one per core; 1 builds in this process)")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    b.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: worker processes on this machine (default); dask: a dask.distributed "
                        "cluster, writing graph.nq and parts/part-NNNNN.nq (pip install 'zhkg[dask]')")
    b.add_argument("--scheduler", metavar="URL", default=None,
                   help="with --engine dask: the scheduler to join, e.g. tcp://HOST:8786 "
                        "(default: a LocalCluster of --jobs single-threaded workers)")
    b.add_argument("--partition-size", type=int, default=None, metavar="N",
                   help="with --engine dask: articles per task and per part file (default: 200)")
    b.add_argument("--store", metavar="DIR", default=None,
                   help="also load every article into the Oxigraph store in DIR (one named graph "
                        "per article; building an article again replaces it)")

    q = sub.add_parser("query", help="run SPARQL over a graph file, a store or an endpoint",
                       epilog=EXAMPLES["query"])
    q.add_argument("graph", nargs="?", help="graph file (.ttl, .nt, .jsonld, .trig, .nq)")
    q.add_argument("query", nargs="?", help="SPARQL text, or the name of a query in ontology/queries")
    q.add_argument("-f", "--file", help="read the query from this .rq file")
    q.add_argument("--format", default="table", choices=("table", "csv", "json"))
    q.add_argument("--update", action="store_true", help="allow SPARQL Update")
    where = q.add_mutually_exclusive_group()
    where.add_argument("--store", metavar="DIR", help="query the store made by kg build --store")
    where.add_argument("--endpoint", metavar="URL",
                       help="query a SPARQL endpoint, e.g. http://127.0.0.1:7878/query")

    u = sub.add_parser("push", help="load graphs into a triple store (SPARQL Graph Store protocol)",
                       epilog=EXAMPLES["push"])
    u.add_argument("path", help="a build folder (graph.nq, graph.trig, graph.nt or graph.ttl) or a graph file")
    u.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store endpoint; basic auth from ZHKG_STORE_USER/ZHKG_STORE_PASSWORD")
    u.add_argument("--no-ontology", action="store_true", help="do not push the ontology graph")
    u.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    d = sub.add_parser("dump", help="write a store made by kg build --store as one graph file",
                       epilog=EXAMPLES["dump"],
                       description="Write every graph of an Oxigraph store with Oxigraph's streaming "
                                   "serializer (memory stays flat for any size): .ttl or .nt get all "
                                   "triples, .trig or .nq keep each article's named graph.")
    d.add_argument("--store", required=True, metavar="DIR", help="the store folder")
    d.add_argument("-o", "--output", required=True, help="the file to write: .ttl, .nt, .trig or .nq")
    d.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")

    e = sub.add_parser("eval", help="score the extractor on gold folders", epilog=EXAMPLES["eval"])
    e.add_argument("gold_dirs", nargs="+", help="folders of ID.txt + ID.gold.jsonl")
    e.add_argument("-o", "--output", help="also write each article's graph.ttl under this folder")
    e.add_argument("--ontology", default=None)
    e.add_argument("-v", "--verbose", action="store_true", help="list every miss and false prediction")

    m = sub.add_parser("mentions", help="CLUENER-format mentions of JSONL sentences",
                       epilog=EXAMPLES["mentions"])
    m.add_argument("input", help="JSONL file of {\"text\": …} lines, or - for stdin")
    m.add_argument("-o", "--output", help="output file (default: stdout)")
    m.add_argument("--ontology", default=None)

    x = sub.add_parser("explain", help="what an ontology term means", epilog=EXAMPLES["explain"])
    x.add_argument("term", help="e.g. kg:Agreement, org:Membership")

    v = sub.add_parser("validate", help="check a graph against ontology/shapes.ttl (SHACL)",
                       epilog=EXAMPLES["validate"],
                       description="Validate a graph file with pySHACL against the shapes of the RDF "
                                   "contract. Prints 'conforms' or one line per violation; exit 0 if "
                                   "it conforms, else 1.")
    v.add_argument("graph", help="graph file (.ttl, .nt, .jsonld, .trig, .nq)")
    return p


def _ontology(args) -> Path:
    from kg.lexicon import DEFAULT_DIR

    return Path(args.ontology) if args.ontology else DEFAULT_DIR


def _build(args) -> int:
    import time

    from kg.corpus import build_corpus

    if args.jobs is not None and args.jobs < 0:
        raise KGError(f"--jobs {args.jobs}: give 0 (one per core) or more")
    if args.engine == "dask":
        if args.format is not None and args.format.strip().lower() not in ("nq", "nquads", "n-quads"):
            raise KGError(f"--engine dask writes N-Quads only (graph.nq and parts/); "
                          f"drop --format {args.format} or give --format nq")
        if args.store:
            raise KGError("--store works with --engine local only; load OUTPUT/parts/*.nq instead")
    elif args.scheduler is not None or args.partition_size is not None:
        raise KGError("--scheduler and --partition-size need --engine dask")
    terminal = sys.stderr.isatty()
    start = time.monotonic()
    state = {"shown": start, "bar": None}

    def progress(done: int, failed: int) -> None:
        if terminal:   # a progress bar on a terminal
            if state["bar"] is None:
                from tqdm import tqdm

                state["bar"] = tqdm(unit=" article", desc="kg build", file=sys.stderr, leave=False)
            bar = state["bar"]
            bar.set_postfix(failed=failed, refresh=False)
            bar.update(done + failed - bar.n)
            return
        now = time.monotonic()   # plain log lines otherwise
        if now - state["shown"] < 10.0:
            return
        state["shown"] = now
        rate = done / max(now - start, 1e-9)
        sys.stderr.write(f"kg: {done} article(s) built, {failed} failed ({rate:.1f}/s)\n")
        sys.stderr.flush()

    try:
        if args.engine == "dask":
            from kg.corpus import default_jobs
            from kg.distributed import PARTITION_SIZE, build_with_dask

            result = build_with_dask(args.paths, Path(args.output), ontology=_ontology(args),
                                     scheduler=args.scheduler,
                                     partition_size=(PARTITION_SIZE if args.partition_size is None
                                                     else args.partition_size),
                                     workers=args.jobs or default_jobs(),
                                     progress=None if args.quiet else progress)
        else:
            result = build_corpus(args.paths, Path(args.output), ontology=_ontology(args),
                                  formats=args.format or "ttl,html", jobs=args.jobs, store=args.store and Path(args.store),
                                  progress=None if args.quiet else progress)
    except KeyboardInterrupt:
        result = None
    finally:
        if state["bar"] is not None:
            state["bar"].close()
    if result is None:
        print("kg: interrupted; the previous output is kept", file=sys.stderr)
        return 130
    for path, error in result.failures:
        print(f"kg: {error}", file=sys.stderr)
    if not args.quiet:
        c = result.counts
        print(f"{result.articles} article(s): {c['person']} people, {c['org']} organizations, "
              f"{c['role']} roles, {c['agreement']} agreements, {c['event']} events")
        for path in result.written:
            print(f"wrote {path}")
    if result.failures:
        print(f"{len(result.failures)} input(s) failed: "
              + ", ".join(str(p) for p, _ in result.failures), file=sys.stderr)
    return 1 if result.failures else 0


def _query(args) -> int:
    from kg import query as q

    given = [a for a in (args.graph, args.query) if a is not None]
    if args.store or args.endpoint:
        if len(given) > 1:
            raise KGError("kg query: with --store or --endpoint give the query only, no graph file")
        name = given[0] if given else None
    elif not args.graph:
        raise InputError("kg query: give a graph file, --store DIR or --endpoint URL")
    else:
        name = args.query
    if args.file:
        text = Path(args.file).read_text(encoding="utf-8")
    elif name:
        text = name if any(c.isspace() for c in name.strip()) else q.read_query(name)
    else:
        raise InputError("kg query: give a query text, a query name or -f FILE")
    if args.endpoint:
        from kg.push import query_endpoint

        result = query_endpoint(args.endpoint, text)
    elif args.store:
        from kg.store import open_store, query_store

        result = query_store(open_store(args.store, read_only=not args.update), text, update=args.update)
    else:
        result = q.run_query(q.load_graph(args.graph), text, update=args.update)
    if result is None:
        print("update applied" + (f" to the store {args.store}" if args.store else
                                  " (in memory; the file is unchanged)"))
        return 0
    render = {"table": q.result_table, "csv": q.result_csv, "json": q.result_json}[args.format]
    sys.stdout.write(render(result))
    return 0


def _push(args) -> int:
    from kg.push import push

    result = push(args.path, args.endpoint, ontology=not args.no_ontology)
    for name, reason in result.failed:
        print(f"kg: {args.endpoint}: {name}: {reason}", file=sys.stderr)
    if not args.quiet:
        print(f"pushed {len(result.pushed)} article(s) to {args.endpoint}"
              + (f" ({result.retries} request(s) retried)" if result.retries else ""))
    if result.failed:
        print(f"{len(result.failed)} graph(s) did not land; run kg push again to complete them",
              file=sys.stderr)
    return 1 if result.failed else 0


def _dump(args) -> int:
    from kg.store import dump, open_store, rdf_format

    rdf_format(args.output)                     # an unknown ending fails before the store opens
    path = dump(open_store(args.store, read_only=True), args.output)
    if not args.quiet:
        print(f"wrote {path}")
    return 0


def _eval(args) -> int:
    from kg.evaluate import TYPES
    from kg.corpus import evaluate_dirs

    scores = evaluate_dirs([Path(d) for d in args.gold_dirs], ontology=_ontology(args),
                           output=Path(args.output) if args.output else None)
    if args.verbose:
        for kind in TYPES:
            s = scores[kind]
            for article, record in s.misses:
                print(f"MISS  {article} {json.dumps(record, ensure_ascii=False)}")
            for article, record in s.false:
                print(f"FALSE {article} {json.dumps(record, ensure_ascii=False)}")
    print(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind in TYPES:
        s = scores[kind]
        print(f"{kind:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    return 0


def _mentions(args) -> int:
    from kg.mention_records import annotate_lines

    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    try:
        lines = annotate_lines(source, ontology=_ontology(args))
        if args.output:
            from kg.export.turtle import write_atomic

            write_atomic(args.output, "".join(l + "\n" for l in lines).encode("utf-8"))
        else:
            for line in lines:
                sys.stdout.write(line + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
    return 0


def _explain(args) -> int:
    from kg.ontology import explain

    print(explain(args.term))
    return 0


def _validate(args) -> int:
    from kg.validate import validate_file

    report = validate_file(args.graph)
    print(report.text)
    return 0 if report.conforms else 1


COMMANDS = {"build": _build, "query": _query, "eval": _eval, "mentions": _mentions,
            "explain": _explain, "validate": _validate, "push": _push, "dump": _dump}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.verbose:
        import logging

        logging.basicConfig(level=logging.DEBUG if args.verbose > 1 else logging.INFO,
                            format="kg: %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        if args.debug:
            raise
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    except KGError as exc:
        if args.debug:
            raise
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        if args.debug:
            raise
        print(f"kg: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

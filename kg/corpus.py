"""Many articles: build a corpus graph in worker processes and stream it to disk; score gold folders.

The flow of ``build_corpus``::

    iter_sources(paths)             parent: list inputs lazily (files, folders, globs, JSONL, stdin)
      → build_source(source)        worker: read → article graph → its chunk of each streamed format
      → in input order              parent: append chunks to temp files, add up counts
      → commit                      parent: whole-graph formats, ontology.ttl, then rename all

Workers are processes forked once the parent has loaded the lexicons (spawned where fork is not
safe), fed in chunks, at most two chunks per worker in flight, and
results come back in input order, so the output is byte-identical whatever ``jobs`` is and
memory does not grow with the corpus. Turtle, TriG, N-Triples and N-Quads are streamed (see
``kg.export``); JSON-LD, GraphML, GEXF and HTML need the whole graph, so only when one of them
is asked for are the articles' triples merged in the parent.

Every output goes to a temp file in the output folder and is renamed over the old file only
when the whole run has succeeded: a run that dies midway leaves the previous output as it was.
One bad article never stops a batch: its error is collected as (input name, one-line message)
and the rest goes on.
"""
from __future__ import annotations

import math
import multiprocessing
import os
import re
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import FOAF, ORG, RDF, SDO

from kg.errors import InputError, KGError, OntologyError, missing_file
from kg.evaluate import Score, gold_pairs, read_gold, records_from_graph, score_article
from kg.export import EXPORTERS, resolve_formats
from kg.export.atomic import AtomicFile
from kg.graph import KG, add_relations, new_graph
from kg.lexicon import DEFAULT_DIR, load_lexicon
from kg.pipeline import build_graph, extract, read_article, warm_up
from kg.read import Source, iter_sources, read_text

FORMATS = ("ttl", "html")          # the default output formats
CHUNKSIZE = 4                      # articles per task sent to a worker
ONTOLOGY_FILE = "ontology.ttl"     # the ontology (kg.ttl) as published beside the graph
COUNTED = ("person", "org", "role", "agreement", "event")


@dataclass
class BuildResult:
    articles: int = 0
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)      # (input name, one-line message)
    counts: dict = field(default_factory=dict)
    jobs: int = 1                                     # worker processes used (1: in-process)


@dataclass
class Built:
    """What building one input gives back: its counts and text chunks, or its error."""

    name: str
    error: str = ""
    article: str = ""                                # the article's id
    counts: dict = field(default_factory=dict)
    chunks: dict = field(default_factory=dict)       # exporter name → this article's chunk
    triples: list | None = None                      # for whole-graph formats only


def count_facts(g: Graph) -> dict[str, int]:
    def n(cls) -> int:
        return len(set(g.subjects(RDF.type, cls)))

    return {"person": n(FOAF.Person), "org": n(ORG.Organization), "role": n(ORG.Membership),
            "agreement": n(KG.Agreement), "event": n(SDO.Event)}


def article_graph(article_id: str, text: str, meta: dict | None = None, *,
                  ontology: Path = DEFAULT_DIR) -> Graph:
    """One article's graph from ``(article_id, text, meta)`` as ``kg.read`` gives them.

    The same as ``build_graph(text, article_id, url=…, date=…, headline=…)``, plus the
    publisher (``source``) and ``authors`` that HTML pages and JSONL lines may carry, where the
    text itself names none.
    """
    meta = meta or {}
    article = read_article(article_id, text, ontology, url=meta.get("url", ""),
                           date=meta.get("date", ""), headline=meta.get("headline", ""))
    extra: dict = {}
    if meta.get("source") and not article.source:
        extra["source"] = meta["source"]
    if meta.get("authors") and not article.authors:
        extra["authors"] = tuple(meta["authors"])
    if extra:
        article = replace(article, **extra)
    relations, entities = extract(article, ontology)
    return add_relations(new_graph(), article, relations, entities)


_LINE_BREAKS = re.compile(r"\s*[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]\s*")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(m: re.Match) -> str:
    return repr(m.group())[1:-1]


def printable(name: str) -> str:
    r"""An input's name as messages show it: control characters escaped, so it stays on one line.

    >>> printable("bad\nname.txt")
    'bad\\nname.txt'
    """
    return _UNPRINTABLE.sub(_escape, name)


def _one_line(name: str, exc: BaseException) -> str:
    """``<input>: <problem>`` on one line, whatever the input's name or the error's text hold."""
    shown = printable(name)
    raw = str(exc).replace(name, shown) if name else str(exc)
    message = _UNPRINTABLE.sub(_escape, _LINE_BREAKS.sub(" ", raw).strip())
    if isinstance(exc, KGError):
        text = message
    elif isinstance(exc, OSError):
        text = f"{shown}: {exc.strerror or message}"
    else:  # a bug met on this input: still one line, and the batch goes on
        text = f"{shown}: internal error ({type(exc).__name__}: {message})"
    return text if text.startswith(shown) else f"{shown}: {text}"


def build_source(source: Source, ontology: Path = DEFAULT_DIR, chunk_formats: tuple = (),
                 keep_triples: bool = False) -> Built:
    """Read one input and build its graph, its counts and its chunk of each streamed format."""
    try:
        article_id, text, meta = source.read()
        graph = article_graph(article_id, text, meta, ontology=ontology)
        chunks = {name: EXPORTERS[name].chunk(graph, article_id) for name in chunk_formats}
        return Built(source.name, article=article_id, counts=count_facts(graph), chunks=chunks,
                     triples=list(graph) if keep_triples else None)
    except Exception as exc:  # one bad article never stops a batch
        return Built(printable(source.name), error=_one_line(source.name, exc))


def _build_chunk(sources: list, ontology: Path, chunk_formats: tuple, keep_triples: bool) -> list:
    return [build_source(s, ontology, chunk_formats, keep_triples) for s in sources]


def _batched(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def build_results(sources: Iterable[Source], *, ontology: Path = DEFAULT_DIR,
                  chunk_formats: tuple = (), keep_triples: bool = False, jobs: int = 1,
                  chunksize: int = CHUNKSIZE) -> Iterator[Built]:
    """``build_source`` of each source, in input order, in ``jobs`` worker processes.

    Chunks of ``chunksize`` sources are submitted as earlier ones are collected, never more
    than two per worker ahead, so neither the inputs nor the results pile up in memory (a
    plain ``Pool.imap`` would read the whole input ahead).
    """
    args = (ontology, tuple(chunk_formats), keep_triples)
    sources = iter(sources)
    if jobs <= 1:
        for source in sources:
            yield build_source(source, *args)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_worker_context(ontology))
    pending: deque = deque()
    try:
        for batch in _batched(sources, chunksize):
            pending.append((batch, pool.submit(_build_chunk, batch, *args)))
            while len(pending) >= 2 * jobs:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_context(ontology: Path):
    """How workers start: forked from this process once it has loaded the lexicon, jieba's
    dictionary and OpenCC (``warm_up``), so each starts at once with them loaded; spawned
    (a fresh interpreter that loads them itself) where fork is missing or unsafe, that is when
    this process runs other threads (a thread's locks are copied held into the child)."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        warm_up(ontology)
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _collect(batch: list, future) -> list:
    try:
        return future.result()
    except BrokenProcessPool:
        names = ", ".join(printable(s.name) for s in batch)
        raise InputError(f"a worker process died while building {names}; the previous output "
                         "is kept (run with -j 1 to find the input that kills it)") from None


def default_jobs() -> int:
    """The cores this process may run on (``os.cpu_count()`` where affinity is unknown)."""
    counter = getattr(os, "process_cpu_count", None)            # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _plan(sources: Iterator[Source], jobs: int | None) -> tuple[Iterator[Source], int, int]:
    """(sources, workers, chunksize): no more workers than inputs, in-process for one input."""
    jobs = jobs or default_jobs()
    if jobs <= 1:
        return sources, 1, CHUNKSIZE
    head = list(islice(sources, 2 * jobs * CHUNKSIZE))
    sources = chain(head, sources)
    if len(head) < 2 * jobs * CHUNKSIZE:          # a small corpus: spread it thin
        workers = max(1, min(jobs, len(head)))
        return sources, workers, max(1, math.ceil(len(head) / (2 * workers)))
    return sources, jobs, CHUNKSIZE


def build_corpus(paths, output: Path, *, ontology: Path = DEFAULT_DIR, formats=FORMATS,
                 jobs: int | None = None, progress: Callable[[int, int], None] | None = None,
                 stdin=None, store: Path | None = None) -> BuildResult:
    """Build the graph of every article under ``paths`` and write it in ``formats`` to ``output``.

    Parameters
    ----------
    paths : files, folders, glob patterns and ``-`` (stdin), as ``kg.read.iter_sources`` reads.
    output : the folder that gets ``graph.<ext>`` per format and ``ontology.ttl``.
    formats : names or aliases from ``kg.export.EXPORTERS`` (a list, or a comma-separated str).
    jobs : worker processes; None or 0 for one per core (``default_jobs``), 1 to build in
        this process. Never more workers than inputs; a single input is built in-process.
        Workers are spawned, so a script that asks for more than one calls this under
        ``if __name__ == "__main__":`` (the ``kg`` command does).
    progress : called as ``progress(articles_built, inputs_failed)`` after each input.
    store : an Oxigraph store folder; each article is also loaded there as its own named graph
        (building an article again replaces it), for ``kg query --store``: bulk-loaded when
        every article is built, before the files are renamed into place (``StagedLoad``).

    Raises UnknownNameError for an unknown format and OntologyError for a broken ontology
    folder, before any article is read; an input that fails is a ``failures`` entry instead.
    When every input fails, nothing is written and the previous output stays.
    """
    exporters = resolve_formats(formats)
    ontology = Path(ontology)
    load_lexicon(ontology)
    ontology_file = ontology / "kg.ttl"
    if not ontology_file.is_file():
        raise OntologyError(missing_file(ontology_file, "the ontology (kg.ttl)"))
    output = Path(output)
    streamed = [e for e in exporters if e.streamed]
    whole = [e for e in exporters if not e.streamed]

    sources, workers, chunksize = _plan(iter_sources(paths, stdin=stdin), jobs)
    result = BuildResult(jobs=workers)
    files: dict[str, AtomicFile] = {}
    staged = None
    if store is not None:
        from kg.store import StagedLoad

        staged = StagedLoad(store, output)     # a store that cannot be opened fails here
    try:
        for e in streamed:
            files[e.name] = AtomicFile(output / e.filename())
            files[e.name].write(e.header())
        merged = new_graph() if whole else None
        counts: Counter = Counter({k: 0 for k in COUNTED})
        chunk_formats = tuple(files) + (("nt",) if staged is not None and "nt" not in files else ())
        results = build_results(sources, ontology=ontology, chunk_formats=chunk_formats,
                                keep_triples=merged is not None, jobs=workers, chunksize=chunksize)
        with closing(results):
            for built in results:
                if built.error:
                    result.failures.append((built.name, built.error))
                else:
                    result.articles += 1
                    counts.update(built.counts)
                    for name, text in built.chunks.items():
                        if name in files:
                            files[name].write(text)
                    if staged is not None:
                        staged.add(built.article, built.chunks["nt"])
                    for triple in built.triples or ():
                        merged.add(triple)
                if progress is not None:
                    progress(result.articles, len(result.failures))
        result.counts = dict(counts)
        if result.failures and not result.articles:
            return result                 # every input failed: keep the previous output
        for e in whole:
            files[e.name] = AtomicFile(output / e.filename())
            files[e.name].write(e.text(merged))
        files[ONTOLOGY_FILE] = AtomicFile(output / ONTOLOGY_FILE)
        files[ONTOLOGY_FILE].write_bytes(ontology_file.read_bytes())
        if staged is not None:            # last before the renames: a failure leaves the files
            staged.load()
        order = [e.name for e in exporters] + [ONTOLOGY_FILE]
        for name in order:
            result.written.append(files.pop(name).commit())
    finally:
        for f in files.values():          # left only when the run did not finish
            f.discard()
        if staged is not None:
            staged.discard()
    return result


def evaluate_dirs(dirs, *, ontology: Path = DEFAULT_DIR, output: Path | None = None) -> dict[str, Score]:
    """Score every ID.txt + ID.gold.jsonl pair of ``dirs``, reading predictions from the graph."""
    scores: dict[str, Score] = {}
    for directory in dirs:
        for text_path, gold_path in gold_pairs(directory):
            graph = build_graph(read_text(text_path), text_path.stem, ontology=ontology)
            if output is not None:
                from kg.export.turtle import write_turtle

                write_turtle(graph, output / text_path.stem / "graph.ttl")
            score_article(text_path.stem, read_gold(gold_path), records_from_graph(graph), scores)
    return scores

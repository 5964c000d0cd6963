"""A corpus built on a dask.distributed cluster, for when one machine is not enough.

The flow of ``build_with_dask``::

    iter_sources(paths)                 parent: list inputs lazily; file paths made absolute
      → partitions of partition_size    parent: one task each, a few per worker thread in flight
      → build_partition(sources)        worker: kg.corpus.build_source of each, the "nq" chunk only
      → in input order                  parent: parts/part-00000.nq …, graph.nq, counts, failures
      → commit                          parent: graph.nq, ontology.ttl, then the parts/ folder

A task returns only its partition's N-Quads text, its counts and its failures, never graphs.
``graph.nq`` is the parts concatenated in input order: byte for byte what
``kg build … -j 1 --format nq`` writes, because both are each article's ``nquads_chunk`` in the
same order (the N-Quads header is empty). Each part is a complete N-Quads file, one named graph
per article, for a triple store's parallel bulk loader.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` single-threaded processes is started and
closed; with one, ``Client(scheduler)`` joins a running cluster (``dask-scheduler`` on one host,
``dask-worker tcp://HOST:8786`` on the others, each with zhkg installed). Workers read the
inputs themselves, so file inputs must be on a path every worker can read (a shared filesystem,
mounted at the same place); JSONL lines and stdin travel inside the tasks. Every worker checks
that its ontology files are the parent's, so a host with another zhkg version fails loudly
instead of building a different graph.

Outputs are atomic as with the local engine: parts are written into a hidden staging folder and
swapped in for ``parts/`` only when the run has finished, after ``graph.nq`` and
``ontology.ttl``; an interrupted run leaves the previous output as it was. dask is imported only
here, and only when this engine is used (``pip install 'zhkg[dask]'``).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import tempfile
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from kg.corpus import COUNTED, ONTOLOGY_FILE, BuildResult, build_source
from kg.errors import InputError, KGError, OntologyError, missing_file
from kg.export import get_exporter
from kg.export.atomic import AtomicFile
from kg.export.turtle import write_atomic
from kg.lexicon import DEFAULT_DIR, load_lexicon
from kg.read import Source, iter_sources

__all__ = ["build_with_dask", "build_partition", "Partition", "DaskBuildResult", "part_name",
           "PARTS_DIR", "PARTITION_SIZE"]

PARTS_DIR = "parts"                    # OUTPUT/parts/part-00000.nq …
PARTITION_SIZE = 200                   # articles per task
IN_FLIGHT = 2                          # tasks per worker thread submitted ahead of collection
WORKER_TIMEOUT = 60                    # seconds to wait for a first worker on a running cluster
ONTOLOGY_FILES = ("kg.ttl", "titles.ttl", "lexicon.ttl")      # what building an article reads
INSTALL_HINT = ("the dask engine needs dask.distributed: pip install 'zhkg[dask]' "
                "(or pip install 'dask[distributed]>=2024.1')")


@dataclass
class Partition:
    """What a worker sends back for one partition: small, no graphs."""

    text: str = ""                                    # the articles' N-Quads, in input order
    articles: int = 0
    counts: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)      # (input name, one-line message)


@dataclass
class DaskBuildResult(BuildResult):
    """``kg.corpus.BuildResult`` plus the part files; ``jobs`` is the cluster's worker threads."""

    parts: list = field(default_factory=list)


def part_name(index: int) -> str:
    """The file name of partition ``index`` (numbered in input order).

    >>> part_name(0), part_name(12)
    ('part-00000.nq', 'part-00012.nq')
    """
    return f"part-{index:05d}.nq"


# Worker side ----------------------------------------------------------------------------------

def ontology_fingerprint(directory: str | Path) -> str:
    """A digest of the ontology files a build reads; a missing file counts as empty."""
    digest = hashlib.sha256()
    for name in ONTOLOGY_FILES:
        path = Path(directory) / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def _local_error(error: str, source: Source) -> str:
    """An error about an absolute path given back under the name the user gave the input."""
    absolute = str(source.path)
    if absolute == source.name or absolute not in error:
        return error
    error = error.replace(absolute, source.name)
    doubled = f"{source.name}: {source.name}: "
    return error[len(source.name) + 2:] if error.startswith(doubled) else error


def build_partition(sources: list[Source], ontology: str | None, fingerprint: str) -> Partition:
    """Build each source of one partition (the task a worker runs).

    ``ontology`` is None for the worker's own installed ontology, else a folder every worker can
    read; OntologyError when its files are not the ones the parent read (``fingerprint``).
    """
    directory = DEFAULT_DIR if ontology is None else Path(ontology)
    if ontology_fingerprint(directory) != fingerprint:
        raise OntologyError(f"{socket.gethostname()}: the ontology in {directory} differs from the "
                            "one kg build was started with; install the same zhkg version on "
                            "every worker (and give --ontology a folder all of them can read)")
    part = Partition(counts={k: 0 for k in COUNTED})
    chunks: list[str] = []
    counts: Counter = Counter(part.counts)
    for source in sources:
        built = build_source(source, directory, ("nq",))
        if built.error:
            part.failures.append((built.name, _local_error(built.error, source)))
        else:
            part.articles += 1
            counts.update(built.counts)
            chunks.append(built.chunks["nq"])
    part.text = "".join(chunks)
    part.counts = dict(counts)
    return part


# Parent side ----------------------------------------------------------------------------------

def _distributed():
    """The ``distributed`` module, or KGError with the install hint."""
    try:
        import distributed
    except ImportError:
        raise KGError(INSTALL_HINT) from None
    return distributed


def _for_worker(source: Source) -> Source:
    """The source with an absolute path, so a worker with another working folder finds it."""
    if source.path is None or source.path.is_absolute():
        return source
    return replace(source, path=Path(os.path.abspath(source.path)))


def _batched(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _threads(client) -> int:
    return max(1, sum(client.nthreads().values()))


def _connect(distributed, stack: ExitStack, scheduler: str | None, workers: int):
    """A client of the cluster at ``scheduler``, or of a new LocalCluster; closed by ``stack``."""
    if scheduler is None:
        cluster = stack.enter_context(distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
        return stack.enter_context(distributed.Client(cluster))
    try:
        client = stack.enter_context(distributed.Client(scheduler, timeout=WORKER_TIMEOUT))
    except (OSError, TimeoutError, ValueError) as exc:
        raise KGError(f"cannot reach the dask scheduler at {scheduler} ({' '.join(str(exc).split())}); "
                      "is dask-scheduler running there?") from None
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        raise KGError(f"no dask worker joined the scheduler at {scheduler} within {WORKER_TIMEOUT} s; "
                      f"start some with: dask-worker {scheduler} --nworkers N --nthreads 1") from None
    return client


def _result(distributed, index: int, batch: list[Source], future) -> Partition:
    try:
        return future.result()
    except distributed.KilledWorker:
        names = ", ".join(s.name for s in batch)
        raise InputError(f"dask workers kept dying while building partition {index} ({names}); the "
                         "previous output is kept (run kg build -j 1 on these to find the input "
                         "that kills them)") from None


def _swap_in(staging: Path, target: Path) -> None:
    """Replace the folder ``target`` by ``staging`` (two renames; the old one removed after)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_with_dask(paths: Iterable, output: str | os.PathLike, *, ontology: str | os.PathLike = DEFAULT_DIR,
                    scheduler: str | None = None, partition_size: int = PARTITION_SIZE,
                    workers: int = 2, progress: Callable[[int, int], None] | None = None,
                    stdin=None) -> DaskBuildResult:
    """Build the graph of every article under ``paths`` on a dask cluster, as N-Quads in ``output``.

    Parameters
    ----------
    paths : files, folders, glob patterns and ``-`` (stdin), as ``kg.read.iter_sources`` reads;
        on a cluster, files must be readable by every worker at the same absolute path.
    output : gets ``graph.nq`` (byte-identical to the local ``--format nq`` build),
        ``ontology.ttl`` and ``parts/part-00000.nq`` …, one per partition, in input order.
    ontology : the ontology folder; the default is each worker's installed copy, another must be
        readable by every worker. Workers whose files differ raise OntologyError.
    scheduler : ``tcp://HOST:PORT`` of a running dask scheduler; None starts a LocalCluster of
        ``workers`` single-threaded processes for this run (spawned, so a script calls this
        under ``if __name__ == "__main__":``, as with ``build_corpus``).
    partition_size : articles per task (and per part file).
    progress : called as ``progress(articles_built, inputs_failed)`` after each partition.

    Raises KGError when dask is not installed, the scheduler cannot be reached or no worker
    joins it; OntologyError for a broken ontology folder, before any article is read. A failing
    input is a ``failures`` entry, as with ``kg.corpus.build_corpus``; when every input fails,
    nothing is written and the previous output stays.
    """
    if partition_size < 1:
        raise KGError(f"partition size {partition_size}: give 1 or more articles per partition")
    if workers < 1:
        raise KGError(f"{workers} workers: give 1 or more")
    distributed = _distributed()
    ontology = Path(ontology)
    load_lexicon(ontology)                             # a broken folder fails here, not per task
    ontology_file = ontology / "kg.ttl"
    if not ontology_file.is_file():
        raise OntologyError(missing_file(ontology_file, "the ontology (kg.ttl)"))
    fingerprint = ontology_fingerprint(ontology)
    on_workers = None if ontology.resolve() == DEFAULT_DIR.resolve() else os.path.abspath(ontology)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    exporter = get_exporter("nq")

    result = DaskBuildResult()
    counts: Counter = Counter({k: 0 for k in COUNTED})
    files: dict[str, AtomicFile] = {}
    staging = Path(tempfile.mkdtemp(prefix=f".{PARTS_DIR}.", suffix=".tmp", dir=output))
    try:
        with ExitStack() as stack:
            client = _connect(distributed, stack, scheduler, workers)
            result.jobs = _threads(client)
            files[exporter.name] = AtomicFile(output / exporter.filename())
            files[exporter.name].write(exporter.header())
            token = uuid.uuid4().hex[:8]
            pending: deque = deque()
            sources = (_for_worker(s) for s in iter_sources(paths, stdin=stdin))
            batches = enumerate(_batched(sources, partition_size))

            def collect() -> None:
                index, batch, future = pending.popleft()
                part = _result(distributed, index, batch, future)
                write_atomic(staging / part_name(index), part.text.encode("utf-8"))
                files[exporter.name].write(part.text)
                result.articles += part.articles
                result.failures.extend(part.failures)
                counts.update(part.counts)
                if progress is not None:
                    progress(result.articles, len(result.failures))

            for index, batch in batches:
                future = client.submit(build_partition, batch, on_workers, fingerprint,
                                       key=f"kg-partition-{index:05d}-{token}", pure=False)
                pending.append((index, batch, future))
                while len(pending) >= IN_FLIGHT * _threads(client):
                    collect()
            while pending:
                collect()
        result.counts = dict(counts)
        if result.failures and not result.articles:
            return result                 # every input failed: keep the previous output
        files[ONTOLOGY_FILE] = AtomicFile(output / ONTOLOGY_FILE)
        files[ONTOLOGY_FILE].write_bytes(ontology_file.read_bytes())
        for name in (exporter.name, ONTOLOGY_FILE):
            result.written.append(files.pop(name).commit())
        parts = output / PARTS_DIR
        _swap_in(staging, parts)
        result.parts = sorted(parts.glob("part-*.nq"))
        result.written.append(parts)
    finally:
        for f in files.values():          # left only when the run did not finish
            f.discard()
        shutil.rmtree(staging, ignore_errors=True)
    return result

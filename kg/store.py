"""Big graphs in an on-disk Oxigraph store (pyoxigraph): load articles, query, dump Turtle.

A store is a folder (RocksDB). Each article's triples live in its own named graph, the
article's IRI plus ``/graph`` (``article_graph_iri``), so loading an article again replaces it
and never duplicates it. Nodes that several articles share (role IRIs, ``kgid:role/H``) live
once in ``SHARED_GRAPH``::

    <https://w3id.org/zhkg/id/article/a1/graph>   a1's article, people, organizations, facts
    <https://w3id.org/zhkg/id/article/a2/graph>   a2's …
    <https://w3id.org/zhkg/id/shared/graph>       every role: a org:Role ; rdfs:label "副总经理"@zh

Why not a copy of each role in every article's graph, as the N-Quads export has it: Oxigraph
(0.5) counts a triple once per graph that holds it when it queries the union of graphs, so a
join through a role's label would return each membership once per article using that title.

Queries (``query_store``) see the union of all graphs as their default graph and the repo's
prefixes (``kg.graph.PREFIXES``) without declaring them, and give an rdflib ``Result``, so
``kg.query.result_table``/``result_csv``/``result_json`` render them. ``dump_turtle`` writes
the whole store with Oxigraph's streaming Turtle serializer, never holding it in memory.

>>> import tempfile
>>> from kg.query import result_table
>>> store = open_store(tempfile.mkdtemp())
>>> load_ntriples(store, '<https://w3id.org/zhkg/id/article/a1> '
...               '<http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .', article_graph_iri("a1"))
1
>>> print(result_table(query_store(store, "SELECT ?label WHERE { ?a rdfs:label ?label }")), end="")
label
-----
甲
(1 row)
"""
from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from kg import errors
from kg.graph import ID, PREFIXES, article_iri
from kg.query import _SELECT_STAR, _UPDATE_START, _first_use, sort_rows

__all__ = ["open_store", "load_ntriples", "load_file", "StagedLoad", "query_store", "dump", "dump_turtle",
           "article_graph_iri", "article_of_graph", "SHARED_GRAPH", "ONTOLOGY_GRAPH", "rdf_format",
           "order_rows"]

ARTICLE_BASE = f"{ID}article/"
GRAPH_SUFFIX = "/graph"
SHARED_GRAPH = f"{ID}shared/graph"               # nodes shared by articles: the roles
ONTOLOGY_GRAPH = "https://w3id.org/zhkg/ontology"  # ontology/kg.ttl, when pushed to a store
PREFIX_IRIS = {prefix: str(ns) for prefix, ns in PREFIXES.items()}

# file name ending or rdflib format name → Oxigraph's format
_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES, "n-triples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS, "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG, "trig": ox.RdfFormat.TRIG,
    ".n3": ox.RdfFormat.N3, "n3": ox.RdfFormat.N3,
    ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD, "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}


# Graph names -----------------------------------------------------------------------------------

def article_graph_iri(article_id: str) -> str:
    """The named graph of an article: its IRI plus ``/graph`` (as ``kg.export.trig.graph_iri``).

    >>> article_graph_iri("d01")
    'https://w3id.org/zhkg/id/article/d01/graph'
    """
    return str(article_iri(article_id)) + GRAPH_SUFFIX


def article_of_graph(iri: str) -> str | None:
    """The article id (as it stands in the IRI) of an article's named graph, else None.

    >>> article_of_graph("https://w3id.org/zhkg/id/article/d01/graph")
    'd01'
    >>> article_of_graph(SHARED_GRAPH) is None
    True
    """
    if iri.startswith(ARTICLE_BASE) and iri.endswith(GRAPH_SUFFIX):
        local = iri[len(ARTICLE_BASE):-len(GRAPH_SUFFIX)]
        if local and "/" not in local:
            return local
    return None


def _graph_of_subject(iri: str) -> str | None:
    """The article graph a subject IRI belongs to: ``kgid:article/ID`` and everything under it."""
    if not iri.startswith(ARTICLE_BASE):
        return None
    local = iri[len(ARTICLE_BASE):].split("/", 1)[0]
    return ARTICLE_BASE + local + GRAPH_SUFFIX if local else None


def _ours(graph: str) -> bool:
    return graph == SHARED_GRAPH or article_of_graph(graph) is not None


def _target(subject, graph: ox.NamedNode | ox.BlankNode | None):
    """Where a triple goes (see the module docstring); ``graph`` is where the input put it.

    A graph that is not an article's (the ontology's, someone else's) keeps its triples. In an
    article's graph or in the default graph, a subject under an article IRI belongs to that
    article; any other IRI subject (a role) goes to SHARED_GRAPH; a blank node stays with the
    article graph it came in (in the default graph, with no article to go to, SHARED_GRAPH).
    """
    if graph is not None and not _ours(graph.value):
        return graph
    if isinstance(subject, ox.NamedNode):
        own = _graph_of_subject(subject.value)
        if own is None:
            return _SHARED
        return graph if graph is not None else ox.NamedNode(own)
    return graph if graph is not None else _SHARED


_SHARED = ox.NamedNode(SHARED_GRAPH)


def _routed(quads: Iterable[ox.Quad], graph_iri: str | None) -> Iterator[ox.Quad]:
    default = ox.NamedNode(graph_iri) if graph_iri else None
    for q in quads:
        graph = default if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
        yield ox.Quad(q.subject, q.predicate, q.object, _target(q.subject, graph))


# Opening and loading ---------------------------------------------------------------------------

def open_store(path: str | os.PathLike, *, read_only: bool = False) -> ox.Store:
    """The Oxigraph store in folder ``path``, created if it does not exist.

    ``read_only`` opens an existing store without taking its write lock (for queries); a
    missing folder is then an InputError. A folder another process holds open for writing,
    or that is not a store, raises StoreError naming the folder.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise errors.StoreError(errors.store_unavailable(path, "a file, not a store folder"))
    if read_only and not path.is_dir():
        raise errors.InputError(errors.missing_file(path, "the store folder"))
    if read_only and not (path / "CURRENT").is_file():
        raise errors.StoreError(errors.store_unavailable(path, "not an Oxigraph store folder"))
    try:
        if not read_only:
            path.mkdir(parents=True, exist_ok=True)
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise errors.StoreError(errors.store_unavailable(path, exc)) from exc


def load_ntriples(store: ox.Store, data: bytes | str, graph_iri: str | None = None, *,
                  replace: bool = True) -> int:
    """Load one article's N-Triples (or N-Quads) into ``store``; return the number of triples.

    Triples go into ``graph_iri`` (the article's graph, ``article_graph_iri(id)``), roles into
    SHARED_GRAPH. N-Quads lines keep their graph, so an article's chunk of ``graph.nq`` can be
    loaded with ``graph_iri=None``. With ``replace`` the article's graph (each article graph in
    the data, when ``graph_iri`` is None) is emptied first, so loading an article again leaves
    it as given, never doubled; the shared graph is only added to. Invalid data raises InputError.
    """
    try:
        quads = list(_routed(ox.parse(data, ox.RdfFormat.N_QUADS), graph_iri))
    except SyntaxError as exc:
        raise errors.InputError(errors.bad_file(graph_iri or "N-Quads data", exc)) from None
    if replace:
        if graph_iri:
            names = {graph_iri}
        else:
            names = {q.graph_name.value for q in quads
                     if isinstance(q.graph_name, ox.NamedNode)
                     and article_of_graph(q.graph_name.value) is not None}
        for name in sorted(names):
            store.remove_graph(ox.NamedNode(name))
    store.extend(quads)
    return len(quads)


def rdf_format(path: str | os.PathLike, format: str | ox.RdfFormat | None = None) -> ox.RdfFormat:
    """Oxigraph's format for ``format`` (``turtle``, ``nt``, ``nquads``, ``trig`` …) or the file's
    ending; InputError naming the endings known.

    >>> rdf_format("out/graph.nq")
    <RdfFormat N-Quads>
    """
    if isinstance(format, ox.RdfFormat):
        return format
    key = format.strip().lower() if format else Path(path).suffix.lower()
    try:
        return _FORMATS[key]
    except KeyError:
        endings = [k for k in _FORMATS if k.startswith(".")]
        raise errors.InputError(errors.unknown_extension(path, endings)) from None


def load_file(store: ox.Store, path: str | os.PathLike,
              format: str | ox.RdfFormat | None = None, *, threads: int | None = None) -> int:
    """Bulk-load a graph file, streamed, each article into its graph; return the quads loaded.

    N-Quads and TriG keep their named graphs; the default graph's triples (all of a Turtle or
    N-Triples file) go to their article's graph by subject, ``kgid:article/ID…`` to
    ``kgid:article/ID/graph``; roles in any article graph go to SHARED_GRAPH. Loading adds
    (use a fresh store, or ``load_ntriples`` per article to replace). A missing file or a
    parse error raises InputError naming the file (and the line, for N-Triples).

    N-Triples, what ``kg build --store`` itself loads, takes the fast path: pieces of the file
    get their graph names as bytes (``_route_ntriples``) and are bulk-loaded by Oxigraph in
    ``threads`` threads at once (default: one per core), Python touching each line once. Other
    formats are parsed into terms and routed one quad at a time.
    """
    path = Path(path)
    fmt = rdf_format(path, format)
    if not path.is_file():
        raise errors.InputError(errors.missing_file(path, "the graph file"))
    try:
        if fmt == ox.RdfFormat.N_TRIPLES:
            return _load_ntriples_file(store, path, threads or _default_threads())
        count = 0

        def counted() -> Iterator[ox.Quad]:
            nonlocal count
            for quad in _routed(ox.parse(path=str(path), format=fmt), None):
                count += 1
                yield quad

        store.bulk_extend(counted())
        return count
    except SyntaxError as exc:
        raise errors.InputError(errors.bad_file(path, f"not valid {fmt.name} ({exc})")) from None
    except OSError as exc:
        raise errors.StoreError(errors.bad_file(path, exc)) from exc


PIECE_BYTES = 16 << 20       # N-Triples routed and bulk-loaded at a time by load_file


def _default_threads() -> int:
    from kg.corpus import default_jobs

    return default_jobs()


def _load_ntriples_file(store: ox.Store, path: Path, threads: int) -> int:
    """``load_file``'s fast path: route pieces of an N-Triples file as bytes while earlier pieces
    load in other threads (Oxigraph's bulk loader releases the GIL)."""
    from concurrent.futures import ThreadPoolExecutor

    count = 0
    first_line = 1                               # of the piece, in the file
    pending: deque = deque()

    def wait_one() -> None:
        future, line = pending.popleft()
        try:
            future.result()
        except SyntaxError as exc:
            raise SyntaxError(_at_line(exc, line)) from None

    with ThreadPoolExecutor(max_workers=threads) as pool:
        try:
            for piece in _pieces(path, PIECE_BYTES):
                routed = _route_ntriples(piece)
                if routed is None:                   # lines the byte router leaves to the parser
                    try:
                        quads = list(_routed(ox.parse(piece, ox.RdfFormat.N_TRIPLES), None))
                    except SyntaxError as exc:
                        raise SyntaxError(_at_line(exc, first_line)) from None
                    pending.append((pool.submit(store.bulk_extend, quads), first_line))
                    count += len(quads)
                else:
                    data, n = routed
                    pending.append((pool.submit(store.bulk_load, data, ox.RdfFormat.N_QUADS),
                                    first_line))
                    count += n
                first_line += piece.count(b"\n")
                while len(pending) > threads:
                    wait_one()
            while pending:
                wait_one()
        finally:
            for future, _ in pending:
                future.cancel()
    return count


def _at_line(exc: SyntaxError, first_line: int) -> str:
    """The parser's message for a piece, with the line counted in the whole file."""
    message = str(exc.args[0] if exc.args else exc)
    if exc.lineno is None:
        return message
    reason = message.split(": ", 1)[-1]
    return f"line {first_line + exc.lineno - 1}: {reason}"


def _pieces(path: Path, size: int) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at a line end."""
    with open(path, "rb") as f:
        rest = b""
        while block := f.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut:
                yield block[:cut]
                rest = block[cut:]
            else:
                rest = block
        if rest:
            yield rest


_ARTICLE_PREFIX = f"<{ARTICLE_BASE}".encode()
_SHARED_END = f" <{SHARED_GRAPH}> .".encode()


def _route_ntriples(data: bytes) -> tuple[bytes, int] | None:
    r"""N-Triples lines as N-Quads, each in the graph ``_target`` gives a default-graph triple;
    with the number of triples. None when a line is not one triple ending in ``.`` (a comment
    after it), for the parser to route. Blank and comment lines stay, so line numbers hold.

    >>> data, n = _route_ntriples(b'<https://w3id.org/zhkg/id/article/a1/person/p> '
    ...                           b'<http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    >>> data.decode().split()[-2], n
    ('<https://w3id.org/zhkg/id/article/a1/graph>', 1)
    """
    out = []
    count = 0
    graph_ends: dict[bytes, bytes] = {}
    start = len(_ARTICLE_PREFIX)
    for line in data.split(b"\n"):
        body = line.strip()
        if not body or body[0] == 35:              # a blank line, a comment
            out.append(body)
            continue
        if body[-1] != 46:                         # not ending in "."
            return None
        body = body[:-1].rstrip()
        end = _SHARED_END
        if body.startswith(_ARTICLE_PREFIX):
            close = body.find(b">", start)
            if close == -1:
                return None
            slash = body.find(b"/", start, close)
            local = body[start:slash if slash != -1 else close]
            if local:
                end = graph_ends.get(local) or graph_ends.setdefault(
                    local, b" " + _ARTICLE_PREFIX + local + GRAPH_SUFFIX.encode() + b"> .")
        out.append(body + end)
        count += 1
    return b"\n".join(out), count


class StagedLoad:
    """Articles for a store, gathered while a corpus is built and loaded when it is done.

    For ``kg build --store``: each article's N-Triples are appended to a temp file beside the
    outputs (``add``); ``load`` then empties the graphs of those articles the store already
    holds (building an article again replaces it), bulk-loads the file by ``load_file``'s fast
    path and compacts the store for the queries to come (``Store.optimize``). The store is
    checked when this is made, so a folder another process holds, or one that is not a store,
    fails before any article is built; it is not held open in between, so the build's worker
    processes are forked with no store threads running. ``discard`` drops the temp file.
    """

    def __init__(self, store_dir: str | os.PathLike, temp_dir: str | os.PathLike):
        from kg.export.atomic import AtomicFile

        self.store_dir = Path(store_dir)
        db = open_store(self.store_dir)
        self.replacing = next(iter(db.named_graphs()), None) is not None
        del db
        self.graphs: list[str] = []          # article graphs to empty first, when replacing
        self.file = AtomicFile(Path(temp_dir) / "store-load.nt")

    def add(self, article_id: str, ntriples: str) -> None:
        self.file.write(ntriples)
        if self.replacing:
            self.graphs.append(article_graph_iri(article_id))

    def load(self) -> int:
        """Load what was added; the number of triples read."""
        path = self.file.flush()
        db = open_store(self.store_dir)
        for name in self.graphs:
            node = ox.NamedNode(name)
            if db.contains_named_graph(node):
                db.remove_graph(node)
        count = load_file(db, path, ox.RdfFormat.N_TRIPLES)
        db.optimize()
        db.flush()
        return count

    def discard(self) -> None:
        self.file.discard()


# Querying --------------------------------------------------------------------------------------

def query_store(store: ox.Store, sparql: str, *, update: bool = False) -> Result | None:
    """Run SPARQL over ``store`` (default graph: the union of all graphs); rdflib's Result.

    As ``kg.query.run_query``: the repo's prefixes need no declaring, rows of a SELECT without
    ORDER BY are sorted and ``SELECT *`` columns follow first use, so output is stable; a
    query that does not parse raises QueryError with the parser's message. A SPARQL Update is
    refused (QueryError) unless ``update=True``; then it changes the store and None is returned.
    """
    if _UPDATE_START.match(sparql):
        if not update:
            raise errors.QueryError(errors.update_refused())
        try:
            store.update(sparql, prefixes=PREFIX_IRIS)
        except SyntaxError as exc:
            raise errors.QueryError(errors.bad_query(exc)) from None
        except OSError as exc:
            raise errors.QueryError(errors.query_failed(exc)) from exc
        return None
    try:
        answer = store.query(sparql, prefixes=PREFIX_IRIS, use_default_graph_as_union=True)
        if isinstance(answer, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(answer)
        elif isinstance(answer, ox.QueryTriples):
            result = Result("CONSTRUCT")
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
            for t in answer:
                graph.add((_term(t.subject), _term(t.predicate), _term(t.object)))
            result.graph = graph
        else:
            result = Result("SELECT")
            names = [Variable(v.value) for v in answer.variables]
            result.vars = names
            terms: dict = {}                 # each distinct term converted once

            def term(value):
                found = terms.get(value)
                if found is None:
                    found = terms[value] = _term(value)
                return found

            result.bindings = [{name: term(value) for name, value in zip(names, solution)
                                if value is not None} for solution in answer]
            order_rows(result, sparql)
    except SyntaxError as exc:
        raise errors.QueryError(errors.bad_query(exc)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise errors.QueryError(errors.query_failed(exc)) from exc
    return result


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _term(term) -> Node:
    """An Oxigraph term as the rdflib term rdflib's own parsers would give."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))        # an RDF-star quoted triple: shown as text


def order_rows(result: Result, query: str) -> Result:
    """Make a SELECT result's output stable, as ``run_query`` does for files: ``SELECT *``
    columns in order of first use, rows sorted unless the query has ORDER BY."""
    if result.type != "SELECT":
        return result
    if _SELECT_STAR.search(query):
        result.vars = sorted(result.vars, key=lambda v: _first_use(query, v))
    if not _ORDER_BY.search(query):
        rows = list(result.bindings)
        sort_rows(rows, result.vars)
        result.bindings = rows
    return result


# Writing ---------------------------------------------------------------------------------------

class _Sink:
    """The binary file object Oxigraph's serializer writes to, over an AtomicFile."""

    def __init__(self, target) -> None:
        self.target = target

    def write(self, data) -> int:
        self.target.write_bytes(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


_DUMP_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


def dump(store: ox.Store, path: str | os.PathLike, format: str | ox.RdfFormat | None = None) -> Path:
    """Write the whole store to ``path`` in ``format`` (default: by the file's ending).

    Turtle and N-Triples get every graph's triples; TriG and N-Quads keep each article's named
    graph and the shared graph. Oxigraph's serializer streams, so memory stays flat for any
    store size; the file is written to a temp file and renamed, so ``path`` appears whole or
    not at all. An ending Oxigraph cannot write raises InputError.
    """
    from kg.export.atomic import AtomicFile

    fmt = rdf_format(path, format)
    if fmt not in _DUMP_FORMATS:
        raise errors.InputError(errors.unknown_extension(path, [".ttl", ".nt", ".trig", ".nq"]))
    quads = fmt.supports_datasets
    prefixed = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    with AtomicFile(path) as f:
        ox.serialize(iter(store) if quads else (q.triple for q in store), _Sink(f), fmt,
                     **({"prefixes": dict(sorted(PREFIX_IRIS.items()))} if prefixed else {}))
    return Path(path)


def dump_turtle(store: ox.Store, path: str | os.PathLike) -> Path:
    """Write every triple of ``store`` (all graphs) as Turtle with the repo's prefixes."""
    return dump(store, path, ox.RdfFormat.TURTLE)

"""Push graphs to a triple store over HTTP, and query a store's SPARQL endpoint.

``push`` loads a graph file, or a build folder's ``graph.nq``/``.trig``/``.nt``/``.ttl``, into
a store through the SPARQL 1.1 Graph Store HTTP Protocol (Oxigraph: ``http://HOST:PORT/store``),
one request per graph, in this order::

    PUT  ?graph=https://w3id.org/zhkg/ontology            ontology/kg.ttl (or the folder's ontology.ttl)
    POST ?graph=https://w3id.org/zhkg/id/shared/graph     the roles, shared by articles (a merge)
    PUT  ?graph=https://w3id.org/zhkg/id/article/ID/graph one article each, replacing it

The graphs are laid out as in ``kg.store``. A PUT replaces its graph and the roles' POST only
adds triples the store already has or lacks, so running ``push`` again never doubles anything;
it completes the articles that did not land. Connection errors and 5xx answers are retried
(``tries`` in all, waiting ``backoff``·2ⁿ seconds between); a graph that still fails is
reported in ``PushResult.failed`` and the batch goes on, unless the server is gone
(``GIVE_UP_AFTER`` graphs in a row could not reach it): the rest are then reported unsent.
When the very first request fails, nothing can land: StoreError, one line with the URL and
the status or reason. Basic auth comes from ZHKG_STORE_USER and ZHKG_STORE_PASSWORD in the
environment, never from the command line. Only the standard library speaks HTTP. Nothing here
prints.

``query_endpoint`` POSTs a query to a SPARQL endpoint (Oxigraph: ``http://HOST:PORT/query``)
and returns rdflib's Result, so ``kg.query``'s renderers print it. The endpoint's default graph
should be the union of its graphs (``oxigraph serve --union-default-graph``).
"""
from __future__ import annotations

import base64
import http.client
import io
import os
import re
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.query import Result

from kg import __version__, errors
from kg.graph import PREFIXES
from kg.ontology import ONTOLOGY_DIR, ONTOLOGY_FILE
from kg.query import _UPDATE_START
from kg.store import (ONTOLOGY_GRAPH, SHARED_GRAPH, article_of_graph, load_file, open_store,
                      order_rows)

__all__ = ["PushResult", "push", "find_input", "query_endpoint", "auth_headers",
           "ENV_USER", "ENV_PASSWORD"]

ENV_USER = "ZHKG_STORE_USER"
ENV_PASSWORD = "ZHKG_STORE_PASSWORD"
TRIES = 4                 # requests per graph, the first included
BACKOFF = 0.2             # seconds before the first retry; doubled before each next one
TIMEOUT = 60.0            # seconds to wait for one answer
GIVE_UP_AFTER = 3         # graphs in a row that could not reach the server: the rest are not sent
INPUT_NAMES = ("graph.nq", "graph.trig", "graph.nt", "graph.ttl")   # in a build folder, first found
BUILD_ONTOLOGY = "ontology.ttl"        # the ontology a build folder was made with

_RDF_TYPES = {"application/n-triples": "nt", "text/turtle": "turtle",
              "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
_QUERY_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
                 "text/turtle;q=0.8")


@dataclass
class PushResult:
    """What a push did: the articles and other graphs that landed, and those that did not."""

    endpoint: str
    pushed: list[str] = field(default_factory=list)      # article ids (as in their IRIs)
    graphs: list[str] = field(default_factory=list)      # other graphs that landed (their IRIs)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (article id or IRI, reason)
    retries: int = 0                                     # requests sent again after a failure

    @property
    def ok(self) -> bool:
        return not self.failed


class _Failure(Exception):
    """A request that failed for good: why, the HTTP status if any, and whether it got through."""

    def __init__(self, reason: str, status: int | None = None, body: str = "",
                 reached: bool = True):
        super().__init__(reason)
        self.reason, self.status, self.body, self.reached = reason, status, body, reached


# Input -----------------------------------------------------------------------------------------

def find_input(path: str | os.PathLike) -> Path:
    """The graph file to push: ``path`` itself, or in a build folder the first of INPUT_NAMES."""
    path = Path(path)
    if path.is_dir():
        for name in INPUT_NAMES:
            if (path / name).is_file():
                return path / name
        raise errors.InputError(errors.missing_file(path, f"a graph file ({', '.join(INPUT_NAMES)})"))
    if not path.is_file():
        raise errors.InputError(errors.missing_file(path, "the graph file"))
    return path


def _ontology_file(path: Path, ontology: str | os.PathLike | bool) -> Path | None:
    if ontology is False or ontology is None:
        return None
    if ontology is True:
        beside = path / BUILD_ONTOLOGY if path.is_dir() else None
        found = beside if beside is not None and beside.is_file() else ONTOLOGY_DIR / ONTOLOGY_FILE
    else:
        found = Path(ontology)
    if not found.is_file():
        raise errors.InputError(errors.missing_file(found, "the ontology"))
    return found


# HTTP ------------------------------------------------------------------------------------------

def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL without credentials in it; StoreError otherwise."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.StoreError(errors.bad_endpoint(url))
    if parts.username is not None or parts.password is not None:
        shown = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname
                                                       + (f":{parts.port}" if parts.port else "")))
        raise errors.StoreError(errors.credentials_in_url(shown))
    return url


def auth_headers(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """An ``Authorization: Basic …`` header when ZHKG_STORE_USER is set (password may be empty).

    >>> auth_headers({"ZHKG_STORE_USER": "kg", "ZHKG_STORE_PASSWORD": "s3cret"})
    {'Authorization': 'Basic a2c6czNjcmV0'}
    >>> auth_headers({})
    {}
    """
    env = os.environ if env is None else env
    user = env.get(ENV_USER)
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{env.get(ENV_PASSWORD, '')}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _graph_url(endpoint: str, graph: str) -> str:
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{joiner}graph={urllib.parse.quote(graph, safe='')}"


def _flat(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _once(request: urllib.request.Request, timeout: float) -> tuple[str, bytes]:
    """Send once: (content type, body) of a 2xx answer; _Failure saying whether to retry."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            body = ""
        reason = f"HTTP {exc.code} {exc.reason}" + (f": {_flat(body)}" if body.strip() else "")
        raise _Failure(reason, status=exc.code, body=body) from None
    except urllib.error.URLError as exc:
        cause = exc.reason
        if isinstance(cause, (TimeoutError, socket.timeout)):
            raise _Failure(f"no answer within {timeout:g} s", reached=False) from None
        text = getattr(cause, "strerror", None) or str(cause)
        raise _Failure(f"cannot connect ({text})", reached=False) from None
    except (TimeoutError, socket.timeout):
        raise _Failure(f"no answer within {timeout:g} s", reached=False) from None
    except (http.client.HTTPException, ConnectionError) as exc:
        text = str(exc) or type(exc).__name__
        raise _Failure(f"connection lost ({text})", reached=False) from None


def _retryable(failure: _Failure) -> bool:
    return not failure.reached or failure.status is not None and (
        failure.status >= 500 or failure.status in (408, 429))


def _send(method: str, url: str, body: bytes, headers: Mapping[str, str], *, tries: int,
          backoff: float, timeout: float, on_retry: Callable[[], None] = lambda: None,
          ) -> tuple[str, bytes]:
    """``_once`` up to ``tries`` times, waiting backoff·2ⁿ s before retry n (n = 0, 1, …)."""
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"User-Agent": f"zhkg/{__version__}", **headers})
    for attempt in range(max(1, tries)):
        if attempt:
            on_retry()
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            return _once(request, timeout)
        except _Failure as failure:
            if attempt + 1 >= max(1, tries) or not _retryable(failure):
                if attempt:
                    failure.reason += f" (after {attempt + 1} tries)"
                raise
    raise AssertionError("unreachable")


# Push ------------------------------------------------------------------------------------------

def push(path: str | os.PathLike, endpoint: str, *, ontology: str | os.PathLike | bool = True,
         env: Mapping[str, str] | None = None, tries: int = TRIES, backoff: float = BACKOFF,
         timeout: float = TIMEOUT, progress: Callable[[str, bool], None] | None = None,
         ) -> PushResult:
    """Load the graph file or build folder ``path`` into the store at ``endpoint``.

    Parameters
    ----------
    path : a graph file (.nq, .trig, .nt, .ttl, …) or a folder holding one (``find_input``).
    endpoint : the Graph Store Protocol URL, e.g. ``http://127.0.0.1:7878/store``.
    ontology : True for the folder's ontology.ttl, else ontology/kg.ttl; a path; False for none.
    env : where to read ZHKG_STORE_USER/ZHKG_STORE_PASSWORD (default ``os.environ``).
    progress : called as ``progress(name, landed)`` after each graph (article id or graph IRI).

    Raises InputError for a missing or unparsable input, StoreError when the first request
    fails (the server is unreachable, or refuses: a wrong URL, bad credentials); later
    failures are ``PushResult.failed`` entries.
    """
    check_url(endpoint)
    source = find_input(path)
    ontology_file = _ontology_file(Path(path), ontology)
    send = _Sender(endpoint, auth_headers(env), tries, backoff, timeout)
    with tempfile.TemporaryDirectory(prefix="zhkg-push-", ignore_cleanup_errors=True) as folder:
        store = open_store(folder)            # on disk: memory stays flat for any input size
        try:
            load_file(store, source)
            return _push_graphs(store, ontology_file, send, progress)
        finally:
            del store                         # close RocksDB before its folder is removed


class _Sender:
    """One endpoint's requests: its URL, auth headers, retry policy, and the retries made."""

    def __init__(self, endpoint: str, headers: dict, tries: int, backoff: float, timeout: float):
        self.endpoint, self.headers = endpoint, headers
        self.tries, self.backoff, self.timeout = tries, backoff, timeout
        self.retries = 0

    def __call__(self, method: str, graph: str, data: bytes, content_type: str) -> None:
        def bump() -> None:
            self.retries += 1

        _send(method, _graph_url(self.endpoint, graph), data,
              {**self.headers, "Content-Type": content_type}, tries=self.tries,
              backoff=self.backoff, timeout=self.timeout, on_retry=bump)


def _push_graphs(store: ox.Store, ontology_file: Path | None, send: _Sender,
                 progress: Callable[[str, bool], None] | None) -> PushResult:
    """Send the ontology, the shared graph, then each graph of ``store``, in that order."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    articles = [(article_of_graph(n), n) for n in names if article_of_graph(n)]
    others = [(n, n) for n in names if n != SHARED_GRAPH and not article_of_graph(n)
              and not (n == ONTOLOGY_GRAPH and ontology_file is not None)]
    plan: list[tuple[str, str, str]] = []               # (name, method, graph)
    if ontology_file is not None:
        plan.append((ONTOLOGY_GRAPH, "PUT", ONTOLOGY_GRAPH))
    if SHARED_GRAPH in names:
        plan.append((SHARED_GRAPH, "POST", SHARED_GRAPH))
    plan += [(name, "PUT", graph) for name, graph in articles + others]

    result = PushResult(send.endpoint)
    unreachable, last = 0, ""
    for index, (name, method, graph) in enumerate(plan):
        landed = False
        if unreachable >= GIVE_UP_AFTER:
            result.failed.append((name, f"not sent: the server stopped answering ({last})"))
        else:
            if graph == ONTOLOGY_GRAPH and ontology_file is not None:
                data, content_type = ontology_file.read_bytes(), "text/turtle"
            else:
                data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
                content_type = "application/n-triples"
            try:
                send(method, graph, data, content_type)
                landed = True
            except _Failure as failure:
                if index == 0:     # nothing can land: the server is unreachable or refuses
                    raise errors.StoreError(
                        errors.endpoint_failed(send.endpoint, failure.reason)) from None
                result.failed.append((name, failure.reason))
                unreachable = 0 if failure.reached else unreachable + 1
                last = failure.reason
        if landed:
            unreachable = 0
            (result.pushed if article_of_graph(graph) else result.graphs).append(name)
        if progress is not None:
            progress(name, landed)
    result.retries = send.retries
    return result


# Query -----------------------------------------------------------------------------------------

def query_endpoint(url: str, sparql: str, *, env: Mapping[str, str] | None = None,
                   tries: int = TRIES, backoff: float = BACKOFF,
                   timeout: float = TIMEOUT) -> Result:
    """Run a SPARQL query at the endpoint ``url`` (SPARQL 1.1 Protocol, POST); rdflib's Result.

    The repo's prefixes are declared for the query when it does not declare them itself. Rows
    of a SELECT are made stable as ``kg.query.run_query`` makes them. A query the server cannot
    parse raises QueryError with its message; an unreachable or refusing server StoreError;
    a SPARQL Update QueryError (a query endpoint does not take updates).
    """
    check_url(url)
    if _UPDATE_START.match(sparql):
        raise errors.QueryError(errors.endpoint_update_refused())
    text = _with_prefixes(sparql)
    headers = {**auth_headers(env), "Content-Type": "application/sparql-query",
               "Accept": _QUERY_ACCEPT}
    try:
        content_type, body = _send("POST", url, text.encode("utf-8"), headers, tries=tries,
                                   backoff=backoff, timeout=timeout)
    except _Failure as failure:
        if failure.status == 400:
            raise errors.QueryError(errors.bad_query(failure.body or failure.reason)) from None
        raise errors.StoreError(errors.endpoint_failed(url, failure.reason)) from None
    media = content_type.split(";", 1)[0].strip().lower()
    try:
        if media == "application/sparql-results+json":
            result = Result.parse(io.BytesIO(body), format="json")
        elif media in _RDF_TYPES:
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
            graph.parse(data=body, format=_RDF_TYPES[media])
            result = Result("CONSTRUCT")
            result.graph = graph
        else:
            raise ValueError(f"unexpected content type {content_type or '(none)'}")
    except Exception as exc:  # rdflib's parsers raise many kinds
        raise errors.StoreError(errors.endpoint_failed(url, f"unreadable answer ({exc})")) from exc
    return order_rows(result, sparql)


def _with_prefixes(sparql: str) -> str:
    """The query with PREFIX lines for the repo's prefixes it does not declare.

    >>> _with_prefixes("PREFIX kg: <urn:x#> SELECT * {}").count("PREFIX kg:")
    1
    """
    declared = set(re.findall(r"\bPREFIX\s+([^\s:]*):", sparql, re.IGNORECASE))
    lines = [f"PREFIX {prefix}: <{ns}>" for prefix, ns in sorted(PREFIXES.items())
             if prefix not in declared]
    return "\n".join(lines + [sparql])

"""SPARQL over zhkg graphs with rdflib: named queries, running them, and their results as text.

Named queries are files ``ontology/queries/NAME.rq``, each opening with a one-line ``#`` comment
saying what it answers. Queries see the repo's prefixes (``kg.graph.PREFIXES``: kg, kgid, org,
schema, prov, skos, foaf, rdfs, xsd, owl) without declaring them. Nothing here prints.

    >>> g = load_graph(ONTOLOGY_DIR.parent / "tests" / "data" / "sample.ttl")
    >>> result = run_query(g, read_query("agreements"))
    >>> len({str(row.partyLabel) for row in result})
    3
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg import errors
from kg.graph import PREFIXES
from kg.ontology import ONTOLOGY_DIR

QUERY_DIR = ONTOLOGY_DIR / "queries"

# file name ending → rdflib parser; the quad formats load into a Dataset whose default graph is
# the union of all graphs, so queries see every triple
FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".jsonld": "json-ld", ".json": "json-ld",
           ".trig": "trig", ".nq": "nquads", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}
_QUAD_FORMATS = {"trig", "nquads"}


# Reading ---------------------------------------------------------------------------------------

def load_graph(path: str | Path) -> Graph:
    """Parse an RDF file, choosing the parser by its ending (.ttl, .nt, .jsonld, .trig …).

    A missing file, an unknown ending or a parse failure raises InputError naming the file.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise errors.InputError(errors.unknown_extension(path, FORMATS))
    if not path.is_file():
        raise errors.InputError(errors.missing_file(path, "the graph file"))
    g = Dataset(default_union=True) if fmt in _QUAD_FORMATS else Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    try:
        g.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many kinds
        raise errors.InputError(errors.bad_file(path, f"not valid {fmt} ({exc})")) from exc
    return g


def available_queries() -> list[str]:
    """The names of the queries in ontology/queries, sorted."""
    return sorted(path.stem for path in QUERY_DIR.glob("*.rq"))


def read_query(name_or_path: str | Path) -> str:
    """The text of a named query (``"people_by_org"``) or of a query file (``"my/q.rq"``).

    >>> read_query("people_by_org").splitlines()[0]
    '# Who holds which role at which organization (org:Membership), by organization, then person.'
    """
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or "/" in text or "\\" in text or text.endswith(".rq"):
        path = Path(name_or_path)
        if not path.is_file():
            raise errors.InputError(errors.missing_file(path, "the query file"))
    else:
        path = QUERY_DIR / f"{text}.rq"
        if not path.is_file():
            raise errors.UnknownNameError(errors.unknown_name("query", text, available_queries()))
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise errors.InputError(errors.bad_file(path, exc)) from exc


# Running ---------------------------------------------------------------------------------------

def run_query(graph: Graph, query: str, *, bindings: Mapping | None = None,
              update: bool = False) -> Result | None:
    """Run a SPARQL query over ``graph`` with the repo's prefixes; return rdflib's Result.

    ``bindings`` maps variable names (``"person"`` or ``"?person"``) to values and keeps only the
    rows where each variable has that value; pass rdflib terms (``Literal("王刚", lang="zh")``),
    other values become plain literals. A query that does not parse raises QueryError with the
    parser's message. A SPARQL Update is refused with QueryError unless ``update=True``; then it
    changes ``graph`` and None is returned. Rows of a SELECT without ORDER BY are sorted and the
    columns of ``SELECT *`` follow their first use in the query, so the same graph and query
    always give the same output.
    """
    init = _bindings(bindings)
    if _UPDATE_START.match(query):
        if not update:
            raise errors.QueryError(errors.update_refused())
        try:
            parseUpdate(query)
        except Exception as exc:  # pyparsing's ParseException, with where it stopped
            raise errors.QueryError(errors.bad_query(exc)) from None
        try:
            graph.update(query, initNs=PREFIXES, initBindings=init)
        except Exception as exc:
            raise errors.QueryError(errors.query_failed(exc)) from exc
        return None
    prepared = _prepare(query)
    if init:
        prepared, init = _join_values(query, prepared, init)
    try:
        result = graph.query(prepared, initBindings=init)
        if result.type == "SELECT":
            if _SELECT_STAR.search(query):   # rdflib gathers * from a set: fix the column order
                result.vars = sorted(result.vars, key=lambda v: _first_use(query, v))
            rows = list(result.bindings)
            if not _has_order_by(prepared.algebra):
                sort_rows(rows, result.vars)
            result.bindings = rows
    except Exception as exc:
        raise errors.QueryError(errors.query_failed(exc)) from exc
    return result


def _prepare(query: str) -> Query:
    try:
        return prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # a ParseException, or e.g. an undeclared prefix found in translation
        raise errors.QueryError(errors.bad_query(exc)) from None


def _join_values(query: str, prepared: Query,
                 init: dict[Variable, Node]) -> tuple[Query, dict[Variable, Node]]:
    """Bindings as a trailing ``VALUES`` block, joined with the query's solutions.

    rdflib's initBindings pre-binds instead, which an OPTIONAL does not check: binding a label
    fetched in an OPTIONAL would relabel every row rather than select one. Blank nodes cannot be
    written in VALUES, and a query may already end in VALUES; those keep initBindings.
    """
    written = {v: t for v, t in init.items() if isinstance(t, (URIRef, Literal))}
    if not written:
        return prepared, init
    names = " ".join(v.n3() for v in written)
    terms = " ".join(t.n3() for t in written.values())
    try:
        joined = prepareQuery(f"{query}\nVALUES ({names}) {{ ({terms}) }}\n", initNs=PREFIXES)
    except Exception:
        return prepared, init
    return joined, {v: t for v, t in init.items() if v not in written}


# an update starts, after any comments, PREFIX and BASE lines, with one of these keywords
_UPDATE_START = re.compile(
    r"\A\s*(?:(?:#[^\n]*(?:\n|\Z)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)


_SELECT_STAR = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)


def _first_use(query: str, var: Variable) -> tuple[int, str]:
    """Where a variable first appears in the query text, to order the columns of SELECT *."""
    found = re.search(rf"[?$]{re.escape(str(var))}\b", query)
    return (found.start() if found else len(query), str(var))


def _bindings(bindings: Mapping | None) -> dict[Variable, Node]:
    init = {}
    for name, value in (bindings or {}).items():
        name = str(name).lstrip("?$")
        if not _VARIABLE_NAME.match(name):
            raise errors.QueryError(errors.bad_binding(name))
        init[Variable(name)] = value if isinstance(value, Node) else Literal(value)
    return init


_VARIABLE_NAME = re.compile(r"^\w+$")


def _has_order_by(node: object) -> bool:
    if isinstance(node, CompValue):
        return node.name == "OrderBy" or any(_has_order_by(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_order_by(v) for v in node)
    return False


def sort_rows(rows: list, names: list[Variable]) -> None:
    """Sort result rows (dicts variable → term) in place by their terms, column by column:
    unbound first, then blank nodes, IRIs and literals, each by its text. A term's key is
    made once however many rows hold it."""
    keys: dict = {None: _sort_key(None)}

    def key(term: Node | None) -> tuple:
        found = keys.get(term)
        if found is None:
            found = keys[term] = _sort_key(term)
        return found

    rows.sort(key=lambda row: [key(row.get(v)) for v in names])


def _sort_key(term: Node | None) -> tuple:
    if term is None:
        return (0, "", "")
    if isinstance(term, BNode):
        return (1, "", "")           # blank node labels differ on every parse
    if isinstance(term, URIRef):
        return (2, str(term), "")
    if isinstance(term, Literal):
        return (3, str(term), f"{term.datatype or ''}@{term.language or ''}")
    return (4, str(term), "")


# Writing ---------------------------------------------------------------------------------------

def result_table(result: Result) -> str:
    """An aligned text table: literals as their lexical form, IRIs shortened with the prefixes.

    An ASK result is a line ``true`` or ``false``; a CONSTRUCT or DESCRIBE result is its graph
    in Turtle.
    """
    if result.type == "ASK":
        return "true\n" if result.askAnswer else "false\n"
    if result.type != "SELECT":
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True)
        for triple in result.graph or ():
            g.add(triple)
        return g.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    blank = _BlankLabels()
    rows = [[_cell(row.get(v), blank) for v in result.vars] for row in result.bindings]
    widths = [max([_width(name)] + [_width(row[i]) for row in rows])
              for i, name in enumerate(names)]
    lines = [_line(names, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def result_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, full IRIs, lexical forms."""
    if result.type != "SELECT":
        raise errors.QueryError(errors.not_tabular(result.type, "CSV"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(v) for v in result.vars])
    blank = _BlankLabels()
    for row in result.bindings:
        values = [row.get(v) for v in result.vars]
        writer.writerow(["" if t is None else f"_:{blank(t)}" if isinstance(t, BNode) else str(t)
                         for t in values])
    return out.getvalue()


def result_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON, with keys, rows and blank node labels in a fixed order."""
    if result.type == "ASK":
        doc: dict = {"head": {}, "boolean": bool(result.askAnswer)}
    elif result.type == "SELECT":
        blank = _BlankLabels()
        doc = {"head": {"vars": [str(v) for v in result.vars]},
               "results": {"bindings": [
                   {str(v): _json_term(row[v], blank)
                    for v in result.vars if row.get(v) is not None}
                   for row in result.bindings]}}
    else:
        raise errors.QueryError(errors.not_tabular(result.type, "JSON"))
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _json_term(term: Node, blank: _BlankLabels) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": blank(term)}
    literal = {"type": "literal", "value": str(term)}
    if getattr(term, "language", None):
        literal["xml:lang"] = term.language
    elif getattr(term, "datatype", None):
        literal["datatype"] = str(term.datatype)
    return literal


class _BlankLabels:
    """Relabel blank nodes b0, b1 … in order of first appearance, so output does not vary."""

    def __init__(self) -> None:
        self.labels: dict[BNode, str] = {}

    def __call__(self, node: BNode) -> str:
        return self.labels.setdefault(node, f"b{len(self.labels)}")


def short_iri(iri: str) -> str:
    """An IRI as prefix:local with the repo's prefixes (longest namespace wins), else <iri>.

    >>> short_iri("http://www.w3.org/ns/org#Membership")
    'org:Membership'
    >>> short_iri("https://w3id.org/zhkg/id/role/a4230a5967b7a240")
    'kgid:role/a4230a5967b7a240'
    >>> short_iri("http://example.org/x")
    '<http://example.org/x>'
    """
    for prefix, ns in _LONGEST_FIRST:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


_LONGEST_FIRST = sorted(((p, str(ns)) for p, ns in {**PREFIXES, "rdf": RDF}.items()),
                        key=lambda pn: -len(pn[1]))


def _cell(term: Node | None, blank: _BlankLabels) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    if isinstance(term, BNode):
        return f"_:{blank(term)}"
    return " ".join(str(term).split()) if "\n" in term or "\t" in term else str(term)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two.

    >>> _width("王刚 ab")
    7
    """
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _line(cells: list[str], widths: list[int]) -> str:
    padded = [cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths)]
    return "  ".join(padded).rstrip()

"""The KGError family, and every message template in one place so wording is reviewed together.

Raise sites fill in a template from this module: the message names the thing, lists what exists,
and where it can, says the fix. ``cli.py`` catches ``KGError`` once and prints ``str(error)``.

>>> str(UnknownNameError(unknown_name("query", "peple", ["people_by_org", "events"])))
"Unknown query 'peple'. Available: events, people_by_org."
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class KGError(Exception):
    """Base class of every error zhkg raises on purpose."""


class OntologyError(KGError):
    """The ontology folder is missing a file, a file does not parse, or a needed term is missing."""


class UnknownNameError(KGError, KeyError):
    """A name (record type, ontology term, query, format …) that does not exist.

    A KeyError too, so lookups can be caught either way; ``str`` is the plain message, not the
    quoted repr KeyError gives.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InputError(KGError):
    """An input file that cannot be used: missing, unreadable, or not in the format it claims."""


class QueryError(KGError):
    """A SPARQL query that does not parse or cannot run, or an update that was not allowed."""


# Message templates ---------------------------------------------------------------------------

def _listing(names: Iterable[str]) -> str:
    names = sorted(set(names))
    return ", ".join(names) if names else "(none)"


def unknown_name(kind: str, name: str, available: Iterable[str]) -> str:
    """``Unknown <kind> '<name>'. Available: …`` for a short, closed list of names."""
    return f"Unknown {kind} {name!r}. Available: {_listing(available)}."


def unknown_term(term: str, close: Iterable[str], known: Iterable[str] = ()) -> str:
    """An ontology term that is not declared: close matches first, else the known ones.

    >>> unknown_term("kg:Agrement", ["kg:Agreement"])
    "Unknown ontology term 'kg:Agrement'. Did you mean: kg:Agreement?"
    """
    close = list(close)
    if close:
        return f"Unknown ontology term {term!r}. Did you mean: {', '.join(close)}?"
    return f"Unknown ontology term {term!r}. No close match; declared kg: terms: {_listing(known)}."


def record_type_twice(record_type: str, classes: Iterable[str]) -> str:
    return (f"Record type {record_type!r} is declared on several classes ({_listing(classes)}); "
            "give each class its own kg:recordType.")


def missing_file(path: Path | str, what: str) -> str:
    return f"{path}: {what} is missing."


def bad_file(path: Path | str, problem: object) -> str:
    """``<file>: <problem>``, with the parser's message flattened to one line."""
    return f"{path}: {' '.join(str(problem).split())}"


def unknown_extension(path: Path | str, extensions: Iterable[str]) -> str:
    return (f"{path}: cannot tell the RDF format from the file name. "
            f"Use one of: {_listing(extensions)}.")


def bad_query(problem: object) -> str:
    """A query that does not parse, with the parser's message (where it stopped and why)."""
    return f"The SPARQL query does not parse: {' '.join(str(problem).split())}"


def query_failed(problem: object) -> str:
    return f"The SPARQL query failed: {' '.join(str(problem).split())}"


def bad_binding(name: str) -> str:
    return f"Cannot bind {name!r}: a variable name is letters, digits and underscores."


def update_refused() -> str:
    return ("The query is a SPARQL Update (INSERT/DELETE/LOAD/CLEAR …), which would change the "
            "graph; give --update (kg query) or update=True (Python) to run it.")


def not_tabular(kind: str, format_name: str) -> str:
    return f"A {kind} result has no {format_name} form; use a SELECT or ASK query."



# Triple stores: a local store folder (kg.store) and SPARQL endpoints over HTTP (kg.push) ------

class StoreError(KGError):
    """A triple store that cannot be opened or reached, or that refuses a request."""


def store_unavailable(path: Path | str, problem: object) -> str:
    """A local store folder that cannot be opened (another process holds it, not a store …)."""
    return f"{path}: cannot open the store ({' '.join(str(problem).split())})"


def endpoint_failed(url: str, reason: object) -> str:
    """``<url>: <reason>`` on one line: what was asked of which server and what went wrong."""
    return f"{url}: {' '.join(str(reason).split())}"


def bad_endpoint(url: str) -> str:
    return f"{url!r} is not an endpoint URL: give one starting with http:// or https://."


def credentials_in_url(url: str) -> str:
    return (f"{url}: the URL carries a user name or password; set ZHKG_STORE_USER and "
            "ZHKG_STORE_PASSWORD in the environment instead.")


def endpoint_update_refused() -> str:
    return ("The query is a SPARQL Update (INSERT/DELETE/LOAD/CLEAR …); a query endpoint only "
            "answers queries. Use the store's update endpoint, or kg push to replace articles.")

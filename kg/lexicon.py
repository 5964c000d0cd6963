"""The lexicons the extractor reads, loaded from the ontology folder (titles.ttl, lexicon.ttl).

Everything here is data: swap the folder (``kg build --ontology DIR``) and extraction follows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from kg.errors import OntologyError
from kg.graph import KG
from kg.ontology import ONTOLOGY_DIR as DEFAULT_DIR, read_turtle

LEX = Namespace("https://w3id.org/zhkg/lexicon#")

LISTS = ("titlePrefixes", "orgSuffixes", "unitSuffixes", "unitHeads", "titleHeadPatterns", "institutionWords", "disciplines",
         "placeSuffixes", "legalForms",
         "titleDomains", "nameFollowers", "notNames", "cutWords", "signVerbs", "agreementHeads",
         "partyCounts", "witnessCues", "eventHeads", "eventVerbs", "organizerCues",
         "boilerplateStarts", "metadataKeys", "shareWords", "selfReferences", "genericOrgs",
         "surnames")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """All word lists, each a tuple sorted longest first, plus title kinds."""

    titles: dict            # title head → kind (government, party, corporate, academic, generic)
    lists: dict             # list name → tuple of terms, longest first
    sets: dict = field(default_factory=dict, repr=False)   # list name → frozenset, made on demand

    def __getattr__(self, name: str) -> tuple[str, ...]:
        try:
            return self.__dict__["lists"][name]
        except KeyError:
            raise AttributeError(name) from None

    def set(self, name: str) -> frozenset[str]:
        """A list as a set, for membership tests."""
        found = self.sets.get(name)
        if found is None:
            found = self.sets[name] = frozenset(self.lists[name])
        return found


def _parse(path: Path) -> Graph:
    return read_turtle(path, "a lexicon")


@lru_cache(maxsize=8)
def load_lexicon(directory: str | Path = DEFAULT_DIR) -> Lexicon:
    """Read titles.ttl and lexicon.ttl from ``directory``."""
    directory = Path(directory)
    titles_graph = _parse(directory / "titles.ttl")
    titles = {}
    for concept in sorted(titles_graph.subjects(SKOS.inScheme, None)):
        kind = str(titles_graph.value(concept, KG.titleKind) or "generic")
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for label in titles_graph.objects(concept, prop):
                titles[str(label)] = kind
    return Lexicon(titles=titles, lists=read_lists(directory / "lexicon.ttl", LISTS))


def read_lists(path: Path, names) -> dict[str, tuple[str, ...]]:
    """The ``kg:Lexicon`` word lists ``names`` of a Turtle file, each sorted longest first."""
    graph = _parse(path)
    lists = {}
    for name in names:
        terms = graph.value(LEX[name], KG.terms)
        if terms is None:
            raise OntologyError(f"{path}: lexicon lex:{name} is missing (needed: {', '.join(names)})")
        unique = dict.fromkeys(str(terms).split())
        lists[name] = tuple(sorted(unique, key=lambda t: (-len(t), t)))
    return lists

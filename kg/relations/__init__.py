"""Relation rules, one module per record type, run in name order over each sentence.

Each rule module has ``NAME`` (the record type, a ``kg:recordType`` in the ontology),
``REQUIRES`` (the mention kinds it reads) and ``extract(sentence, context)`` yielding Relations.
``Context`` carries what one article's rules share: the lexicon matchers, the places named so
far (so ``市委`` after ``青州市委…`` resolves), and the records found in earlier sentences.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache

from kg.errors import OntologyError
from kg.lexicon import Lexicon
from kg.mentions import LABELS, Matcher, matcher_for
from kg.model import Article, Relation


@dataclass
class Context:
    """Per-article state shared by the rules, in reading order."""

    article: Article
    lex: Lexicon
    matcher: Matcher
    places: dict = field(default_factory=dict)       # level (市/区/省…) → latest place name
    relations: list = field(default_factory=list)    # records of earlier sentences
    last_month: str = ""                             # for day-only dates (7日下午)
    last_year: str = ""
    cache: dict = field(default_factory=dict)        # per-article lookups a rule computes once

    @classmethod
    def for_article(cls, article: Article, lex: Lexicon) -> "Context":
        return cls(article, lex, matcher_for(lex))

    def text(self, start: int, end: int) -> str:
        """The article's own characters (traditional stays traditional)."""
        return self.article.text[start:end]

    def remember_places(self, start: int, end: int, strict: bool = False) -> None:
        """Record the place names that open the analysis span [start, end).

        ``strict``: only when what follows the place reads as an institution, a title or a
        meeting verb (某市召开…, 某县委…), not any clause that happens to end in 市 or 县."""
        name = self.article.analysis[start:end]
        previous = 2 if name.startswith("中共") else 0
        places = self.matcher.places_in(name)
        if strict and places:
            rest = name[places[-1][0]:]
            m = self.matcher
            if rest and not (rest[:1] in "委" or m.org_suffix(rest[:4]) or m.title_starting_at(rest, 0) > 0
                             or rest.startswith(("人民政府", "政府", "召开", "举行", "举办", "开幕", "人大", "政协"))
                             or rest[:1].isdigit()):
                return
        for place_end, level in places:
            self.places[level] = (start + previous, start + place_end)   # 青州市|北湖区
            previous = place_end

    def place(self, level: str) -> tuple[int, int] | None:
        return self.places.get(level)


@lru_cache(maxsize=1)
def rules() -> tuple:
    """The rule modules, sorted by name, each checked for NAME, REQUIRES and extract."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for attr in ("NAME", "REQUIRES", "extract"):
            if not hasattr(module, attr):
                raise OntologyError(f"relation rule {module.__name__} lacks {attr}")
        missing = [r for r in module.REQUIRES if r not in LABELS]
        if missing:
            raise OntologyError(f"relation rule {module.NAME} requires unknown mention kinds "
                                f"{missing}; known: {', '.join(LABELS)}")
        found.append(module)
    order = {"role": 0, "agreement": 1, "signatory": 2, "event": 3}
    return tuple(sorted(found, key=lambda m: (order.get(m.NAME, 9), m.NAME)))


def extract_relations(sentences, context: Context) -> list[Relation]:
    """Run every rule over every sentence, in reading order."""
    for sentence in sentences:
        for rule in rules():
            for relation in rule.extract(sentence, context):
                context.relations.append(relation)
    return context.relations

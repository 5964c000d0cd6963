"""The data model: one Article owns the text; sentences and relations are views onto it.

Offsets are characters into ``Article.text`` (the article's own text), ``start`` inclusive and
``end`` exclusive. ``Article.analysis`` is a same-length copy used for matching (blanked page
furniture, traditional characters converted to simplified); labels always come from ``text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """An article: its id, its own text, and a same-length analysis copy.

    >>> a = Article("a1", "你好", "你好")
    >>> a.span(0, 1)
    '你'
    """

    id: str
    text: str
    analysis: str
    headline: str = ""
    date_published: str = ""      # ISO 8601: 2026-02-03 or 2026-02-03T20:20:35
    authors: tuple[str, ...] = ()
    url: str = ""
    source: str = ""
    body: tuple[int, int] = (0, 0)  # where the article body lies in text
    reference_year: str = ""        # the year that month-day dates fall in

    def __post_init__(self) -> None:
        if len(self.text) != len(self.analysis):
            raise ValueError("analysis text must keep the article's offsets")

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, as offsets into it."""

    article: Article
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]

    @property
    def analysis(self) -> str:
        return self.article.analysis[self.start:self.end]


@dataclass(frozen=True)
class Entity:
    """An organization or place as the graph will hold it: one preferred name plus aliases."""

    label: str                      # the fullest name the article gives
    aliases: tuple[str, ...] = ()   # other names the article uses
    kind: str = "org"               # org | place
    parent: str = ""                # label of the parent organization, when the text shows it

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *[a for a in self.aliases if a != self.label])


@dataclass(frozen=True)
class Relation:
    """One extracted fact. ``name`` is the record type (role, agreement, signatory, event)."""

    name: str
    args: dict = field(hash=False, compare=False)
    sentence: Sentence | None = field(default=None, hash=False, compare=False)

    @property
    def evidence(self) -> tuple[int, int, str]:
        s = self.sentence
        return (s.start, s.end, s.text) if s else (0, 0, "")

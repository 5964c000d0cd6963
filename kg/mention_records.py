"""Mention records: person names, positions and organizations of sentences, in CLUENER form.

``kg mentions IN.jsonl`` reads lines ``{"text": …}`` and writes them back, in order, with a
``"label"`` in the CLUENER 2020 format, so mention detection can be reviewed in annotation tools::

    {"text": "工行董事长姜建清表示", "label": {"name": {"姜建清": [[5, 7]]},
     "position": {"董事长": [[2, 4]]}, "organization": {"工行": [[0, 1]]}}}

Offsets are characters into the line's own text, end INCLUSIVE (CLUENER's convention); inside
this module spans are (start, end) with end exclusive. Matching runs on a simplified-character
copy of the text (``kg.clean.simplify``, same length), so traditional text gets offsets into
the original.

How mentions are found (all word lists are data: ``ontology/lexicon.ttl``, ``titles.ttl`` and
``mention_lexicon.ttl``; jieba's dictionary gives words and their part of speech, without HMM):

- positions: the longest title or occupation word on jieba word boundaries (``副总经理``,
  ``记者``), titles being heads with stacked prefixes as in ``kg.mentions.Matcher``;
- organizations: a word ending in an organization head (``银行``, ``公司``, ``局``, ``军``),
  extended to the left over nouns and place names until a verb, function word or punctuation;
- names: a surname followed by characters jieba could not join into words (``叶/老/桂``), a
  dictionary person name, a transliterated name, or a name that follows a position.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.clean import simplify
from kg.errors import InputError, OntologyError
from kg.lexicon import DEFAULT_DIR, KG, LEX, Lexicon, load_lexicon
from kg.mentions import Matcher, matcher_for

LABELS = ("name", "position", "organization")
MENTION_FILE = "mention_lexicon.ttl"
MENTION_LISTS = ("positionWords", "positionHeads", "notPositions", "orgHeads", "orgWords",
                 "notOrgs", "orgStops", "nameStops", "transliteration")
_MAX_POSITION = 10
_MAX_ORG = 26
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z0-9]+")
_PUNCT = set("，,、；;：:。！？!?“”\"‘’'「」『』（）()《》〈〉【】[] 　\n\t—…·-/|~～")
_ORG_TAGS = frozenset(("n", "ns", "nt", "nz", "j", "nr", "nrt", "nrfg", "b", "l", "eng", "s", "vn"))
_NAME_TAGS = frozenset(("nr", "nrfg", "nrt"))


# word lists ---------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MentionWords:
    """The mention-only word lists (ontology/mention_lexicon.ttl), each a frozenset."""

    lists: dict

    def __getattr__(self, name: str) -> frozenset[str]:
        try:
            return self.__dict__["lists"][name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=8)
def load_mention_words(directory: str | Path = DEFAULT_DIR) -> MentionWords:
    """Read mention_lexicon.ttl from ``directory`` (the default ontology's when it has none)."""
    from rdflib import Graph

    path = Path(directory) / MENTION_FILE
    if not path.is_file():
        path = DEFAULT_DIR / MENTION_FILE
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds
        raise OntologyError(f"{path}: not valid Turtle ({exc})") from exc
    lists = {}
    for name in MENTION_LISTS:
        terms = graph.value(LEX[name], KG.terms)
        if terms is None:
            raise OntologyError(f"{path}: lexicon lex:{name} is missing "
                                f"(needed: {', '.join(MENTION_LISTS)})")
        lists[name] = frozenset(str(terms).split())
    return MentionWords(lists)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    tag: str      # jieba's dictionary tag ('' for a word it does not know)


def _tokens(s: str) -> list[_Token]:
    jieba, tags = _jieba()
    out, pos = [], 0
    for word in jieba.lcut(s, HMM=False):
        out.append(_Token(pos, pos + len(word), word, tags.get(word, "")))
        pos += len(word)
    return out


# the finder --------------------------------------------------------------------------------

class _Finder:
    """Mentions of one simplified string; built per call, reads the shared word lists."""

    def __init__(self, s: str, m: Matcher, w: MentionWords):
        self.s, self.m, self.w = s, m, w
        self.tokens = _tokens(s)
        self.starts = {t.start: k for k, t in enumerate(self.tokens)}
        self.ends = {t.end: k for k, t in enumerate(self.tokens)}

    # positions ----------------------------------------------------------------------------
    def is_position(self, text: str) -> bool:
        if text in self.w.notPositions:
            return False
        if text in self.w.positionWords or self.m.title_kind(text):
            return True
        return False

    def positions(self) -> list[tuple[int, int]]:
        found, k, toks = [], 0, self.tokens
        while k < len(toks):
            best = None
            for j in range(min(len(toks), k + 5), k, -1):
                a, b = toks[k].start, toks[j - 1].end
                if b - a <= _MAX_POSITION and self.is_position(self.s[a:b]):
                    best = j
                    break
            if best is None and self._productive_position(toks[k]):
                best = k + 1
            if best is not None:
                found.append((toks[k].start, toks[best - 1].end))
                k = best
            else:
                k += 1
        return found

    def _productive_position(self, t: _Token) -> bool:
        """An occupation noun by its ending (收藏家, 设计师, 飞行员) that jieba knows as a noun."""
        if len(t.text) < 3 or t.tag != "n" or t.text in self.w.notPositions:
            return False
        return any(t.text.endswith(h) for h in self.w.positionHeads)

    # organizations ------------------------------------------------------------------------
    def org_head(self, text: str) -> str:
        for n in range(min(len(text), 4), 0, -1):
            if text[-n:] in self.w.orgHeads:
                return text[-n:]
        return ""

    def _joins_org(self, t: _Token) -> bool:
        """Whether token ``t`` can be part of an organization name to the left of its head."""
        if t.text in self.w.orgStops or t.text in self.w.positionWords:
            return False
        if t.text[0] in _PUNCT:
            return False
        if _LATIN.fullmatch(t.text):
            return True
        if len(t.text) == 1:
            return t.tag in ("", "n", "ns", "nr", "j", "b", "ng", "nz") and t.text not in self.w.nameStops
        return t.tag in _ORG_TAGS or t.tag == ""

    def organizations(self) -> list[tuple[int, int]]:
        found = []
        toks = self.tokens
        for k, t in enumerate(toks):
            if t.text in self.w.notOrgs:
                continue
            if t.text in self.w.orgWords or (t.tag == "nt" and len(t.text) >= 2):
                start = self._extend_left(k, t.start)
                found.append((start, t.end))
                continue
            head = self.org_head(t.text)
            if not head:
                continue
            start = self._extend_left(k, t.start)
            if t.end - start <= len(head) or (start == t.start and len(t.text) == len(head)):
                continue
            found.append((start, t.end))
        return _drop_nested(found)

    def _extend_left(self, k: int, start: int) -> int:
        toks = self.tokens
        j = k - 1
        while j >= 0 and toks[k].end - toks[j].start <= _MAX_ORG and self._joins_org(toks[j]):
            start = toks[j].start
            j -= 1
        return start

    # names --------------------------------------------------------------------------------
    def is_surname(self, text: str) -> bool:
        return (text in self.m.surnames or text in self.m.compound_surnames) and \
            text not in self.w.nameStops

    def names(self, blocked: set[int]) -> list[tuple[int, int]]:
        found = []
        toks = self.tokens
        k = 0
        while k < len(toks):
            t = toks[k]
            if t.start in blocked:
                k += 1
                continue
            n = self._name_at(k, blocked)
            if n:
                found.append((t.start, toks[k + n - 1].end))
                k += n
            else:
                k += 1
        return found

    def _single(self, k: int, blocked: set[int]) -> bool:
        if k >= len(self.tokens):
            return False
        t = self.tokens[k]
        return len(t.text) == 1 and bool(_CJK_CHAR.match(t.text)) and t.start not in blocked \
            and t.text not in self.w.nameStops

    def _name_at(self, k: int, blocked: set[int]) -> int:
        """How many tokens from ``k`` make a person name (0 if none)."""
        toks = self.tokens
        t = toks[k]
        if t.tag in _NAME_TAGS and 2 <= len(t.text) <= 4 and self.is_surname(t.text[0]) \
                and t.text not in self.w.notOrgs:
            return 1
        if self.is_surname(t.text) and self._single(k + 1, blocked):
            if self._single(k + 2, blocked) and len(t.text) == 1:
                return 3
            return 2
        run = 0
        while self._single(k + run, blocked) and toks[k + run].text in self.w.transliteration:
            run += 1
        if run >= 3:
            return run
        return 0


def _drop_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep the longest of overlapping spans (the first found on a tie)."""
    kept: list[tuple[int, int]] = []
    for a, b in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(b <= c or a >= d for c, d in kept):
            kept.append((a, b))
    return sorted(kept)


def find_mentions(text: str, lex: Lexicon, *, words: MentionWords | None = None
                  ) -> dict[str, list[tuple[int, int]]]:
    """Name, position and organization spans of ``text`` (start, end exclusive).

    >>> from kg.lexicon import load_lexicon
    >>> found = find_mentions("中国联通浙江省分公司总经理童海波表示", load_lexicon())
    >>> text = "中国联通浙江省分公司总经理童海波表示"
    >>> {k: [text[a:b] for a, b in v] for k, v in found.items()}
    {'name': ['童海波'], 'position': ['总经理'], 'organization': ['中国联通浙江省分公司']}
    """
    s = simplify(text)
    f = _Finder(s, matcher_for(lex), words or load_mention_words())
    positions = f.positions()
    orgs = [o for o in f.organizations() if not any(a <= o[0] < b or o[0] <= a < o[1]
                                                    for a, b in positions)]
    blocked = {i for a, b in positions + orgs for i in range(a, b)}
    names = f.names(blocked)
    return {"name": names, "position": positions, "organization": orgs}


def mention_label(text: str, lex: Lexicon, *, words: MentionWords | None = None) -> dict:
    """The CLUENER ``label`` of ``text``: type → entity string → [[start, end]], end inclusive.

    >>> from kg.lexicon import load_lexicon
    >>> mention_label("记者王振表示", load_lexicon())
    {'name': {'王振': [[2, 3]]}, 'position': {'记者': [[0, 1]]}}
    """
    label: dict = {}
    for kind, spans in find_mentions(text, lex, words=words).items():
        for a, b in spans:
            label.setdefault(kind, {}).setdefault(text[a:b], []).append([a, b - 1])
    return label


def annotate_lines(lines: Iterable[str], *, ontology: str | Path = DEFAULT_DIR) -> Iterator[str]:
    """Each JSON line ``{"text": …}`` again, with its ``label`` replaced by the mentions found.

    Other keys are kept in their order; blank lines are skipped. A line that is not a JSON object
    with a string ``text`` raises InputError naming its line number.

    >>> list(annotate_lines(['{"id": 7, "text": "记者王振"}']))
    ['{"id": 7, "text": "记者王振", "label": {"name": {"王振": [[2, 3]]}, "position": {"记者": [[0, 1]]}}}']
    """
    lex = load_lexicon(ontology)
    words = load_mention_words(ontology)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f'line {number}: expected a JSON object with a "text" string')
        record.pop("label", None)
        record["label"] = mention_label(record["text"], lex, words=words)
        yield json.dumps(record, ensure_ascii=False)

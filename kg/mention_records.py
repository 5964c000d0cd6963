"""Mention records: person names, positions and organizations of sentences, in CLUENER form.

``kg mentions IN.jsonl`` reads lines ``{"text": …}`` and writes them back, in order, with a
``"label"`` in the CLUENER 2020 format, so mention detection can be reviewed in annotation tools::

    {"text": "工行董事长姜建清表示", "label": {"name": {"姜建清": [[5, 7]]},
     "position": {"董事长": [[2, 4]]}, "organization": {"工行": [[0, 1]]}}}

Offsets are characters into the line's own text, end INCLUSIVE (CLUENER's convention); inside
this module spans are (start, end) with end exclusive. Matching runs on a simplified-character
copy of the text (``kg.clean.simplify``, same length), so traditional text gets offsets into
the original.

How mentions are found: a character tagger (a linear-chain CRF, python-crfsuite; the model is
``kg/data/mentions.crfsuite``, trained by ``benchmarks/train_mentions.py`` on the training part
of CLUENER 2020 — only the weights are shipped, never the data) tags each character B/I/E/S/O
per type. Its features are the characters around it, jieba's words (without HMM), matches of
our word lists and the spans the rules below find. Without the model file (or without
python-crfsuite) the rules alone answer, after a warning; nothing is ever downloaded.

The rules (all word lists are data: ``ontology/lexicon.ttl``, ``titles.ttl`` and
``mention_lexicon.ttl``; jieba's dictionary gives words and their part of speech):

- positions: the longest title or occupation word on jieba word boundaries (``副总经理``,
  ``记者``), titles being heads with stacked prefixes as in ``kg.mentions.Matcher``;
- organizations: a word ending in an organization head (``银行``, ``公司``, ``局``, ``军``),
  extended to the left over nouns and place names until a verb, function word or punctuation;
- names: a surname followed by characters jieba could not join into words (``叶/老/桂``), a
  dictionary person name, or a transliterated name; each pattern is trusted only in the
  contexts listed in ``_NAME_CONTEXTS`` (after a position, before 表示/说, between punctuation),
  and a name trusted once is trusted everywhere in the line;
- clubs: in a match report or betting tip (``sportsCues``: 主场, 赔率, vs …) a transliterated or
  place-like word that no position introduces is an organization (``米堡``, ``那不勒斯``).

Scores on a held-out part of CLUENER 2020: ``benchmarks/mentions_cluener.py``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.clean import simplify
from kg.errors import InputError
from kg.lexicon import DEFAULT_DIR, Lexicon, load_lexicon, read_lists
from kg.mentions import Matcher, matcher_for

LABELS = ("name", "position", "organization")
MENTION_FILE = "mention_lexicon.ttl"
MENTION_LISTS = ("positionWords", "positionHeads", "notPositions", "orgHeads", "orgWords",
                 "notOrgs", "orgStops", "nameStops", "transliteration", "sportsCues")
_MAX_POSITION = 10
_MAX_ORG = 26
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z0-9]+")
_VS = re.compile(r"(vs|VS|Vs)")
_DIGITS = re.compile(r"[0-9]+")
_PUNCT = set("，,、；;：:。！？!?“”\"‘’'「」『』（）()《》〈〉【】[] 　\n\t—…·-/|~～")
_ORG_TAGS = frozenset(("n", "ns", "nt", "nz", "j", "nr", "nrt", "nrfg", "b", "l", "eng", "s", "vn"))
_NAME_TAGS = frozenset(("nr", "nrfg", "nrt"))
# (left, right) contexts in which each name pattern is trusted; after a position every
# Chinese pattern is (记者叶老桂). Patterns: surname + one or two characters jieba left single
# (1+1, 1+1+1), a dictionary name plus one character (dict+1), a dictionary person name of 2-4
# characters (dict2 …), a transliterated dictionary word or run of characters (foreign).
_ANY = {(left, right) for left in ("punct", "other") for right in ("punct", "follower", "position", "other")}
_NAME_CONTEXTS = {
    "1+1+1": _ANY,
    "1+1": {("punct", "punct"), ("punct", "follower"), ("punct", "other"), ("other", "follower"),
            ("other", "punct")},
    "1+2": {("punct", "follower"), ("punct", "punct"), ("punct", "other")},
    "dict+1": {("punct", "punct"), ("punct", "position"), ("other", "follower")},
    "dict2": {("punct", "follower")},
    "dict3": {("other", "position"), ("punct", "follower"), ("other", "follower")},
    "dict4": {("punct", "position"), ("punct", "follower"), ("other", "follower")},
    "dict-foreign": {("punct", "punct"), ("punct", "follower"), ("other", "follower")},
    "foreign": _ANY - {("other", "other")},
}


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
    path = Path(directory) / MENTION_FILE
    if not path.is_file():
        path = DEFAULT_DIR / MENTION_FILE
    lists = read_lists(path, MENTION_LISTS)
    return MentionWords({name: frozenset(terms) for name, terms in lists.items()})


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
        # 04vs曼城: jieba keeps letters and digits together; vs separates two teams
        for piece in _VS.split(word) if len(word) > 2 and word.isascii() else (word,):
            if piece:
                out.append(_Token(pos, pos + len(piece), piece, tags.get(piece, "")))
                pos += len(piece)
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
        if _VS.fullmatch(t.text) or _DIGITS.fullmatch(t.text):
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
            if t.text in self.w.orgWords:
                start = self._extend_left(k, t.start)
                found.append((start, t.end))
                continue
            head = self.org_head(t.text)
            if not head or self._quoted(t.start) or (
                    t.tag in ("m", "r", "q", "v", "d", "a", "f") and not (head == "行" and t.tag == "v" and len(t.text) == 2)):
                continue
            start = self._extend_left(k, t.start)
            if t.end - start <= len(head) or (start == t.start and len(t.text) == len(head)):
                continue
            found.append((start, t.end))
        return _drop_nested(found)

    def _quoted(self, i: int) -> bool:
        """Whether position ``i`` is inside a 《title》."""
        return self.s.rfind("《", 0, i) > self.s.rfind("》", 0, i)

    def _extend_left(self, k: int, start: int) -> int:
        toks = self.tokens
        j = k - 1
        while j >= 0 and toks[k].end - toks[j].start <= _MAX_ORG and self._joins_org(toks[j]):
            start = toks[j].start
            j -= 1
        return start

    # clubs ------------------------------------------------------------------------------
    def is_sports(self) -> bool:
        """Whether the sentence reads like a match report or a betting tip."""
        return "vs" in self.s.lower() or any(t.text in self.w.sportsCues for t in self.tokens)

    def clubs(self, positions: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """In a sports sentence: transliterated or place-like words not introduced as people."""
        ends = {b for a, b in positions}
        found = []
        for a, b, kind in self.name_candidates(set()):
            if kind in ("foreign", "dict-foreign") and a not in ends and self.s[a:b].find("·") < 0:
                found.append((a, b))
        for t in self.tokens:
            if t.tag == "ns" and len(t.text) >= 2 and t.start not in ends:
                found.append((t.start, t.end))
        return found

    # names --------------------------------------------------------------------------------
    def is_surname(self, text: str) -> bool:
        return (text in self.m.surnames or text in self.m.compound_surnames) and \
            text not in self.w.nameStops

    def names(self, blocked: set[int], position_ends: set[int]) -> list[tuple[int, int]]:
        candidates = self.name_candidates(blocked)
        trusted = {self.s[a:b] for a, b, kind in candidates if self._name_ok(a, b, kind, position_ends)}
        found = [(a, b) for a, b, kind in candidates if self.s[a:b] in trusted]
        return sorted(found + self._latin_names(blocked, position_ends, {b for a, b in found}))

    def _latin_names(self, blocked: set[int], position_ends: set[int], name_ends: set[int]
                     ) -> list[tuple[int, int]]:
        """Latin-letter names after a position (导演JamesCameron) or glossing a name (康沃（vadim…）)."""
        found = []
        for t in self.tokens:
            if t.start in blocked or not t.text.isascii() or not t.text.isalpha() or len(t.text) < 3:
                continue
            glosses = self.s[t.start - 1:t.start] in ("(", "（") and t.start - 1 in name_ends \
                and self.s[t.end:t.end + 1] in (")", "）")
            if t.start in position_ends or glosses:
                found.append((t.start, t.end))
        return found

    def name_candidates(self, blocked: set[int]) -> list[tuple[int, int, str]]:
        found = []
        toks = self.tokens
        k = 0
        while k < len(toks):
            t = toks[k]
            if t.start in blocked:
                k += 1
                continue
            n, kind = self._name_at(k, blocked)
            if n:
                found.append((t.start, toks[k + n - 1].end, kind))
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

    def _name_at(self, k: int, blocked: set[int]) -> tuple[int, str]:
        """How many tokens from ``k`` make a person name, and by which pattern."""
        toks = self.tokens
        t = toks[k]
        foreign = self._foreign_run(k, blocked)
        if foreign and (foreign > 1 or len(t.text) >= 3):
            return foreign, "foreign" if foreign > 1 or t.tag not in _NAME_TAGS else "dict-foreign"
        if t.tag in _NAME_TAGS and 2 <= len(t.text) <= 4 and t.text not in self.w.notOrgs:
            if self.is_surname(t.text[0]) or self.is_surname(t.text[:2]):
                if len(t.text) == 2 and self._single(k + 1, blocked) and self._ends_name(k + 2):
                    return 2, "dict+1"
                return 1, f"dict{len(t.text)}"
            if all(c in self.w.transliteration for c in t.text):
                return 1, "dict-foreign"
        if self.is_surname(t.text) and self._single(k + 1, blocked):
            if self._single(k + 2, blocked) and len(t.text) == 1:
                return 3, "1+1+1"
            return 2, "1+1"
        if self.is_surname(t.text) and len(t.text) == 1 and k + 1 < len(toks) \
                and len(toks[k + 1].text) == 2 and _CJK_CHAR.match(toks[k + 1].text) \
                and toks[k + 1].start not in blocked and toks[k + 1].tag in ("", "nr", "nz", "ns", "n", "a", "v", "nrfg"):
            return 2, "1+2"
        return 0, ""

    def _foreign_run(self, k: int, blocked: set[int]) -> int:
        """Tokens from ``k`` made only of transliteration characters (and ·), 3+ characters."""
        toks = self.tokens
        j, chars = k, 0
        while j < len(toks) and toks[j].start not in blocked and (
                all(c in self.w.transliteration for c in toks[j].text)
                or (toks[j].text == "·" and j > k)):
            chars += len(toks[j].text)
            j += 1
        while j > k and toks[j - 1].text == "·":
            j -= 1
            chars -= 1
        return j - k if chars >= 3 else 0

    def _ends_name(self, k: int) -> bool:
        """Whether the text at token ``k`` can follow a name (punctuation, end, a follower word)."""
        if k >= len(self.tokens):
            return True
        t = self.tokens[k]
        return t.text[0] in _PUNCT or t.text in self.m.followers or self.is_position(t.text)

    def name_context(self, a: int, b: int, positions: set[int]) -> tuple[str, str]:
        """What stands left and right of s[a:b]: 'position', 'punct' (or the edge), 'follower', 'other'."""
        s = self.s
        left = "position" if a in positions else "punct" if a == 0 or s[a - 1] in _PUNCT else "other"
        k = self.starts.get(b)
        if b == len(s) or s[b] in _PUNCT:
            right = "punct"
        elif k is not None and self.is_position(self.tokens[k].text):
            right = "position"
        elif k is not None and self.tokens[k].text in self.m.followers:
            right = "follower"
        else:
            right = "other"
        return left, right

    def _name_ok(self, a: int, b: int, kind: str, positions: set[int]) -> bool:
        """Whether the context supports a name of this pattern (see _NAME_CONTEXTS)."""
        left, right = self.name_context(a, b, positions)
        if left == "position":
            return True
        return (left, right) in _NAME_CONTEXTS.get(kind, ())



# the tagger -------------------------------------------------------------------------------
# A linear-chain CRF over characters (python-crfsuite), BIOES tags per type (the other CLUENER
# types are tagged too and dropped here); trained by benchmarks/train_mentions.py on the
# training part of CLUENER 2020. Features: characters in a ±3 window and their bigrams and
# trigrams in ±2, character types, jieba's word (its B/M/E/S position, tag, the word, its
# neighbours; rare ones pruned in training), lexicon matches (titles and position words,
# surnames, organization endings, name followers, transliteration characters) and the spans
# the rules find, each for the character and its two neighbours.

MODEL_PATH = Path(__file__).resolve().parent / "data" / "mentions.crfsuite"


@lru_cache(maxsize=1)
def _tagger():
    """The CRF tagger, or None (after a warning) when the model or python-crfsuite is missing."""
    import warnings

    try:
        import pycrfsuite
    except ImportError:
        warnings.warn("python-crfsuite is not installed: mentions come from the rules only",
                      RuntimeWarning, stacklevel=3)
        return None
    if not MODEL_PATH.is_file():
        warnings.warn(f"{MODEL_PATH} is missing: mentions come from the rules only",
                      RuntimeWarning, stacklevel=3)
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def _char_type(ch: str) -> str:
    if _CJK_CHAR.match(ch):
        return "C"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    if ch in _PUNCT or not ch.isalnum():
        return "P"
    return "O"


@lru_cache(maxsize=4)
def _lexicon_sets(m: Matcher, w: MentionWords) -> tuple:
    """(position-word last characters, org endings with their lengths, follower lengths)."""
    ends = frozenset(m._title_ends) | frozenset(t[-1] for t in w.positionWords)
    org_ends = frozenset(m.org_suffixes) | w.orgHeads | w.orgWords
    org_lengths = sorted({len(e) for e in org_ends}, reverse=True)
    fol_lengths = sorted({len(e) for e in m.follower_set}, reverse=True)
    return ends, org_ends, org_lengths, fol_lengths


def _lexicon_marks(f: "_Finder") -> list[list[str]]:
    """Per character: the lexicon matches it is part of."""
    s, m, w = f.s, f.m, f.w
    n = len(s)
    marks: list[list[str]] = [[] for _ in range(n)]
    title_ends, org_ends, org_lengths, fol_lengths = _lexicon_sets(m, w)
    # positions: the longest title or position word starting at each character
    i = 0
    covered = -1
    for i in range(n):
        for k in range(min(_MAX_POSITION, n - i), 1, -1):
            if s[i + k - 1] in title_ends and f.is_position(s[i:i + k]):
                if i + k > covered:
                    marks[i].append("T=B")
                    for j in range(i + 1, i + k - 1):
                        marks[j].append("T=I")
                    marks[i + k - 1].append("T=E")
                    covered = i + k
                break
    for j in range(n):
        ch = s[j]
        if ch in m.surnames:
            marks[j].append("sur")
        if s[j:j + 2] in m.compound_surnames:
            marks[j].append("sur2")
        if ch in w.transliteration:
            marks[j].append("tr")
        for k in org_lengths:
            if k <= j + 1 and s[j - k + 1:j + 1] in org_ends:
                marks[j].append(f"OS=E{min(k, 3)}")
                for x in range(j - k + 1, j):
                    marks[x].append("OS=I")
                break
        for k in fol_lengths:
            if s[j:j + k] in m.follower_set:
                marks[j].append("F=B")
                break
    return marks


def char_features(f: "_Finder", rules: bool = True) -> list[list[str]]:
    """CRF features of each character of ``f.s`` (see the comment above MODEL_PATH)."""
    s = f.s
    n = len(s)
    padded = "\x02\x02\x02" + s + "\x03\x03\x03"
    types = "^^^" + "".join(_char_type(ch) for ch in s) + "$$$"
    word_of: list[tuple[str, str, str]] = [("", "", "")] * n   # (B/M/E/S, tag, word)
    toks = f.tokens
    prev_word: list[str] = [""] * n
    next_word: list[str] = [""] * n
    for k, t in enumerate(toks):
        length = t.end - t.start
        for j in range(t.start, t.end):
            pos = "S" if length == 1 else "B" if j == t.start else "E" if j == t.end - 1 else "M"
            word_of[j] = (pos, t.tag, t.text)
            prev_word[j] = toks[k - 1].text if k else "^"
            next_word[j] = toks[k + 1].text if k + 1 < len(toks) else "$"
    marks = _lexicon_marks(f)
    if rules:
        for kind, spans in _rule_mentions(f).items():
            for a, b in spans:
                marks[a].append("R=B" + kind[0])
                for j in range(a + 1, b):
                    marks[j].append("R=I" + kind[0])
    out = []
    for i in range(n):
        p = i + 3
        c = padded
        pos, tag, word = word_of[i]
        feats = ["b", "c=" + c[p], "c-1=" + c[p - 1], "c+1=" + c[p + 1], "c-2=" + c[p - 2],
                 "c+2=" + c[p + 2], "b-2=" + c[p - 2:p], "b-1=" + c[p - 1:p + 1],
                 "b0=" + c[p:p + 2], "b1=" + c[p + 1:p + 3], "t-1=" + c[p - 1:p + 2],
                 "t-2=" + c[p - 2:p + 1], "t0=" + c[p:p + 3], "ty=" + types[p - 1:p + 2],
                 "wp=" + pos, "wt=" + pos + tag, "ww=" + word, "pw=" + prev_word[i],
                 "nw=" + next_word[i], "wl=" + str(min(len(word), 5)) + pos,
                 "c-3=" + c[p - 3], "c+3=" + c[p + 3], "pww=" + prev_word[i] + "|" + word,
                 "wnw=" + word + "|" + next_word[i]]
        feats.extend(marks[i])
        if i:
            feats.extend("-1" + x for x in marks[i - 1])
        if i + 1 < n:
            feats.extend("+1" + x for x in marks[i + 1])
        out.append(feats)
    return out


def spans_of_tags(tags: list[str]) -> dict[str, list[tuple[int, int]]]:
    """BIO or BIOES tags (``B-name``, ``I-position``, ``E-name``, ``S-name``, ``O``) → type →
    spans; an I or E without its B starts a span.

    >>> spans_of_tags(["B-position", "E-position", "B-name", "I-name", "O", "I-name", "S-name"])
    {'name': [(2, 4), (5, 6), (6, 7)], 'position': [(0, 2)], 'organization': []}
    """
    found: dict[str, list[tuple[int, int]]] = {kind: [] for kind in LABELS}
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        bio, _, k = tag.partition("-")
        if kind is not None and (bio not in ("I", "E") or k != kind):
            if kind in found:
                found[kind].append((start, i))
            start, kind = None, None
        if bio != "O" and kind is None:
            start, kind = i, k
        if bio in ("E", "S"):
            if kind in found:
                found[kind].append((start, i + 1))
            start, kind = None, None
    return found


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

    The character tagger (``kg/data/mentions.crfsuite``) finds them; without it (or without
    python-crfsuite) the rules do, after a warning.

    >>> from kg.lexicon import load_lexicon
    >>> found = find_mentions("中国移动江西省分公司总经理林海涛表示", load_lexicon())
    >>> text = "中国移动江西省分公司总经理林海涛表示"
    >>> {k: [text[a:b] for a, b in v] for k, v in found.items()}
    {'name': ['林海涛'], 'position': ['总经理'], 'organization': ['中国移动江西省分公司']}
    """
    s = simplify(text)
    f = _Finder(s, matcher_for(lex), words or load_mention_words())
    tagger = _tagger()
    if tagger is None:
        return _rule_mentions(f)
    if not s.strip():
        return {kind: [] for kind in LABELS}
    return spans_of_tags(tagger.tag(char_features(f)))


def _rule_mentions(f: _Finder) -> dict[str, list[tuple[int, int]]]:
    """The rule finder's mentions of ``f.s``."""
    positions = f.positions()
    orgs = [o for o in f.organizations() if not _overlaps(o, positions)]
    if f.is_sports():
        orgs = _drop_nested(orgs + [c for c in f.clubs(positions) if not _overlaps(c, positions)])
    blocked = {i for a, b in positions + orgs for i in range(a, b)}
    names = f.names(blocked, {b for a, b in positions})
    return {"name": names, "position": positions, "organization": orgs}


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    a, b = span
    return any(a < d and c < b for c, d in spans)


def mention_label(text: str, lex: Lexicon, *, words: MentionWords | None = None) -> dict:
    """The CLUENER ``label`` of ``text``: type → entity string → [[start, end]], end inclusive.

    >>> from kg.lexicon import load_lexicon
    >>> mention_label("记者王刚表示", load_lexicon())
    {'name': {'王刚': [[2, 3]]}, 'position': {'记者': [[0, 1]]}}
    """
    label: dict = {}
    for kind, spans in find_mentions(text, lex, words=words).items():
        for a, b in spans:
            label.setdefault(kind, {}).setdefault(text[a:b], []).append([a, b - 1])
    return label


def annotate_lines(lines: Iterable[str], *, ontology: str | Path = DEFAULT_DIR) -> Iterator[str]:
    """Each JSON line ``{"text": …}`` again, with its ``label`` replaced by the mentions found.

    Other keys are kept in their order (an existing ``label`` is replaced in place); blank
    lines are skipped. A line that is not a JSON object
    with a string ``text`` raises InputError naming its line number.

    >>> list(annotate_lines(['{"id": 7, "text": "记者王刚"}']))
    ['{"id": 7, "text": "记者王刚", "label": {"name": {"王刚": [[2, 3]]}, "position": {"记者": [[0, 1]]}}}']
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
        record["label"] = mention_label(record["text"], lex, words=words)
        yield json.dumps(record, ensure_ascii=False)

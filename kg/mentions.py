"""Mention finding: titles, person names, organization and place names, from the lexicons.

The matchers work on analysis text (simplified characters) and return offsets; labels are
always cut from the article's own text by the caller. Chinese news names people next to their
titles (``副总经理王刚表示``, ``周立局长``), so names are found where a title or an honorific
anchors them, and their length is decided by what follows them (``表示``, ``先生``, ``，``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import Lexicon

LABELS = ("person", "title", "org", "place")
_CACHE_LIMIT = 200_000   # memo entries per Matcher cache before it starts afresh
MAX_TITLE = 14
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
_SEPARATORS = set("，,、；;：:。！？!?“”\"‘’'「」『』（）()《》〈〉【】[] 　\n\t—…·-")
_NOT_IN_NAMES = set("的了是在与及等说这那个们我你他她它也就都而其或日号省市区县局处委厅院所部会社报网"
                    "司团员系据副科室总")
_NOT_IN_PLACES = set("由的在是和与及对向从为将把被让给了着过等式届副常务代原前此次支持这该各")
_VERB_LIKE = set("作进发表说讲谈参出到来去为对向在从给让把被将已也还就都又再才只而并且及与和跟同等是有无不没致听看作做当")
_FOREIGN = re.compile(r"[\u4e00-\u9fff]{1,5}(?:[·•][\u4e00-\u9fff]{1,8})+")
_ZONES = ("华东区", "华南区", "华北区", "华中区", "西南区", "西北区", "东北区", "亚太区", "大中华区", "中国区",
          "高新区", "开发区", "经开区", "新区", "园区", "示范区", "保税区", "自贸区", "片区", "城区",
          "校区", "社区", "辖区", "景区", "街区", "市区", "郊区", "地区", "全区", "全市", "本市", "全省",
          "山区", "库区", "矿区", "专区", "特区", "湾区", "都市", "城市", "超市", "上市", "股市",
          "同区", "该区", "该市", "各区", "各市", "周边区", "相关区")


# Single characters that end or join names (的 有 与 和 …). The tokenizer only has to tell whether
# such a character stands alone or sits inside a word (有限公司, 协同, 与会), so it loads the words
# of jieba's own dictionary that contain one: a tenth of the dictionary, loaded in a tenth of the time.
PROTECTED = "的有是由在为向对给将把被让请与和及同跟等了还也并都又就以于中上后前时原现经受"


@lru_cache(maxsize=1)
def _jieba():
    """A jieba Tokenizer over the part of jieba's dictionary that holds a PROTECTED character."""
    import hashlib
    import logging
    import os
    import sys
    import tempfile
    from pathlib import Path

    saved = sys.modules.get("pkg_resources", _MISSING)
    sys.modules["pkg_resources"] = None  # jieba imports it only to find dict.txt, slowly
    try:
        import jieba
    finally:
        if saved is _MISSING:
            del sys.modules["pkg_resources"]
        else:
            sys.modules["pkg_resources"] = saved
    jieba.setLogLevel(logging.WARNING)
    source = Path(jieba.__file__).parent / "dict.txt"
    stamp = hashlib.sha1(f"{source.stat().st_size}:{source.stat().st_mtime}:{PROTECTED}".encode()).hexdigest()[:12]
    cache = Path(os.environ.get("ZHKG_CACHE") or Path(tempfile.gettempdir()) / "zhkg-cache")
    cache.mkdir(parents=True, exist_ok=True)
    small = cache / f"jieba-protected-{stamp}.txt"
    if not small.exists():
        keep = set(PROTECTED)
        with open(source, encoding="utf-8") as f:
            lines = [line for line in f if len(w := line.split(" ", 1)[0]) > 1 and keep & set(w)]
        tmp = small.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, small)
    tokenizer = jieba.Tokenizer(dictionary=str(small))
    tokenizer.tmp_dir = str(cache)
    return tokenizer


_MISSING = object()


def words(text: str) -> list[str]:
    """Words of ``text`` as far as PROTECTED characters go (no HMM guessing: fast, deterministic).

    >>> words("星海有限公司与协同中心")
    ['星', '海', '有限公司', '与', '协同', '中心']
    """
    return _jieba().lcut(text, HMM=False)


FILLER = "\ue000"
_DECLARATION = re.compile(r"[（(][^（）()]{0,80}?(?:以下简称|以下称|下称|简称)[^（）()]{1,20}[）)]"
                          r"|[（(][A-Za-z0-9&.,'’ \-]{2,40}[）)]")
ORG_JOIN = "\ue001"
# 鼎峰储能科技（云岭）有限公司: a place in brackets inside a company name
_INNER_BRACKETS = re.compile(r"[（(]([\u4e00-\u9fff]{1,6})[）)](?=[\u4e00-\u9fff]{0,4}(?:有限|股份|公司|集团|分公司|研究院))")


def clause_start(s: str, pos: int, stops: str = "，,。；;：:") -> int:
    """Where the clause holding ``pos`` begins: just after the last of ``stops`` before it.

    >>> clause_start("甲说，乙公司总经理", 5)
    3
    """
    return max(s.rfind(c, 0, pos) for c in stops) + 1


def mask_declarations(text: str) -> str:
    """Hide ``（以下简称“X”）``, ``（CCF）`` and ``某分公司（泉州移动）`` behind filler of the same
    length, so the name before and the words after read as one clause; entities.py reads the
    declarations themselves.

    >>> mask_declarations("甲公司（以下简称“甲”）总经理").count(FILLER)
    9
    """
    text = _DECLARATION.sub(lambda m: FILLER * len(m.group(0)), text)
    text = _SHORT_NAME.sub(lambda m: FILLER * len(m.group(0)) if text.endswith(_NAMED_HEADS, 0, m.start())
                           else m.group(0), text)
    return _INNER_BRACKETS.sub(lambda m: ORG_JOIN + m.group(1) + ORG_JOIN, text)


# 某公司泉州分公司（泉州移动）: a short name in brackets right after an organization's head
_SHORT_NAME = re.compile(r"[（(][\u4e00-\u9fff]{2,8}[）)](?![\u4e00-\u9fff]{0,4}(?:有限|股份|公司|集团))")
_NAMED_HEADS = ("公司", "集团", "银行", "分行", "支行", "大学", "学院", "医院", "中心", "研究院", "研究所",
                "局", "委员会", "管委会", "协会", "联盟")


ODD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9·—\-（）()\ue000\ue001]")   # not in an organization's name


def unmasked(text: str, masked: str) -> str:
    """``text`` without the characters ``masked`` hides (a declaration inside a name or title).

    >>> unmasked("甲公司（简称乙）签约", mask_declarations("甲公司（简称乙）签约"))
    '甲公司签约'
    """
    return "".join(c for c, m in zip(text, masked) if m != FILLER)


def is_cjk(text: str) -> bool:
    return bool(_CJK.match(text))


class Matcher:
    """Lexicon-driven matchers over a string. Build once per lexicon (``matcher_for``)."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.titles = lex.titles
        self.prefixes = lex.titlePrefixes
        surnames = lex.surnames
        self.compound_surnames = frozenset(s for s in surnames if len(s) == 2)
        self.surnames = frozenset(s for s in surnames if len(s) == 1)
        self.followers = lex.nameFollowers
        self.follower_set = lex.set("nameFollowers")
        self._follower_lengths = sorted({len(w) for w in self.follower_set}, reverse=True)
        self._name_cache: dict[str, bool] = {}
        self.unit_heads = lex.set("unitHeads")
        self.head_patterns = tuple(tuple(p.split(":", 1)) for p in lex.titleHeadPatterns)
        self.not_names = lex.set("notNames")
        self.org_suffixes = lex.orgSuffixes
        self.unit_suffixes = lex.unitSuffixes
        self.place_suffixes = lex.placeSuffixes
        self._title_cache: dict[str, str] = {}
        self._prefix_set = frozenset(self.prefixes)
        self._prefix_lengths = sorted({len(p) for p in self.prefixes}, reverse=True)
        # the last characters a title can end with: a quick test before any lookup
        self._title_ends = frozenset(t[-1] for t in self.titles) | {"长"} | {last for _, last in self.head_patterns}

    # titles -------------------------------------------------------------------------------
    def title_kind(self, text: str) -> str:
        """The kind of ``text`` if it is a title (a head with stacked prefixes), else ''.

        >>> from kg.lexicon import load_lexicon
        >>> m = Matcher(load_lexicon())
        >>> m.title_kind("常务副市长"), m.title_kind("党组副书记"), m.title_kind("上海")
        ('government', 'party', '')
        """
        cached = self._title_cache.get(text)
        if cached is not None:
            return cached
        kind = self.titles.get(text, "") or self._productive_kind(text)
        if not kind and len(text) > 1 and text[-1] in self._title_ends:
            for n in self._prefix_lengths:   # longest prefix first: 常务副 before 常务
                if len(text) > n and text[:n] in self._prefix_set:
                    kind = self.title_kind(text[n:])
                    if kind:
                        break
        if len(self._title_cache) > _CACHE_LIMIT:   # keep memory flat over a long corpus
            self._title_cache.clear()
        self._title_cache[text] = kind
        return kind

    def _productive_kind(self, text: str) -> str:
        """Titles no list holds but their shape gives: 庭长, 园长 (unit + 长); 首席营销官."""
        if len(text) == 2 and text[1] == "长" and text[0] in self.unit_heads:
            return "generic"
        for first, last in self.head_patterns:
            if text.startswith(first) and text.endswith(last) and 1 <= len(text) - len(first) - len(last) <= 3 \
                    and is_cjk(text):
                return "corporate"
        return ""

    def title_head(self, title: str) -> str:
        """The head of a title, its prefixes removed (常务副市长 → 市长)."""
        while title not in self.titles:
            for p in self.prefixes:
                if len(title) > len(p) and title.startswith(p) and self.title_kind(title[len(p):]):
                    title = title[len(p):]
                    break
            else:
                return title
        return title

    def title_ending_at(self, s: str, end: int, floor: int = 0) -> int:
        """Start of the longest title that ends at ``end`` (not before ``floor``), or -1."""
        if end < 1 or s[end - 1] not in self._title_ends:
            return -1
        for k in range(max(floor, end - MAX_TITLE), end - 1):
            if self.title_kind(s[k:end]):
                return k
        return -1

    def title_starting_at(self, s: str, start: int) -> int:
        """End of the longest title that starts at ``start``, or -1."""
        for k in range(min(len(s), start + MAX_TITLE), start + 1, -1):
            if self.title_kind(s[start:k]):
                return k
        return -1

    # names --------------------------------------------------------------------------------
    def _follow_score(self, s: str, i: int) -> int:
        """How strongly the text at ``i`` ends a name: 2 end/word/title, 1 a one-char word, 0."""
        if i >= len(s) or s[i] in _SEPARATORS or not is_cjk(s[i]):
            return 2
        for n in self._follower_lengths:   # longest first
            if s[i:i + n] in self.follower_set:
                return 2 if n > 1 else 1
        if self.title_starting_at(s, i) > 0:
            return 2
        return 0

    def _honour_at(self, s: str, i: int) -> bool:
        """An academic honour right after a name (副校长于静怡教授)."""
        end = self.title_starting_at(s, i)
        return end > 0 and self.title_kind(s[i:end]) == "academic"

    def _plausible_name(self, cand: str) -> bool:
        known = self._name_cache.get(cand)
        if known is None:
            if len(self._name_cache) > _CACHE_LIMIT:
                self._name_cache.clear()
            known = self._name_cache[cand] = self._check_name(cand)
        return known

    def _check_name(self, cand: str) -> bool:
        if not is_cjk(cand) or cand in self.not_names or cand in self.follower_set or self.title_kind(cand):
            return False
        if self.title_starting_at(cand, 1) > 0 or any(cand[i:i + n] in self.follower_set
                                                      for n in (2, 3) for i in range(len(cand) - n + 1)):
            return False  # 和总经理…, 强调指出…, 苏告诉…
        if any(c in _NOT_IN_NAMES for c in cand[1:]) or "兼" in cand:
            return False
        if len(self.org_suffix(cand)) >= 2 or cand[-2:] in self.org_suffixes:
            return False   # 展中心: the end of an organization's name
        return not any(cand[:n] in self.not_names or cand[-n:] in self.not_names for n in range(2, len(cand) + 1))

    def name_at(self, s: str, i: int, anchored: bool = False) -> int:
        """Length of the person name that starts at ``i`` (0 if none).

        >>> from kg.lexicon import load_lexicon
        >>> m = Matcher(load_lexicon())
        >>> [m.name_at(t, 0) for t in ("王刚表示", "张建国共同为", "黄永发先生", "朱岚在开幕", "赫连明利，")]
        [2, 3, 3, 2, 4]
        """
        foreign = _FOREIGN.match(s, i)
        if foreign:
            last = s.rfind("·", i, foreign.end())
            last = max(last, s.rfind("•", i, foreign.end())) + 1
            for n in range(1, foreign.end() - last + 1):
                if self._follow_score(s, last + n) >= (1 if n > 1 else 2) or last + n == foreign.end():
                    return last + n - i
            return foreign.end() - i
        if s[i:i + 2] in self.compound_surnames:
            surname = 2
        elif s[i:i + 1] in self.surnames:
            surname = 1
        elif anchored and is_cjk(s[i:i + 1]):
            # a rare surname right after a title (处长濮雅文出席): only a separator or a
            # verb after it will do
            cand = s[i:i + 3]
            if len(cand) == 3 and self._plausible_name(cand) and not (set(cand) & _NOT_IN_NAMES) \
                    and cand[0] not in _VERB_LIKE \
                    and not any(c in "一二三四五六七八九十第" for c in cand) \
                    and self._follow_score(s, i + 3) >= 1 \
                    and (self.title_starting_at(s, i + 3) < 0 or self._honour_at(s, i + 3)) \
                    and self._follow_score(s, i + 2) == 0:
                return 3
            return 0
        else:
            return 0
        options = []
        for given in (1, 2):
            n = surname + given
            cand = s[i:i + n]
            if len(cand) < n or not self._plausible_name(cand):
                break
            options.append((n, self._follow_score(s, i + n)))
        for want in (2, 1):
            for n, score in options:
                if score == want:
                    return n
        return 0

    # organizations and places -------------------------------------------------------------
    def org_suffix(self, text: str) -> str:
        """The organization head that ends ``text`` ('' if none).

        >>> from kg.lexicon import load_lexicon
        >>> Matcher(load_lexicon()).org_suffix("北京青禾量子科技有限公司")
        '有限公司'
        """
        for suffix in self.org_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return suffix
        return ""

    def looks_like_org(self, text: str, longest: int = 8) -> bool:
        """A short name without an organization head (青禾量子, 星海): proper-noun-like, not a
        phrase with function words or verbs; at most ``longest`` characters.

        >>> from kg.lexicon import load_lexicon
        >>> m = Matcher(load_lexicon())
        >>> m.looks_like_org("青禾量子"), m.looks_like_org("居民将拿着选房通知单")
        (True, False)
        """
        return 2 <= len(text) <= longest and not any(c in text for c in "的了是在着过而及与和将已该其") \
            and not ODD.search(text) and not any(w in text for w in ("刚刚", "已经", "正在"))

    def unit_suffix(self, text: str) -> str:
        for suffix in self.unit_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return suffix
        return ""

    def places_in(self, text: str) -> list[tuple[int, str]]:
        """Place names at the start of ``text``: (end, level) for 青州市 / 青州市北湖区 ….

        >>> from kg.lexicon import load_lexicon
        >>> Matcher(load_lexicon()).places_in("青州市北湖区委")
        [(3, '市'), (6, '区')]
        """
        found = []
        start = 2 if text.startswith("中共") else 0
        while start < len(text) and self.title_starting_at(text, start) < 0:
            hit = None
            for i in range(start + 1, min(len(text), start + 5)):
                for suffix in self.place_suffixes:
                    if not text.startswith(suffix, i):
                        continue
                    end = i + len(suffix)
                    stem = text[start:end]
                    if (i - start >= (1 if suffix == "县" else 2)   # 攸县, 沛县
                            and is_cjk(stem) and not (_NOT_IN_PLACES & set(stem)) and not self.org_suffix(text[start:i])
                            and not any(stem.endswith(z) if len(z) > 2 else stem == z for z in _ZONES)):
                        hit = (end, suffix)
                        break
                if hit:
                    break
            if not hit:
                break
            found.append(hit)
            start = hit[0]
        return found


@lru_cache(maxsize=8)
def matcher_for(lex: Lexicon) -> Matcher:
    return Matcher(lex)

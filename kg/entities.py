"""Entities: the names an article uses for one organization become one node.

A short name joins its full name when the full name only adds places, industry and legal-form
words (星海 / 星海技术有限公司, 青禾量子 / 北京青禾量子科技有限公司, 北湖区 / 北湖区人民政府),
when it abbreviates it (衢职大 / 衢州职业技术大学, 江西移动 / 中国移动江西省分公司), when the text
declares it (``（以下简称“X”）``), or when it is a generic word for the article's one organization
of that kind (联盟). A department is never merged into its parent: it becomes a unit of it.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.model import Entity, Relation

_DECLARED = re.compile(r"[（(](?:[^（）()]{0,80}?(?:以下简称|下称|简称|以下称))?[“\"「]?([^（）()“”\"「」，,。]{2,12})[”\"」]?[）)]")


def _segments_into(text: str, parts) -> bool:
    """Can ``text`` be written as a sequence of ``parts``?"""
    if not text:
        return True
    return any(text.startswith(w) and _segments_into(text[len(w):], parts) for w in parts)


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(c in it for c in short)


def alias_of(short: str, full: str, matcher, legal_forms) -> bool:
    """Is ``short`` another name of the organization ``full`` (both simplified)?

    >>> from kg.lexicon import load_lexicon
    >>> from kg.mentions import Matcher
    >>> lex = load_lexicon(); m = Matcher(lex)
    >>> [alias_of(s, f, m, lex.legalForms) for s, f in [("星海", "星海技术有限公司"),
    ...     ("中铁九局", "中铁九局投资有限公司"), ("衢职大", "衢州职业技术大学"),
    ...     ("东海电信", "东海电信算力中心"), ("南河区", "南河经开区")]]
    [True, False, True, False, False]
    """
    if len(short) >= len(full) or len(short) < 2:
        return False
    k = full.find(short)
    if k >= 0:
        pre, post = full[:k], full[k + len(short):]
        if short[0] in "省市区县" and 2 <= len(pre) <= 4 and matcher.places_in(pre + short[0]):
            return _segments_into(post, legal_forms)   # 市融资担保集团 / 潍坊市融资担保集团有限公司
        if matcher.org_suffix(short) or short in matcher.org_suffixes:
            if not post and len(short) >= 4 and matcher.org_suffix(pre):
                return True    # 国家某总局|某市税务局: the full name puts its system first
            post = re.sub(r"[（(][\u4e00-\u9fff]{1,6}[）)]", "", post)   # 科技（某地）有限公司
            qualified = pre in ("中国", "中华") or bool(pre and matcher.places_in(pre + short[:1]))
            if qualified and not post:
                return True    # 台州市|椒江区人民政府
            return (qualified or not pre) and post != "" and _segments_into(post, legal_forms)
        if matcher.org_suffix(pre) and pre.endswith(("区", "园")):
            return not post
        post = re.sub(r"[（(][\u4e00-\u9fff]{1,6}[）)]", "", post)
        return (len(pre) <= 4 or bool(matcher.org_suffix(pre))) and _segments_into(post, legal_forms)
    if len(short) < 3 or matcher.places_in(short):
        return False
    if _subsequence(short, full):
        suffix = matcher.org_suffix(short)
        return (suffix and full.endswith(suffix)) or short[0] == full[0]
    counts, have = Counter(short), Counter(full)
    return len(short) >= 4 and all(have[c] >= n for c, n in counts.items()) \
        and short[:2] in full and short[-2:] in full


def _names(relations: list[Relation]) -> list[tuple[str, str]]:
    """(text, key) of every organization name, in reading order."""
    out = []
    for r in relations:
        a = r.args
        if "org" in a:
            out.append((a["org"], a.get("org_key", a["org"])))
        for text, key in zip(a.get("parties", ()), a.get("party_keys", a.get("parties", ()))):
            out.append((text, key))
        for text, key in zip(a.get("organizer", ()), a.get("organizer_keys", a.get("organizer", ()))):
            out.append((text, key))
    return list(dict.fromkeys(out))


def _parent(key: str, matcher, known=()) -> int:
    """Where the parent's name ends inside a unit's name (0 if none): 星海集团|智能计算事业部.

    The parent is the shortest head that ends with an organization suffix, or another name the
    article uses (a brand without a suffix), and the rest must itself end like an organization.
    """
    if "—" in key or "-" in key:
        return 0
    for pos in range(2, len(key) - 1):
        head, rest = key[:pos], key[pos:]
        if len(rest) < 2 or not (matcher.org_suffix(rest) or rest in matcher.org_suffixes):
            continue
        if (len(head) >= 3 and matcher.org_suffix(head)) or head in known:
            if not (matcher.places_in(head) and len(matcher.places_in(head)) and
                    matcher.places_in(head)[-1][0] == len(head)):
                return pos
    return 0


def resolve_entities(relations: list[Relation], context) -> tuple[list[Relation], list[Entity]]:
    """Merge organization names into entities and drop duplicate agreements."""
    m, lex = context.matcher, context.lex
    names = _names(relations)
    text_of = {}
    for text, key in names:
        text_of.setdefault(key, text)
    keys = list(text_of)
    analysis = context.article.analysis
    headline = analysis[:analysis.find("\n")] if "\n" in analysis else analysis
    root = {k: k for k in keys}

    def find(k: str) -> str:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[rb] = ra

    # two parties of one agreement are two organizations (成都银行, 兴业银行成都分行)
    apart = {frozenset((a, b)) for r in relations if r.name == "agreement"
             for a in r.args["party_keys"] for b in r.args["party_keys"] if a != b}
    declared = set()
    for key in keys:   # declared short names: 中国计算机学会（CCF）
        for found in re.finditer(re.escape(key), analysis):
            d = _DECLARED.match(analysis, found.end())
            if d and d.group(1) in root and d.group(1) != key:
                union(key, d.group(1))
                declared.add(d.group(1))
    generic = lex.set("genericOrgs")
    for short in sorted(keys, key=len):
        if short in declared:
            continue   # the article said whose short name it is
        if short in generic or short in m.org_suffixes:
            fulls = [f for f in keys if f != short and f.endswith(short)]
            pick = [f for f in fulls if f in headline] or (fulls if len(fulls) == 1 else [])
            if pick:
                union(pick[0], short)
            continue
        for full in keys:
            if full != short and alias_of(short, full, m, lex.legalForms) \
                    and frozenset((short, full)) not in apart:
                union(full, short)
                break
    clusters: dict[str, list[str]] = {}
    for key in keys:
        clusters.setdefault(find(key), []).append(key)
    entities = []
    label_of = {}
    for members in clusters.values():
        members.sort(key=lambda k: (-len(k), keys.index(k)))
        texts = [text_of[k] for k in members]
        for t in texts:
            label_of[t] = texts[0]
        entities.append([texts[0], texts[1:], members[0]])
    out = []
    for label, aliases, key in entities:
        cut = _parent(key, m, set(keys) - {key})
        parent = ""
        if cut:
            parent_key = key[:cut]
            parent = label_of.get(text_of.get(parent_key, ""), "") or label[:cut]
        out.append(Entity(label, tuple(aliases), parent=parent))
    known = {e.label for e in out}
    for e in list(out):
        if e.parent and e.parent not in known:
            out.append(Entity(e.parent))
            known.add(e.parent)
    return _dedupe_agreements(relations, label_of, lex.set("genericOrgs")), out


def _within(short: str, long: str) -> bool:
    """``short`` reads as an abbreviation of ``long``: its characters in order (运检公司 in
    某电力有限公司运维检修分公司)."""
    it = iter(long)
    return len(short) < len(long) and all(c in it for c in short)


def _written_shorter(parties: frozenset, other: frozenset) -> bool:
    """Every party of ``parties`` is or abbreviates a different party of ``other`` (a headline's)."""
    rest = list(other)
    for p in sorted(parties, key=len, reverse=True):
        match = next((o for o in rest if p == o or _within(p, o)), None)
        if match is None:
            return False
        rest.remove(match)
    return True


def _same_title(a: str, b: str) -> bool:
    """Two ways of writing one agreement's title (3.2亿元风电机组采购合同, 某项目风力发电机组采购合同)."""
    return a == b or a in b or b in a or a[-4:] == b[-4:]


def _dedupe_agreements(relations: list[Relation], label_of: dict, generic=frozenset()) -> list[Relation]:
    """One agreement per set of parties; the longest title wins (headline and body repeat it).

    An agreement with a party named only by a generic word (集团与某公司签署X, a headline) is
    the one with the same title and parties that names that party in full, when there is one;
    so is one whose parties abbreviate another's and whose title is that one's written shorter.
    """
    best: dict[frozenset, Relation] = {}
    for r in relations:
        if r.name == "agreement":
            parties = frozenset(label_of.get(p, p) for p in r.args["parties"])
            if parties not in best or len(r.args["title"]) > len(best[parties].args["title"]):
                best[parties] = r
    for parties, r in list(best.items()):
        named = parties - generic
        if any(other is not r and len(o) == len(parties)
               and ((named != parties and named < o and other.args["title"] == r.args["title"])
                    or (_written_shorter(parties, o) and _same_title(r.args["title"], other.args["title"])))
               for o, other in best.items()):
            del best[parties]
    keep = set(map(id, best.values()))
    return [r for r in relations if r.name != "agreement" or id(r) in keep]

"""Organizations as spans of the article, and what the words that point at one refer to.

A title's organization is a span of the article or a composition of spans (``Org``:
某大学 + 计算机学院). Chinese news points back at organizations rather than repeating them:
``该公司``/``该所``/``其``/``学校``/``学院`` (``refer``), a board's appointments are its company's
(``board_owner``), ``担任实验室主任`` names the laboratory named in full before (``named_body``),
a short name is declared once (``declared_names``). The role rule (``kg.relations.role``) reads
titles and people; this module answers which organization they belong to. Nothing here prints.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.mentions import clause_start, words
from kg.signing import find_signings

_CONJUNCTIONS = ("与", "和", "及", "同", "跟")


MODIFIERS = ("首任", "新任", "现任", "时任", "首届", "候任")


_LISTED = re.compile(r"(?:的|代表|嘉宾|领导|人员|出席|参加|参会)(?:有|包括|是|为)")


@dataclass
class Org:
    """An organization as a span of the article (start, end), or a composition of two spans."""

    spans: tuple

    def text(self, ctx) -> str:
        return "".join(ctx.text(a, b) for a, b in self.spans)

    def key(self, ctx) -> str:
        return "".join(ctx.article.analysis[a:b] for a, b in self.spans)


def cut_lead(ctx, s: str, lo: int, hi: int) -> int:
    """Where the organization starts in s[lo:hi]: after the last cut word (由, 的, 有, 选举 …).

    One-character cut words count only as words of their own (not the 有 of 有限公司); longer
    ones wherever they occur. ``与``/``和`` cut only after a name or a whole organization.
    """
    text = s[lo:hi]
    if not text:
        return hi
    cut_words = ctx.lex.set("cutWords")
    start = lo
    pos = lo
    for token in words(text):
        end = pos + len(token)
        if token in cut_words and len(token) == 1:
            if token in _CONJUNCTIONS:
                left = re.sub("(先生|女士|同志)$", "", s[start:pos])
                if left and (ctx.matcher.name_at(s, start) == len(left) or ctx.matcher.org_suffix(left)):
                    start = end
            else:
                start = end
        pos = end
    for word in ctx.lex.cutWords:
        if len(word) > 1:
            k = s.rfind(word, start, hi)
            if k >= 0:
                start = max(start, k + len(word))
    listed = list(_LISTED.finditer(s, start, hi))
    start = listed[-1].end() if listed else start
    modifier = next((w for w in MODIFIERS if s.endswith(w, start, hi)), "")
    return start if not modifier or hi - len(modifier) > start else hi


DEPARTMENTS = ("事业部", "部", "处", "科", "室", "办公室", "系", "教学部", "教研室", "书记处")


_REFERRING = re.compile(r"(该|其|学校|校方|本校|我校|我院|我行|我司|本公司|校(?=党委|纪委|长|领导|办|工会|团委|学术)"
                        r"|学院(?=[\u4e00-\u9fff]{2,12}(?:教研室|研究所|研究中心|实验室|系|办公室)))")


_GENERIC_HEADS = {"公司": ("公司", "集团"), "集团": ("集团", "公司"), "院": ("院",), "医院": ("医院",),
                  "校": ("大学", "学院", "学校"), "大学": ("大学",), "学院": ("学院",), "行": ("银行", "分行"),
                  "局": ("局",), "中心": ("中心",), "所": ("所",)}


_DECLARING = re.compile(r"(?:以下简称|以下称|下称|简称)(?:[“\"「]([^”\"」]{1,12})[”\"」]"
                        r"|[：:]\s*([^，,。；;：:（）()“”\"\s]{2,12})(?=[，,；;）)]))")


def declared_names(ctx) -> frozenset:
    """The short names an article declares (以下简称“X”)."""
    found = ctx.cache.get("declared")
    if found is None:
        found = ctx.cache["declared"] = frozenset(a or b for a, b in _DECLARING.findall(ctx.article.analysis))
    return found


def of_kind(ctx, carry: Org | None, s: str, titles) -> Org | None:
    """The carried organization, unless the title names another kind (…集团董事长某，副校长某:
    the university named before, not the group)."""
    if carry is None or not titles:
        return carry
    head = ctx.matcher.title_head(s[slice(*titles[0])])
    heads = next((h for t, h in _TITLE_KINDS.items() if head.endswith(t)), None)
    if heads is None or carry.key(ctx).endswith(heads) or not carry.spans:
        return carry
    return antecedent(ctx, None, heads) or carry


_TITLE_KINDS = {"校长": ("大学", "学院", "学校"), "行长": ("银行", "分行", "支行"), "所长": ("所",)}


def refer(ctx, s: str, base: int, a: int, b: int, carry, sentence) -> "Org | None":
    """``该公司副总经理``, ``该院心内科主任``, ``其采购部经理``, ``学校…处``: the organization meant."""
    found = _REFERRING.match(s, a)
    if not found or found.end() > b:
        return None
    word = found.group(1)
    rest = s[found.end():b]
    generic = next((g for g in sorted(_GENERIC_HEADS, key=len, reverse=True) if rest.startswith(g)), "")
    if word in ("学校", "校方", "本校", "我校", "校"):
        heads, generic = ("大学", "学校"), ""
    elif word == "学院":                     # 学院某教研室: the college named before
        heads, generic = ("学院",), ""
    elif word.startswith(("我", "本")):
        return Org(())   # 我院, 我行: the article's own voice; which organization it is stays unsure
    else:
        heads = _GENERIC_HEADS.get(generic, ())
    meant = subject_org(ctx, s, base, a) if word == "其" else None   # 某公司则由其采购部经理…
    if meant is None and word == "该" and heads:   # A与B签订…协议，该公司总经理…: B
        meant = party_before(ctx, sentence, base + a, heads)
    meant = meant or antecedent(ctx, carry, heads if (generic or word != "其") else ())
    if meant is None and heads == ("大学", "学校"):
        meant = antecedent(ctx, carry, ("学院",))
    if meant is None and word == "学院":   # …设在某大学某学院，由学院某教研室主任…
        meant = named_body(ctx, word, base + a)
    if meant is None and word == "该" and heads:   # 来到某研究所…。该所副所长: named in passing
        meant = named_body(ctx, heads, base + a, nearest=True)
    if meant is None:
        return Org(())   # nothing it clearly refers to: no record
    unit = (base + found.end() + len(generic), base + b)
    return Org((*meant.spans, unit)) if unit[1] > unit[0] else meant


def party_before(ctx, sentence, before: int, heads) -> "Org | None":
    """The last signing party of this sentence before ``before`` of that kind, if any."""
    if sentence is None:
        return None
    parties = [p for signing in find_signings(sentence, ctx) for group in signing.groups for p in group
               if 0 <= p.start < before and p.key.endswith(heads)]
    last = max(parties, key=lambda p: p.start, default=None)
    return Org(((last.start, last.end),)) if last else None


def subject_org(ctx, s: str, base: int, a: int) -> "Org | None":
    """The organization that opens the clause before ``a`` (its subject), if any."""
    start = clause_start(s, a)
    ends = [s.rfind(suffix, start, a) + len(suffix) for suffix in ctx.matcher.org_suffixes
            if len(suffix) > 1 and s.rfind(suffix, start, a) >= 0]
    if not ends:   # 某量子的云平台已…，其首席技术官: a short name opening the sentence
        opening = clause_start(s, a, "。；;！？!?")
        named = [n for n in declared_names(ctx) if s.startswith(n, opening)]
        return Org(((base + opening, base + opening + len(max(named, key=len))),)) if named else None
    end = max(ends)
    begin = cut_lead(ctx, s, start, end)
    return Org(((base + begin, base + end),)) if end - begin >= 3 else None


def root_of(ctx, org: Org) -> Org:
    """The organization a composed unit belongs to (某大学 of 某大学+计算机学院); a resolved
    name (某市 + 委) is whole already."""
    m = ctx.matcher
    while len(org.spans) > 1:
        last = ctx.article.analysis[slice(*org.spans[-1])]
        if not (m.unit_suffix(last) or last in m.unit_suffixes
                or any(last.endswith(w) for w in ctx.lex.institutionWords)):
            break
        org = Org(org.spans[:-1])
    return org


def organization_part(ctx, org: Org, units=DEPARTMENTS) -> Org:
    """A department named with its organization in one span, cut to the organization
    (某医科大学医院管理处 → 某医科大学), so a department listed next to it joins the organization."""
    if len(org.spans) != 1 or not org.key(ctx).endswith(units):
        return org
    start, key = org.spans[0][0], org.key(ctx)
    cut = next((i for i in range(3, len(key) - 1) if len(ctx.matcher.org_suffix(key[:i])) >= 2), 0)
    return Org(((start, start + cut),)) if cut else org


def antecedent(ctx, carry, heads) -> "Org | None":
    """The latest organization named before (``carry``, then earlier records'), of a kind.

    A company may go by a short name without 公司 (该公司 after 星海新材总裁助理…)."""
    if carry is not None:
        root = root_of(ctx, carry)
        key = root.key(ctx)
        if not heads or key.endswith(heads) or ("公司" in heads and not ctx.matcher.org_suffix(key)):
            return root
    for r in reversed(ctx.relations):
        candidates = [r.args.get("org_spans")] if r.name == "role" else \
            [(span,) for span in r.args.get("party_spans", ()) if span]
        for spans in candidates:
            if not spans:
                continue
            whole = Org(tuple(spans))
            for org in (root_of(ctx, whole), whole):   # 某大学, not the 学院 composed onto it,
                key = org.key(ctx)                   # unless a 学院 is what is meant
                if (not heads or key.endswith(heads)) and not _REFERRING.match(key):
                    return org
    return None


def inside_declared(ctx, s: str, lo: int, j: int) -> bool:
    """Whether position ``j`` falls inside a short name the article declared (合肥科农行)."""
    for name in declared_names(ctx):
        k = s.find(name, max(lo, j - len(name) + 1), j + len(name))
        if 0 <= k < j < k + len(name):
            return True
    return False


BOARD = re.compile(r"(?:第[一二三四五六七八九十\d]{1,3}届)?(?:董事会|监事会|理事会|股东大会|股东会)")


def board_owner(ctx, before: int) -> Org | None:
    """The organization whose board acts before ``before``: ``某精机第五届董事会第一次会议召开。
    会议选举X为董事长`` → 某精机 (the latest board named after an organization)."""
    s = ctx.article.analysis
    for board in reversed(list(BOARD.finditer(s, 0, before))):
        clause = clause_start(s, board.start(), "，,。；;：:！？!?\n")
        start = cut_lead(ctx, s, clause, board.start())
        name = s[start:board.start()]
        if len(name) >= 2 and (ctx.matcher.org_suffix(name) or name in declared_names(ctx)):
            return Org(((start, board.start()),))
    return None


def named_body(ctx, word, before: int, nearest: bool = False) -> Org | None:
    """``担任实验室主任``: the body of that kind named before, the latest organization of an
    earlier record that ends in the word (or one of the words), else the longest (``nearest``:
    the latest) name ending in it that the article wrote before (共建先进储能材料联合实验室 →
    先进储能材料联合实验室)."""
    words_ = (word,) if isinstance(word, str) else tuple(word)
    earlier = antecedent(ctx, None, words_)
    if earlier is not None:
        return earlier
    s = ctx.article.analysis
    best = None
    for word in words_:
        k = s.rfind(word, 0, before)
        while k > 0:
            end = k + len(word)
            clause = clause_start(s, k, "，,。；;：:！？!?\n《》“”")
            start = cut_lead(ctx, s, clause, end)
            if end - start > len(word) + 1 \
                    and ctx.matcher.looks_like_org(s[start:k].replace("与", ""), longest=16):   # 科学与工程
                if best is None or (end > best[1] if nearest else end - start > best[1] - best[0]):
                    best = (start, end)
                if nearest:
                    break
            k = s.rfind(word, 0, k)
    return Org((best,)) if best else None

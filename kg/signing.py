"""Signing clauses: who signed what, read from one sentence (shared by agreement and signatory).

Constructions: ``A与B、C三方签署了…协议`` (one agreement, every party), ``A分别与B、C签署`` (one
per pair), ``A与B、C与D分别签署了X、Y`` (pairs), ``A与B举行…协议签约仪式``, ``P1和P2分别代表
O1、O2在…协议上签字`` (signatories), ``P代表学校与两家企业分别签署`` (references resolved against
the article). Witnesses (``见证``, ``出席``) are never in the subject of the signing verb.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.mentions import FILLER, clause_start, mask_declarations, words
from kg.model import Relation, Sentence

_CLAUSE_BREAK = "，,。；;：:！？!?"
_TRAILING = ("正式", "共同", "现场", "分别", "则", "还", "也", "已", "将", "顺利", "成功", "集中", "当场",
             "一起", "并", "又", "就", "此次", "今天", "昨天", "再次", "郑重", "代表", "同",
             "合作共建", "共建", "战略合作", "合作")
_OWNED = ("所属", "旗下", "下属", "全资子公司", "控股子公司", "子公司")   # 某集团所属某公司: the company
_PLANNED = re.compile(r"拟|计划|有望|准备|将于|将与|即将|预计")
_STRONG_HEADS = ("人民政府", "有限公司", "有限责任公司")   # nothing after them but a unit or a body
_DOING = ("共建", "共同", "携手", "联合共建", "合作共建", "联合建设", "合作建设")
_JOINERS = frozenset(("、", "与", "和", "同", "及", "以及", "跟"))
_WITNESSING = ("出席", "参加", "见证", "陪同", "参会", "到会")
_NOUN_USES = ("仪式", "活动", "环节", "现场", "大会", "会", "项目", "台", "签约")
_AFTERWARDS = ("后", "之后", "以后", "前", "之前", "时", "以来", "当天")
_COUNTED = re.compile(r"^(两|二|三|四|五|六|七|八|九|十|\d+)家(.+)$")
_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_BOTH = re.compile(r"(?:两|三|四)(?:市|地|省|区|县|校|院|家)(?:政府|人民政府|党委|单位|医院|学校|企业)?$")
_ON = re.compile(r"在(.{2,60}?)上$")


@dataclass
class Party:
    """A signing organization as offsets (start, end) into the article, or a resolved name."""

    start: int
    end: int
    key: str                     # analysis text (simplified)
    text: str = ""               # as written, when the party is not one span of the article


@dataclass
class Signing:
    title: tuple[int, int] | None
    groups: list = field(default_factory=list)      # one list of Parties per agreement
    signers: list = field(default_factory=list)     # (person span, Party | None)
    mutual: bool = False                            # 双方/三方: the parties are named elsewhere
    counted: bool = False                           # 代表双方: only counted here, named before
    titles: list = field(default_factory=list)      # one title per group, when listed (X、Y)
    own: bool = False                               # 代表各自单位: parties are the signers' organizations
    pairwise: bool = False                          # X分别与Y、Z…: one agreement per pair


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    """Drop short-name declarations and adverbs at the end of a party (某行（以下简称“X”）还)."""
    while True:
        a2, b2 = _strip_trailing(s, a, b)
        while b2 > a2 and s[b2 - 1] == FILLER:
            b2 -= 1
        if (a2, b2) == (a, b):
            return a, b
        a, b = a2, b2


def _strip_trailing(s: str, a: int, b: int) -> tuple[int, int]:
    changed = True
    while changed and b > a:
        changed = False
        for w in _TRAILING:
            if s.endswith(w, a, b) and b - len(w) >= a:
                b -= len(w)
                changed = True
    return a, b


def _split(s: str, a: int, b: int, joiners=_JOINERS) -> list[tuple[int, int]]:
    """Spans of s[a:b] between joining words (、 与 和 及), on jieba word boundaries."""
    out, start, pos = [], a, a
    for token in words(s[a:b]):
        if token in joiners and pos > start:   # 与和睿生物: the second joiner starts a name
            out.append((start, pos))
            start = pos + len(token)
        pos += len(token)
    out.append((start, b))
    return [(x, y) for x, y in out if y > x]


def _merge_inner_conjunctions(ctx, s: str, spans):
    """Undo splits inside one name (江南大学物理与电子工程学院): a left half with no head of its own."""
    m = ctx.matcher
    merged = []
    for a, b in spans:
        if merged:
            pa, pb = merged[-1]
            left = s[slice(*_trim(s, pa, pb))]
            places = m.places_in(left)
            inside = any(left.find(x) > 0 for x in ("大学", "学院", "集团", "公司")) \
                or (left.endswith(ctx.lex.disciplines) and s[a:b].endswith(("学院", "系", "研究院", "研究所", "中心")))
            place_led = (bool(places) and 0 < len(left) - places[-1][0] <= 8    # 泉州市工业|和|信息化局
                         or left[:1] in "省市区县" and 3 <= len(left) <= 5)     # 市工业|和|信息化局
            if (not m.org_suffix(left) and m.org_suffix(s[a:b]) and len(left) >= 3
                    and (inside or place_led) and s[pb:a] in "与和及"):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    return merged


def _party_spans(ctx, s: str, base: int, a: int, b: int) -> list[list[Party]] | None:
    """Parties in s[a:b], one list per agreement (``A与B、C与D`` gives two lists)."""
    items = _split(s, a, b, {"、"})
    pairs = [_merge_inner_conjunctions(ctx, s, _split(s, x, y)) for x, y in items]
    if len(items) > 1 and all(len(p) == 2 for p in pairs):
        groups = [_parties(ctx, s, base, *p) for p in pairs]
        return [g for g in groups if len(g) >= 2]
    return [_parties(ctx, s, base, *[sp for p in pairs for sp in p])]


def _parties(ctx, s: str, base: int, *spans) -> list[Party]:
    out = []
    for a, b in _merge_inner_conjunctions(ctx, s, list(spans)):
        a, b = _trim(s, a, b)
        owner = max((s.rfind(w, a, b) + len(w) for w in _OWNED if s.rfind(w, a, b) > a),
                    default=a)
        a = owner                               # 某集团所属某公司: the company signs
        text = s[a:b]
        while text.endswith("等") or text.endswith("单位"):
            b -= 1 if text.endswith("等") else 2
            text = s[a:b]
        # 某集团（以下简称“X”）共建某实验室签约仪式: the party ends where what it does begins
        verb = min((i for i in (text.find(v) for v in _DOING) if i >= 2
                    and ctx.matcher.org_suffix(text[:i].rstrip(FILLER))), default=-1)
        if verb > 0:
            b = a + len(text[:verb].rstrip(FILLER))
            text = s[a:b]
        at = text.find("在")
        if at >= 2 and len(text) - at <= 20 and not any(j in text[at:] for j in "与和"):   # X在成都
            b = a + at
            while b > a and s[b - 1] == FILLER:
                b -= 1
            text = s[a:b]
        speaker = _person_of(ctx, s, a, b)
        if speaker:                             # 某银行副行长X与A、B分别签署: the bank signs
            b = speaker
            text = s[a:b]
        strong = _strong_end(ctx, text)
        if strong:                              # 某县人民政府紧密型医联体合作签约: the government signs
            b = a + strong
            text = s[a:b]
        if len(text) < 2:
            continue
        if _signers(ctx, s, base, a, b) or any(w in text for w in _WITNESSING + ("人员", "召开", "举行")) \
                or ctx.matcher.title_ending_at(s, b, a) >= 0:
            return []   # a person or a title: this is not a list of parties
        found = _resolve(ctx, s, base, a, b)
        if None in found:
            return []
        out.extend(found)
    return out


def _person_of(ctx, s: str, a: int, b: int) -> int:
    """Where the organization ends in s[a:b] = organization + title + name, or 0."""
    m = ctx.matcher
    for j in range(a + 3, b - 1):
        if m.name_at(s, j, anchored=True) == b - j:
            t = m.title_ending_at(s, j, a)
            if t > a + 1 and m.org_suffix(s[a:t]):
                return t
    return 0


def _strong_end(ctx, text: str) -> int:
    """Where a party ends inside ``text`` when a strong head (人民政府, 有限公司) is followed by
    words that name no organization, unit or body (a topic); 0 when it does not."""
    m = ctx.matcher
    end = max((text.rfind(w) + len(w) for w in _STRONG_HEADS if 0 < text.rfind(w) < len(text) - len(w)),
              default=0)
    rest = text[end:].strip(FILLER)
    bodies = ctx.lex.institutionWords
    if not end or m.org_suffix(rest) or m.unit_suffix(rest) or rest.endswith(tuple(bodies)):
        return 0
    return end


def _resolve(ctx, s: str, base: int, a: int, b: int) -> list[Party]:
    """A party as written, or what ``学校``/``两家企业`` refer to in this article."""
    text = s[a:b]
    m = ctx.matcher
    if text in ctx.lex.set("partyCounts"):
        return _parties_before(ctx)         # 双方还与某公司签署…三方协议: those two, and it
    if text in ("部分企业", "有关单位", "相关单位", "相关企业"):
        return []       # …及部分企业: the named parties still sign
    if text.startswith(("一家", "一所", "多家", "某")):
        return [None]   # 一家欧洲整车企业: nobody named, so no agreement to record
    if m.name_at(text, 0) == len(text) and not m.org_suffix(text):
        return []  # a person, not a party
    counted = _COUNTED.match(text)
    if counted:
        n = _NUMBERS.get(counted.group(1)) or int(counted.group(1))
        return _recent_orgs(ctx, n, counted.group(2))
    if text.startswith("该") and 2 <= len(text) <= 3:    # 该行还分别与…签署: the bank named before
        found = _referred(ctx, text[1:])
        return [found] if found else [None]
    unit = next((w for w in ("该行", "该院", "该公司", "该校", *ctx.lex.selfReferences) if text.startswith(w)
                 and len(text) - len(w) >= 2 and m.unit_suffix(text[len(w):])), "")
    if unit:                                  # 该行普惠金融部, 我院心血管内科: its unit
        org = _referred(ctx, unit[1:]) if unit.startswith("该") else _own_org(ctx, unit)
        if org is None:
            return [None]
        rest = text[len(unit):]
        return [Party(-1, -1, org.key + rest, (org.text or ctx.text(org.start, org.end)) + ctx.text(base + a + len(unit), base + b))]
    if text in ("学校", "校方", "我校", "本校") or text in ctx.lex.set("selfReferences"):
        own = _own_org(ctx, text)
        return [own] if own else []
    if text in ctx.lex.set("genericOrgs"):                   # 代表学校和企业: the one company named
        only = _only_org(ctx, text.rstrip("方"))
        if only is not None:
            return [only]
    if text.startswith(("学校", "我校")) and len(text) > 3:   # 学校经济与管理学院
        own = _own_org(ctx, text[:2])
        if own is None:
            return [None]
        written = (own.text or ctx.text(own.start, own.end)) + ctx.text(base + a + 2, base + b)
        return [Party(-1, -1, own.key + s[a + 2:b], written)]
    inside = len(text) <= 14 and any(w in text[:-2] for w in m.org_suffixes if len(w) > 1) \
        and m.looks_like_org(text[-8:])                      # 某经开区某数投: a unit named after its zone
    if any(c in text for c in "的了是着过将已该其等们也") or re.search(r"\d+多?家", text) or \
            not (m.org_suffix(text) or m.looks_like_org(text) or inside or text in ctx.lex.set("genericOrgs")):
        return [None]   # not an organization's name: the clause is no list of parties
    return [Party(base + a, base + b, ctx.article.analysis[base + a:base + b])]


_KIND_HEADS = {"企业": ("集团", "公司", "企业"), "公司": ("公司", "集团"), "银行": ("银行", "分行"),
               "医院": ("医院",), "高校": ("大学", "学院"), "学校": ("大学", "学院", "学校"),
               "单位": ("集团", "公司", "大学", "学院", "院", "所", "局", "中心")}


_REFERRED_HEADS = {"行": ("银行", "分行", "支行"), "公司": ("公司", "集团"), "集团": ("集团", "公司"),
                   "校": ("大学", "学院", "学校")}   # 该行, 该公司 …: what the word may stand for


def names_in(record: Relation) -> list[tuple[str, str]]:
    """(key, name as written) of the organizations a record names: a role's, an agreement's parties."""
    if record.name == "role":
        return [(record.args["org_key"], record.args["org"])]
    if record.name == "agreement":
        return list(zip(record.args["party_keys"], record.args["parties"]))
    return []


def latest_agreement(ctx, size: int = 0) -> Relation | None:
    """The latest agreement of earlier sentences, with ``size`` parties when ``size`` is 2 or more."""
    return next((r for r in reversed(ctx.relations)
                 if r.name == "agreement" and (size < 2 or len(r.args["parties"]) == size)), None)


def _referred(ctx, kind: str) -> Party | None:
    """The organization ``该<kind>`` means: the latest party of an earlier signing of that kind,
    else the latest organization of that kind in a role."""
    heads = _REFERRED_HEADS.get(kind, (kind,))
    for name in ("agreement", "role"):
        for r in reversed(ctx.relations):
            if r.name != name:
                continue
            for key, text in names_in(r):
                if (key.endswith(heads) or (kind == "行" and "银行" in key)) and not key.startswith(("该", "其")):
                    return Party(-1, -1, key, text)   # 该行: 某银行股份有限公司 too
    return None


def _parties_before(ctx) -> list[Party]:
    """The parties of the latest agreement of earlier sentences (what 双方 stands for)."""
    r = latest_agreement(ctx)
    if r is None:
        return []
    return [Party(span[0], span[1], key) if span else Party(-1, -1, key, text)
            for (key, text), span in zip(names_in(r), r.args["party_spans"])]


def _only_org(ctx, kind: str) -> Party | None:
    """The organization of that kind earlier records name, when they name exactly one."""
    heads = _KIND_HEADS.get(kind, (kind,))
    found = {}
    for r in ctx.relations:
        for key, text in names_in(r):
            if key and key.endswith(heads) and key != kind:
                found.setdefault(key, text)
    if len(found) != 1:
        return None
    key, text = next(iter(found.items()))
    return Party(-1, -1, key, text)


def _recent_orgs(ctx, n: int, kind: str) -> list[Party]:
    """The ``n`` organizations of that kind the article named in earlier records (两家企业)."""
    heads = _KIND_HEADS.get(kind, (kind,))
    seen, out = set(), []
    for r in ctx.relations:
        if r.name != "role":
            continue
        key = r.args["org_key"]
        if key.endswith(heads) and key not in seen:
            seen.add(key)
            out.append(Party(-1, -1, key, r.args["org"]))
    return out[:n] if len(out) >= n else []


_SELF_HEADS = {"院": ("医院", "学院", "研究院"), "行": ("银行", "分行", "支行"), "司": ("公司", "集团")}   # 我院 …


def _own_org(ctx, word: str) -> Party | None:
    """The organization an article speaks for (学校 → the 学院 in its headline), if clear."""
    kind = word.lstrip("我本").rstrip("方")
    heads = _SELF_HEADS.get(kind) or _KIND_HEADS.get(kind, ("大学", "学院", "学校", "公司", "集团"))
    if word in ("校方", "我校", "本校"):
        heads = ("大学", "学院", "学校")
    text = ctx.article.analysis
    start = 0
    for line in text.split("\n"):
        if line.strip():
            break
        start += len(line) + 1
    headline = text[start:start + len(line)]
    named = re.split("[与和同、，,：:]|签署|签订|召开|举行", headline, maxsplit=1)[0]   # its first name
    ends = [k + len(head) for head in heads for k in range(2, len(named)) if named.startswith(head, k)]
    if ends:                                     # 中国银行贵州省分行, not 中国银行
        end = max(ends)
        return Party(start, start + end, headline[:end]) if end <= 20 else None
    for r in ctx.relations:   # else the first organization of that kind the article named
        for key, written in names_in(r):
            if key and key.endswith(heads) and not key.startswith(("学校", "我", "本", "该")):
                return Party(-1, -1, key, written)
    return None


def _signers(ctx, s: str, base: int, a: int, b: int) -> list[tuple[int, int]]:
    """Person names in ``P1与P2`` / ``P1和O副总经理P2``: each name ends its piece of the list.

    Names are read before the joining words, so ``柏松和谈若冰`` is not cut at the word 和谈.
    """
    m = ctx.matcher
    out, pos = [], a
    while pos < b:
        for j in range(pos, b):
            titled = j > pos and m.title_ending_at(s, j, pos) >= 0
            n = m.name_at(s, j, anchored=titled)        # a rare surname right after a title
            if n and j + n <= b and (j == pos or titled):
                end = j + n
                honor = m.title_starting_at(s, end)
                if honor > 0 and m.title_kind(s[end:honor]) == "academic":
                    end = honor                  # 院长X教授与…
                while end < b and s[end] == FILLER:
                    end += 1                     # X（Thomas Braun）
                if s.startswith(("同志", "先生", "女士"), end):
                    end += 2
                joiner = next((w for w in ("分别与", "分别和", "以及", "和", "与", "及", "、", "同")
                               if s.startswith(w, end)), "")
                if end == b or joiner:
                    out.append((base + j, base + j + n))
                    pos = end + len(joiner)
                    break
        else:
            break
    return out


def _title(ctx, s: str, a: int, b: int) -> tuple[int, int] | None:
    """The agreement's title in the object s[a:b] (…协议, …备忘录, …项目), without 《》 or quotes."""
    heads = ctx.lex.agreementHeads
    while a < b and s[a] in "了与":
        a += 1
    if s.startswith("《", a):
        close = s.find("》", a, b)
        if close > a + 1:
            return a + 1, close
    if s.startswith("“", a):                 # “X合作备忘录”, but “5G+智慧医疗”三方合作备忘录 keeps them
        close = s.find("”", a, b)
        if close > a + 1 and (close + 1 >= b or s[close + 1] in _CLAUSE_BREAK):
            return a + 1, close
    best = -1
    for h in heads:
        k = s.rfind(h, a, b)
        if k >= 0:
            best = max(best, k + len(h))
    if best > a:
        return a, best
    return None


def _clause(s: str, v) -> tuple[int, int]:
    start = clause_start(s, v.start(), _CLAUSE_BREAK)
    end = min([k for k in (s.find(c, v.end()) for c in _CLAUSE_BREAK) if k >= 0] or [len(s)])
    return start, end


def _split_title_off(ctx, s: str, a: int, b: int) -> tuple[int, tuple[int, int]] | None:
    """``…攸县人民医院紧密型医联体合作协议`` (before 签约仪式): where the last party ends and the
    agreement's title begins — after the last organization head that leaves an agreement head."""
    if not s[a:b].endswith(ctx.lex.agreementHeads):
        return None
    last = max([s.rfind(j, a, b) for j in ("与", "和", "、")])
    if last < 0:
        return None
    m = ctx.matcher
    masked = s.find(FILLER, last + 1, b)
    if masked > last + 1:                    # 某公司（以下简称“X”）|合作协议
        k = masked
        while k < b and s[k] == FILLER:
            k += 1
        return masked, (k, b)
    ends = [k for k in range(last + 4, b - 1) if m.org_suffix(s[last + 1:k])]
    for k in ends:                           # the shortest name after which the title names no body
        if not any(w in s[k:b] for w in m.org_suffixes if len(w) >= 2) and \
                not any(m.org_suffix(s[k:k + n]) for n in (2, 3, 4)):   # …分行|营业部战略合作协议
            return k, (k, b)
    return (ends[-1], (ends[-1], b)) if ends else None


def _word_in(s: str, a: int, b: int, word: str) -> int:
    """Where ``word`` stands as a word of s[a:b] (jieba's cut), or -1."""
    if s.find(word, a, b) < 0:
        return -1
    pos = a
    for token in words(s[a:b]):
        if token == word:
            return pos
        pos += len(token)
    return -1


def _subject(ctx, s: str, start: int, v, end: int):
    """The subject s[a:b] of a signing verb and the agreement's title span, or None to skip."""
    a, b = _strip_trailing(s, start, v.start())
    if any(w in s[a:b] for w in _WITNESSING) or s.startswith(_AFTERWARDS, v.end()):
        return None   # witnesses, 签约后介绍…
    if _PLANNED.search(s, a, v.start()):
        return None   # 拟与某市人民政府签署, 将于近期签署: not signed yet
    about = _word_in(s, a, b, "就")
    if about > a:                            # A与B就…签订: the topic is not a party (就业 is no 就)
        a, b = _strip_trailing(s, a, about)
    noun_use = v.group(0) in ("签约", "签字", "续签") and s.startswith(_NOUN_USES, v.end())
    title = None
    on = _ON.search(s, a, b)
    if on:                                   # …在战略合作协议上签字
        title, b = on.span(1), on.start()
        a, b = _strip_trailing(s, a, b)
    held = s.find("举行", a, b)
    if held >= 0:                            # A与B举行…协议签约仪式
        title = title or ((held + 2, b) if b > held + 2 else None)
        a, b = _strip_trailing(s, a, held)
    elif noun_use:                           # A与B…协议签约仪式在…举行
        cut = _split_title_off(ctx, s, a, b)
        if cut is None:                      # A与B产学研合作签约仪式: the parties, no title
            last = max((k for k in range(a + 2, b) if ctx.matcher.org_suffix(s[a:k])), default=0)
            if not last or "与" not in s[a:last] or any(j in s[last:b] for j in "与和、"):
                return None
            cut = last, None
        b, title = cut
    return a, b, title or _title(ctx, s, v.end(), end)


def _pairs(left: list, right: list) -> list[list]:
    """``A分别与B、C`` → A–B, A–C; ``A、B分别与C`` → A–C, B–C; ``A、B分别与C、D`` → A–C, B–D."""
    if not left or not right:
        return []
    if len(left) == 1:
        return [[left[0], r] for r in right]
    if len(right) == 1:
        return [[x, right[0]] for x in left]
    if len(left) == len(right):
        return [[x, y] for x, y in zip(left, right)]
    return [left + right]


def _groups(ctx, s: str, base: int, a: int, b: int, distributive: bool) -> list[list[Party]]:
    """The parties of s[a:b], one list per agreement."""
    listed = _party_spans(ctx, s, base, a, b)
    if listed and len(listed) > 1:           # A与B、C与D分别签署
        return listed
    each = s.find("分别与", a, b)
    if each >= 0:
        return _pairs(_parties(ctx, s, base, *_split(s, a, each)),
                      _parties(ctx, s, base, *_split(s, each + 3, b)))
    k = s.find("与", a, b)
    if distributive and k >= 0:              # A与B、C分别签署
        return _pairs(_parties(ctx, s, base, *_split(s, a, k)), _parties(ctx, s, base, *_split(s, k + 1, b)))
    return listed or []


def find_signings(sentence: Sentence, ctx) -> list[Signing]:
    """Every signing clause of the sentence, with its parties and signatories.

    Read once per sentence: the agreement and signatory rules share the result."""
    key = ("signings", sentence.start)
    if key not in ctx.cache:
        ctx.cache[key] = _read_signings(sentence, ctx)
    return ctx.cache[key]


def _read_signings(sentence: Sentence, ctx) -> list[Signing]:
    s = mask_declarations(sentence.analysis)
    base = sentence.start
    verbs = ctx.cache.get("sign verbs")
    if verbs is None:
        verbs = ctx.cache["sign verbs"] = re.compile("|".join(map(re.escape, ctx.lex.signVerbs)))
    out = []
    for v in verbs.finditer(s):
        start, end = _clause(s, v)
        subject = _subject(ctx, s, start, v, end)
        if subject is None:
            continue
        a, b, title = subject
        signing = Signing(title=(base + title[0], base + title[1]) if title else None)
        distributive = s[start:v.start()].rstrip().endswith(("分别", "分别在"))
        rep = s.find("代表", a, b)
        if rep >= 0:                         # P1和P2（分别）代表O1、O2 / 代表双方
            people = _signers(ctx, s, base, *_strip_trailing(s, a, rep))
            a, b = _strip_trailing(s, rep + 2, b)
            own = s.startswith(("各自", "各方"), a) or bool(_BOTH.match(s, a, b))   # 代表各自医院, 两市政府
            if s[a:b] in ctx.lex.set("partyCounts") or own:
                signing.mutual = True
                signing.counted = not own
                signing.own = own
                signing.pairwise = "分别" in s[start:rep]
                signing.signers = [(p, None) for p in people]
                out.append(signing)
                continue
            orgs = _party_spans(ctx, s, base, a, b) or []
            flat = [p for g in orgs for p in g]
            if "与" not in s[a:b] and len(people) == len(flat):
                signing.signers = list(zip(people, flat))
                signing.groups = [flat] if len(flat) >= 2 else []
                out.append(signing)
                continue
            signing.signers = [(p, flat[0] if flat else None) for p in people]
        people = _signers(ctx, s, base, a, b)
        if people and people[-1][1] == base + b and len(people) >= 2:
            # 甲局副局长X与乙行副行长Y在协议上签字: the signers stand for the parties
            signing.mutual = True
            signing.signers = [(p, None) for p in people]
            out.append(signing)
            continue
        for w in ctx.lex.partyCounts:        # …三方签署
            if s.endswith(w, a, b):
                a, b = _strip_trailing(s, a, b - len(w))
                break
        if a >= b:
            signing.mutual = True
            out.append(signing)
            continue
        signing.groups = [g for g in _groups(ctx, s, base, a, b, distributive) if len(g) >= 2]
        if len(signing.groups) > 1 and title:
            titles = _split(s, title[0], title[1], {"、"})
            if len(titles) == len(signing.groups):
                signing.titles = [(base + x, base + y) for x, y in titles]
        out.append(signing)
    return out

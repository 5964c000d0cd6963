"""Role: a person holds a title at an organization.

Chinese news introduces people as chains of ``[organization] title[、title…] name``, separated by
``、`` and ``，``: ``中国移动江西省分公司党委书记、总经理林海涛，党委委员、副总经理方蓉``. A title
without its own organization takes the one before it in the chain; government titles (市长,
副区长) belong to the place's government and party titles to the committee (青州市委); a bare
department (芯片事业部, 书记处) is a unit of the organization carried along the chain.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.mentions import FILLER, ODD, mask_declarations, words
from kg.model import Relation, Sentence
from kg.referents import (BOARD, DEPARTMENTS, MODIFIERS, Org, board_owner, cut_lead, declared_names,
                           inside_declared, named_body, of_kind, organization_part, refer, root_of)

NAME = "role"
REQUIRES = ("person", "title", "org")

_PIECE_SEPARATORS = "，,、；;：:。！？!?“”\"「」『』（）()《》 　\n"
_PIECES = re.compile(f"[^{re.escape(_PIECE_SEPARATORS)}]+")
_APPOINTED = re.compile(r"(?:作为|是|当选为|当选|出任|担任|兼任|升任|(?:被|获|受)(?:聘任|聘请|任命|选举|推选)?(?:为)|(?:获聘|受聘)为?|任)")
_RELATIVE = re.compile(r"^([省市区县州])(委|政府|人民政府)")
_GOVERNMENT_LEVEL = {"省长": "省", "市长": "市", "区长": "区", "县长": "县", "州长": "州", "镇长": "镇",
                     "乡长": "乡", "旗长": "旗"}
_APPOINTING = re.compile(r"(?:任命|聘任|聘请|选举|推选|推举|提名|委任|增补)")


class _Chain:
    """The state carried along one sentence's chain of people."""

    def __init__(self):
        self.carry: Org | None = None
        self.listed = False    # this piece follows 、 (the same list as the one before)
        self.people: list[tuple[int, int]] = []   # people listed with 、 and no role after them yet
        self.pending: list[tuple[Org | None, tuple[int, int]]] = []   # titles of title-only pieces
        self.last_items: list | None = None   # the last person's (org, title) pairs: 、B shares them
        self.last_person: tuple[int, int] | None = None   # …为某公司总会计师，兼任财务总监: who
        self.appointed_end = -1   # where the last piece that appointed someone ends
        self.sentence: Sentence | None = None   # the sentence read (its signings name parties)


def _parse_left(ctx, s: str, lo: int, hi: int):
    """Split s[lo:hi] = [lead][org][title(兼title)*] into (org span or None, [(title_start, end)], k).

    ``k`` tells of a title before ``兼`` (-1 if none): that first title keeps the chain's
    organization (k == -2) or the one named before it (k: where that name starts), while the
    ones after 兼 take the new organization (副总裁兼研究院院长).
    """
    m = ctx.matcher
    titles = []
    end = hi
    while end > lo and s[end - 1] == FILLER:
        end -= 1
    while end > lo:
        if titles and s[end - 1] == "兼":
            end -= 1
        k = m.title_ending_at(s, end, lo)
        if k < 0:
            break
        titles.insert(0, (k, end))
        end = k
    if not titles:
        return None, [], -1
    while end > lo and s[end - 1] == FILLER:
        end -= 1
    for w in MODIFIERS:   # 为联盟首任理事长
        if s.endswith(w, lo, end):
            end -= len(w)
    start = cut_lead(ctx, s, lo, end)
    also = s.rfind("兼", start, end)
    if also > start and m.title_ending_at(s, also, start) >= 0:
        # 副总裁兼研究院院长: the title before 兼 stays with the chain's organization, or with
        # the one named before it (某财经副总裁兼…负责人)
        k = m.title_ending_at(s, also, start)
        titles.insert(0, (k, also))
        return (also + 1, end), titles, (start if k > start else -2)
    return ((start, end) if start < end else None), titles, -1


def _classify_org(ctx, s: str, base: int, span, titles, chain: _Chain):
    """Decide what the text before the titles is: an organization, a unit, or a title qualifier."""
    m = ctx.matcher
    if span is None:
        return of_kind(ctx, chain.carry, s, titles), titles
    a, b = span
    text = s[a:b]
    if "的" in text or len(text) > 40 or ODD.search(text) or text.endswith(("·", "•")):
        return chain.carry, titles
    if _former(text):
        return None, []   # 原某局局长: a former post
    if text.endswith("学") and len(text) <= 6 and not m.org_suffix(text) and titles \
            and m.title_kind(m.title_head(s[slice(*titles[0])])) == "academic":
        return Org(()), titles   # 眼科学学科带头人: a field of study, not an organization
    referred = refer(ctx, s, base, a, b, chain.carry, chain.sentence)
    if referred is not None:
        return referred, titles
    domain = next((w for w in ctx.lex.titleDomains if text.endswith(w)), "")
    if domain and not m.org_suffix(text):
        # 行政人事总监, 投资总监, 亚太区总监: a business area qualifies the first title; the
        # organization is the one before it (某公司人力资源总监) or the one carried along the chain
        (_, e), rest = titles[0], titles[1:]
        inner = max((i for i in range(2, len(text) - len(domain) + 1) if m.org_suffix(text[:i])), default=0)
        if inner:
            return Org(((base + a, base + a + inner),)), [(a + inner, e), *rest]
        head = text[:-len(domain)]
        for grade in ("高级", "资深", "首席"):   # 高级策划经理
            if head.endswith(grade):
                head, domain = head[:-len(grade)], grade + domain
        if chain.carry and (_segments(text, ctx.lex.titleDomains) or (len(head) <= 3 and chain.listed)):
            return chain.carry, [(a, e), *rest]
        if head and _looks_like_org(ctx, head):
            return Org(((base + a, base + b - len(domain)),)), [(b - len(domain), e), *rest]
    if text in declared_names(ctx):
        return Org(((base + a, base + b),)), titles   # 以下简称“研究院”: the article's name for one body
    if chain.carry and text in ctx.lex.set("institutionWords"):
        # 管委会主任 after 某高新区党工委副书记; 工会主席 after 某集团党委副书记
        spans = chain.carry.spans
        key = chain.carry.key(ctx)
        own = next((w for w in ctx.lex.institutionWords if key.endswith(w) and len(key) > len(w)), "")
        if own and len(spans) == 1:
            spans = ((spans[0][0], spans[0][1] - len(own)),)
            key = key[:-len(own)]
        overlap = next((k for k in range(min(len(key), len(text)) - 1, 1, -1) if key.endswith(text[:k])), 0)
        return Org((*spans, (base + a + overlap, base + b))), titles   # 青石街道 + (街道)办事处
    root = organization_part(ctx, root_of(ctx, chain.carry)) if chain.carry else None
    if root and (text in ctx.lex.set("unitSuffixes") or _bare_unit(m, text, root.key(ctx), chain.listed and bool(chain.pending))):
        # 集团财务部 after 某控股: the organization's own department, 某控股 + 财务部
        lead = next((g for g in _OWN_HEADS if text.startswith(g) and m.unit_suffix(text[len(g):])), "")
        return Org((*root.spans, (base + a + len(lead), base + b))), titles
    relative = _RELATIVE.match(text)
    if relative:
        place = ctx.place(relative.group(1))
        if place:
            return Org((place, (base + a + 1, base + b))), titles
    if text in ctx.lex.set("genericOrgs") and chain.carry is None:
        # 开幕式由学院院长某主持: the 学院 the article named in full, else nobody's
        return named_body(ctx, text, base + a) or Org(()), titles
    if not m.org_suffix(text) and not _looks_like_org(ctx, text):
        return chain.carry, titles
    return Org(((base + a, base + b),)), titles


_LEVEL_BODY = re.compile(r"[省市区县州][\u4e00-\u9fff]{1,8}?(?:局|委|厅|办)")
_INSTITUTES = ("研究院", "研究所", "研究中心")   # a company's own, when named without a place or name
_TEACHING_UNITS = ("教研室", "研究室", "实验室", "办公室")   # below the rank an academic title is held at
_LISTED_UNITS = ("中心", "实验室", "研究室")
_OWN_HEADS = ("集团", "总公司", "公司")   # 集团财务部: the group's (the one named before) department
_UNITS_OF = {"大学": ("学院", "研究生院", "研究院", "研究所", "系"), "银行": ("分行", "支行"), "公司": ("分公司",),
             "集团": ("分公司", "子公司")}


def _former(text: str) -> bool:
    """原某局 / 前某公司: a former post, not a current role."""
    return text[:1] in "原前" and len(text) > 2 and words(text)[0] in ("原", "前")


def _segments(text: str, parts) -> bool:
    return not text or any(text.startswith(w) and _segments(text[len(w):], parts) for w in parts)


def _bare_unit(m, text: str, parent: str, listed: bool = False) -> bool:
    """A unit named without its organization (芯片事业部; 计算机学院 after a 大学); in a list of
    one person's posts (``listed``: 某所副所长、技术转移中心主任某) a 中心 or 实验室 too."""
    suffix = m.unit_suffix(text)
    allowed = DEPARTMENTS + next((u for head, u in _UNITS_OF.items() if parent.endswith(head)), ()) \
        + (_LISTED_UNITS if listed else ())
    institute = next((x for x in _INSTITUTES if text.endswith(x)), "")
    if institute and (parent.endswith(("集团", "公司")) or not (m.org_suffix(parent) or m.name_at(parent, 0))) \
            and not m.places_in(parent) and len(text) - len(institute) <= 4:
        suffix, allowed = institute, allowed + (institute,)   # 某集团总裁A、数字科技研究院院长B
    if not suffix or suffix not in allowed or text.startswith(parent) or parent.endswith(DEPARTMENTS):
        return False
    inner = text[:-len(suffix)]
    if _LEVEL_BODY.match(text):
        return False   # 市科技局高新处: the city's bureau, not the carried organization's
    # 公司业务部 is a department; 星禾集团芯片事业部 names its own organization
    named = any(inner.find(s) >= 2 for s in m.org_suffixes if len(s) > 1)
    return len(inner) <= 6 and not named and not m.org_suffix(inner) and not m.places_in(text)


def _looks_like_org(ctx, text: str) -> bool:
    return ctx.matcher.looks_like_org(text)


def _government_org(ctx, title: str, org: Org | None) -> Org | None:
    """Where a government title is held: the place's government (青州市委 + 市长 → 青州市)."""
    m = ctx.matcher
    head = m.title_head(title)
    level = next((lv for h, lv in _GOVERNMENT_LEVEL.items() if head.endswith(h)), "")
    if org is not None:
        key = org.key(ctx)
        a, b = org.spans[-1] if len(org.spans) == 1 else (org.spans[0][0], org.spans[-1][1])
        offset = 2 if key.startswith("中共") else 0
        places = m.places_in(key)
        if places and level and places[-1][1] != level and ctx.place(level):
            places = []   # 某市委 carried to 副省长: the province's government, not the city's
        if places:
            place_end, _ = places[-1]
            rest = key[place_end:]
            if rest in ("", "委", "人民政府", "政府", "党委") and len(org.spans) == 1:
                if rest in ("人民政府", "政府"):
                    return org
                return Org(((a + offset, a + place_end),))
    place = ctx.place(level) if level else None
    return Org((place,)) if place else None


def _records(ctx, sentence: Sentence, person: tuple[int, int], items) -> Iterator[Relation]:
    m = ctx.matcher
    for org, (ta, tb) in items:
        title = ctx.text(ta, tb)
        if m.title_kind(m.title_head(ctx.article.analysis[ta:tb])) == "government" or \
                m.title_head(ctx.article.analysis[ta:tb]) in _GOVERNMENT_LEVEL:
            org = _government_org(ctx, ctx.article.analysis[ta:tb], org)
        if org is None or not org.spans:
            continue
        if m.title_kind(m.title_head(ctx.article.analysis[ta:tb])) == "academic" \
                and ctx.article.analysis[slice(*org.spans[-1])].endswith(_TEACHING_UNITS):
            # 某学院某教研室主任、教授: a professor of the 学院
            org = Org(org.spans[:-1]) if len(org.spans) > 1 else organization_part(ctx, org, _TEACHING_UNITS)
        yield Relation(NAME, {"person": ctx.text(*person), "title": title, "org": org.text(ctx),
                              "org_key": org.key(ctx), "org_spans": org.spans}, sentence)


def _remember(ctx, org: Org | None) -> None:
    if org is not None and len(org.spans) == 1:
        ctx.remember_places(*org.spans[0])


def extract(sentence: Sentence, ctx) -> Iterator[Relation]:
    """Yield role records for every person introduced with titles in this sentence.

    The sentence is read piece by piece (clauses between 、，；); a piece either introduces
    people after their titles (``_titled_people``), or it is one of the other shapes
    (``_other_piece``): an appointment, a person before the title, titles alone for the next
    piece's person, a name that shares the previous person's titles.
    """
    s = _mask_annotations(ctx, mask_declarations(sentence.analysis))
    base = sentence.start
    chain = _Chain()
    chain.sentence = sentence
    prev_end = 0
    yield from _bracketed(ctx, sentence, s, base)
    for piece in _PIECES.finditer(s):
        lo, hi = piece.span()
        sep_before = s[prev_end:lo].strip(" 　") or ("" if prev_end == 0 else s[prev_end:lo])
        prev_end = hi
        sep_after = s[hi:hi + 1]
        ctx.remember_places(base + lo, base + hi, strict=True)   # 某市召开… → a later 市长 is at 某市
        chain.listed = sep_before == "、"
        if not (yield from _titled_people(ctx, sentence, s, base, lo, hi, sep_after, chain)):
            yield from _other_piece(ctx, sentence, s, base, lo, hi, sep_before, sep_after, chain)


def _titled_people(ctx, sentence, s: str, base: int, lo: int, hi: int, sep_after: str,
                   chain: _Chain) -> Iterator[Relation]:
    """The people of piece s[lo:hi] each named after their titles (``集团总经理王刚``), with
    those listed before them, appointments and honours after them; returns whether any was."""
    m = ctx.matcher
    start, found_any = lo, False
    while start < hi:
        found = _person_after_title(m, s, start, hi)
        if not found:
            break
        j, n = found
        span, titles, split = _parse_left(ctx, s, start, j)
        before = [titles.pop(0)] if split != -1 else []
        named_before = None
        if split >= 0:   # an organization named before the first title (or a business area)
            named_before, before = _classify_org(ctx, s, base, (split, before[0][0]), before, chain)
            if chain.carry is None and named_before is not None and named_before.spans:
                chain.carry = named_before   # 某生物副总裁兼研究院院长: its 研究院
        org, titles = _classify_org(ctx, s, base, span, titles, chain)
        _remember(ctx, org)
        items = [(org if o is None else o, t) for o, t in chain.pending]
        items += [(named_before or chain.carry or org, (base + a, base + b)) for a, b in before]
        items += [(org, (base + a, base + b)) for a, b in titles]
        chain.pending = []
        if org is not None and (len(org.spans) == 1 or chain.carry is None):
            chain.carry = org
        person = (base + j, base + j + n)
        yield from _records(ctx, sentence, person, items)
        chain.last_items, chain.last_person, found_any = items, person, True
        if not (chain.listed and start == lo) and start == lo:
            chain.people = []
        honor = m.title_starting_at(s, j + n)          # 某某教授担任中心主任: after the honour
        appointed = list(_appointment(ctx, sentence, s, base, honor if honor > 0 else j + n, hi,
                                      person, bool(_APPOINTING.search(s, 0, j))))
        for earlier in chain.people:   # A、B当选为联盟副理事长: both of them
            for r in appointed:
                yield Relation(NAME, {**r.args, "person": ctx.text(*earlier)}, sentence)
        yield from appointed
        chain.people = [] if appointed else chain.people + [person]
        after = j + n
        honor = m.title_starting_at(s, after)
        if honor > 0 and m.title_kind(s[after:honor]) == "academic" and items:
            # 学院院长X教授: the honour is held at the same organization
            yield from _records(ctx, sentence, person, [(items[-1][0], (base + after, base + honor))])
            after = honor
        start = _after_conjunction(s, after, hi)   # 总经理A和副校长B: one more person
        tail = start if start < hi and not _person_after_title(m, s, start, hi) else after
        if m.title_ending_at(s, hi, tail) > tail and sep_after in ("、", "，", ",") \
                and (start == hi or tail == start) \
                and not _APPOINTED.match(s, after) and not s.startswith("为", after):
            after = tail
            # …会见了某公司党委书记、董事长某: the clause ends by introducing the next person
            span, titles, _ = _parse_left(ctx, s, after, hi)
            if span is not None:
                tail_org, titles = _classify_org(ctx, s, base, span, titles, _Chain())
                if tail_org is not None and tail_org.spans:
                    chain.carry = tail_org
                    chain.pending = [(tail_org, (base + a, base + b)) for a, b in titles]
                    chain.last_items = None
    return found_any


def _known_elsewhere(ctx, person: str, items) -> bool:
    """Whether earlier records give ``person`` a post at another organization than ``items``'
    (then 院长A、B lists B beside A, it does not make B a 院长 too)."""
    orgs = {org.key(ctx) for org, _ in items if org is not None}
    return any(r.name == "role" and r.args["person"] == person and r.args["org_key"] not in orgs
               for r in ctx.relations)


def _other_piece(ctx, sentence, s: str, base: int, lo: int, hi: int, sep_before: str,
                 sep_after: str, chain: _Chain) -> Iterator[Relation]:
    """A piece with no person after a title: an appointment (``任命X为…``), a person before the
    title (``X局长``), titles alone whose person comes in the next piece, or a name listed
    after a person that shares that person's titles (``…总经理A、B``)."""
    m = ctx.matcher
    appointed = _appointed_person(ctx, s, lo, hi)
    if appointed:
        j, n, weak = appointed
        person = (base + j, base + j + n)
        records = list(_appointment(ctx, sentence, s, base, j + n, hi, person, True, strict=weak))
        if records:
            for earlier in chain.people if sep_before == "、" else ():   # 其中A、B、C当选…: all
                for r in records:
                    yield Relation(NAME, {**r.args, "person": ctx.text(*earlier)}, sentence)
            yield from records
            chain.pending, chain.last_items, chain.last_person = [], None, person
            chain.appointed_end, chain.people = hi, []
            return
    if chain.last_person and _APPOINTED.match(s, lo):   # …，兼任财务总监: the person before
        records = list(_appointment(ctx, sentence, s, base, lo, hi, chain.last_person))
        if records:
            yield from records
            return
    found = _person_before_title(ctx, s, lo, hi)
    if found:
        a, j, n, t_end = found
        org = Org(((base + a, base + j),))
        _remember(ctx, org)
        person = (base + j, base + j + n)
        items = [(org, (base + j + n, base + t_end))]
        yield from _records(ctx, sentence, person, items)
        chain.carry, chain.last_items, chain.pending = org, items, []
        return
    k = m.title_ending_at(s, hi, lo)
    org, where = ctx.cache.get(_APPOINTED_TO, (None, -1))
    if k == lo and chain.last_person and s[chain.appointed_end:lo] == "、" and where == sentence.start:
        # X为某学院教授、博士生导师: one more title of the person just appointed
        yield from _records(ctx, sentence, chain.last_person, [(org, (base + lo, base + hi))])
        chain.appointed_end = hi
        return
    if k >= 0 and sep_after in ("、", "，", ","):
        span, titles, _ = _parse_left(ctx, s, lo, hi)
        org, titles = _classify_org(ctx, s, base, span, titles, chain)
        _remember(ctx, org)
        if org is not None:
            chain.carry = org
        chain.pending += [(org, (base + a, base + b)) for a, b in titles]
        return
    n = m.name_at(s, lo)
    if n and sep_before == "、" and chain.last_items and \
            (lo + n == hi or m._follow_score(s, lo + n) == 2):
        person = (base + lo, base + lo + n)
        if not _known_elsewhere(ctx, ctx.text(*person), chain.last_items):   # 院长A、B共同揭牌
            yield from _records(ctx, sentence, person, chain.last_items)
        return
    start = cut_lead(ctx, s, lo, hi) if sep_after == "、" else hi
    if start < hi and m.name_at(s, start) == hi - start:
        chain.people.append((base + start, base + hi))   # 其中A、B…当选: a name awaiting its role
        chain.pending, chain.last_items = [], None
        return
    chain.pending, chain.last_items = [], None
    if sep_before not in ("，", ","):
        chain.carry = None


_ANNOTATION = re.compile(r"[（(][\u4e00-\u9fff]{1,6}[）)]")
_BRACKETED_ROLE = re.compile(r"[（(]([^（）()]{2,30})[）)]")


def _mask_annotations(ctx, s: str) -> str:
    """``副院长（主持工作）X``: a note between a title and a name reads as part of the title;
    ``作题为《…》的报告``: a work's title is one word of its clause, so its spaces and brackets
    do not end the clause and the organization carried along it (not ``《人民日报》社长``)."""
    s = _WORK_TITLE.sub(lambda m: FILLER * len(m.group(0)), s)
    return _ANNOTATION.sub(lambda m: FILLER * len(m.group(0))
                           if ctx.matcher.title_ending_at(s, m.start()) >= 0 else m.group(0), s)


_WORK_TITLE = re.compile(r"《[^《》\n]{1,80}》(?=[的，,。；;、\s]|$)")


def _bracketed(ctx, sentence, s: str, base: int) -> Iterator[Relation]:
    """``邬某（某医疗总经理）介绍``: a name with its organization and title in brackets after it."""
    m = ctx.matcher
    for found in _BRACKETED_ROLE.finditer(s):
        a, b = found.span(1)
        k = m.title_ending_at(s, b, a)
        if k <= a:
            continue
        n = next((n for n in (2, 3, 4) if found.start() - n >= 0 and m.name_at(s, found.start() - n) == n), 0)
        if not n:
            continue
        person = (base + found.start() - n, base + found.start())
        span, titles, _ = _parse_left(ctx, s, a, b)
        if span is not None and titles:
            org = Org(((base + span[0], base + span[1]),))
            yield from _records(ctx, sentence, person, [(org, (base + x, base + y)) for x, y in titles])


def _after_conjunction(s: str, pos: int, hi: int) -> int:
    """Where the next person starts after ``和``/``与``/``及`` (hi when the name ends the clause)."""
    for word in ("分别与", "分别和", "以及", "和", "与", "及", "同"):
        if s.startswith(word, pos):
            return pos + len(word)
    return hi


def _person_after_title(m, s: str, lo: int, hi: int):
    """The first name in s[lo:hi] that directly follows a title: (start, length)."""
    for j in range(lo + 1, hi):
        if s[j] not in m.surnames and s[j:j + 2] not in m.compound_surnames and s[j] not in "·":
            if not ("\u4e00" <= s[j] <= "\u9fff"):
                continue
        t_end = j
        while t_end > lo and s[t_end - 1] == FILLER:
            t_end -= 1
        k = m.title_ending_at(s, t_end, lo)
        if k < 0 or (t_end == j and any(m.title_kind(s[k:e]) for e in range(j + 1, min(j + 4, hi + 1)))):
            continue   # no title before j, or the title goes on (董事|长, 总经理|助理)
        if len(m.org_suffix(s[k:j + 1])) == 1 and s[j] not in m.surnames and s[j:j + 2] not in m.compound_surnames:
            continue   # 总领事|馆: the title word is the start of an organization's name
        n = m.name_at(s, j, anchored=True)
        if n and j + n <= hi:
            return j, n
    return None


def _appointed_person(ctx, s: str, lo: int, hi: int):
    """``任命柯某为某公司总经理``: the name right after an appointing verb, followed by 为/担任;
    or a name opening the piece, followed by 任/担任/作为 (``柯某任某集团党委委员``), not by a
    past 担任过. Returns (name start, length, weak): weak for a bare 为/是, which says less than
    an appointment, so the organization must carry a head of its own."""
    for v in _APPOINTING.finditer(s, lo, hi):
        n = _name_before_verb(ctx, s, v.end())
        if n and s.startswith(("为", "担任"), v.end() + n):
            return v.end(), n, False
    n = _name_before_verb(ctx, s, lo)
    verb = next((w for w in _TAKES_UP if s.startswith(w, lo + n)), "") if n else ""
    if verb and not (verb == "任" and s[lo + n - 1] in _BEFORE_REN) and not s.startswith("过", lo + n + len(verb)):
        return lo, n, verb in ("为", "是")   # X作为某公司总经理…, X是某研究院院长, X任某集团党委委员
    return None


_BEFORE_REN = set("担出兼升就继曾现原调转改离卸连留")   # 担任, 升任 …: the 任 of a longer verb


def _name_before_verb(ctx, s: str, i: int) -> int:
    """A name's length at ``i`` when a verb follows it: 选举陶铭为… is 陶铭, not 陶铭为."""
    n = ctx.matcher.name_at(s, i)
    if n == 3 and s[i + 2] == "为":
        return 2
    return n


_TAKES_UP = ("作为", "是", "担任", "出任", "兼任", "升任", "当选", "任", "为")


def _person_before_title(ctx, s: str, lo: int, hi: int):
    """``滨江开发区投资促进局周立局长``: (org start, name start, name length, title end)."""
    m = ctx.matcher
    for j in range(lo + 2, hi):
        n = m.name_at(s, j)
        if not n:
            continue
        t_end = m.title_starting_at(s, j + n)
        if t_end < 0 or t_end > hi:
            continue
        if any(m.org_suffix(s[lo:j + k]) for k in (1, 2)) or m.title_kind(s[j + n:t_end]) in ("", None) \
                or s[j + n:t_end] in ("记者", "通讯员", "编辑"):
            continue
        if m._follow_score(s, t_end) < 1 or inside_declared(ctx, s, lo, j):
            continue   # 合肥科农行党委书记: 农行 is part of the article's name for the bank
        a = cut_lead(ctx, s, lo, j)
        inner = any(m.org_suffix(s[a:i]) for i in range(a + 2, j))   # 某医院心血|管内…: a word cut
        bare = a == lo and j - a >= 3 and _looks_like_org(ctx, s[a:j]) and m.title_ending_at(s, j, a) < 0 \
            and not any(s[a:j][i:i + 2] in m.follower_set for i in range(j - a - 1)) and not inner \
            and not s[a:j].endswith(("·", "•"))
        if a < j and (m.org_suffix(s[a:j]) or bare):   # 某重工张三董事长: a short name without 公司
            return a, j, n, t_end
    return None


def _appointment(ctx, sentence, s, base, after, hi, person, appointing=False,
                 strict=False) -> Iterator[Relation]:
    """``李明远当选为某省光电产业联盟理事长``, ``选举…X为联盟理事长``: a role after the name."""
    m = _APPOINTED.match(s, after)
    if not m and appointing and s.startswith("为", after):
        m = re.compile("为").match(s, after)
    if not m:
        return
    span, titles, split = _parse_left(ctx, s, m.end(), hi)
    if not titles:
        return
    lead = BOARD.match(s, titles[0][0])
    if lead and any(w in s[lead.end():titles[0][1]] for w in ("董事", "监事")):
        # 第五届董事会董事长: the board belongs with the organization, the title is 董事长
        span = (span[0] if span else lead.start(), lead.end())
        titles = [(lead.end(), titles[0][1]), *titles[1:]]
    board = BOARD.search(s, span[0], span[1]) if span else None
    if board and board.end() == span[1]:        # 某公司第五届董事会独立董事: the company's
        span = (span[0], board.start()) if board.start() > span[0] else None
        if span is None:
            owner = board_owner(ctx, base + board.start())
            if owner is not None:
                yield from _records(ctx, sentence, person, [(owner, (base + a, base + b)) for a, b in titles])
            return
    if span is None:
        # …当选为联盟理事长；A、B当选为副理事长 / A担任实验室主任，B担任常务副主任: the body
        # named by the appointment before (an election's in the article, others' in the sentence);
        # 董事会…聘任X为总经理: the company whose board appoints
        org, where = ctx.cache.get(_APPOINTED_TO, (None, -1))
        if not (org is not None and titles[0][0] == m.end()
                and (m.group().startswith("当选") or where == sentence.start)):
            org = board_owner(ctx, base + m.start()) if appointing and titles[0][0] == m.end() else None
        if org is not None:
            ctx.cache[_APPOINTED_TO] = (org, sentence.start)
            yield from _records(ctx, sentence, person, [(org, (base + a, base + b)) for a, b in titles])
        return
    text = s[span[0]:span[1]]
    if strict and not (len(text) - len(ctx.matcher.org_suffix(text) or text) >= 2 or text in declared_names(ctx)):
        return   # 某某为创会会长: 创会 is no organization
    org = named_body(ctx, text, base + span[0]) if text in ctx.matcher.org_suffixes else None
    if org is None:
        if not ctx.matcher.org_suffix(text) and (not _looks_like_org(ctx, text) or _segments(text, ctx.lex.titleDomains)):
            return   # 任项目负责人: not an organization
        org = Org(((base + span[0], base + span[1]),))
    ctx.cache[_APPOINTED_TO] = (org, sentence.start)
    yield from _records(ctx, sentence, person, [(org, (base + a, base + b)) for a, b in titles])


_APPOINTED_TO = "role: the body of the last appointment, and its sentence"



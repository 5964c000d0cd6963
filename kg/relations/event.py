"""Event: a forum, meeting or ceremony with its date, place and organizers.

``3月5日，由东海电信主办的“…论坛”在滨江国际会议中心举行`` → name, 2026-01-27 (the year
from the publication date), location, organizer. Also ``X在Y举行Z仪式`` (X organizes),
``A与B举行…签约仪式`` (both organize) and a later ``本次峰会由X主办`` (organizers added to the
article's latest event).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.mentions import FILLER, clause_start, mask_declarations, unmasked, words
from kg.model import Relation, Sentence

NAME = "event"
REQUIRES = ("org", "place")

_DATE = re.compile(r"(?:((?:19|20)\d{2})\s*年)?\s*(?:(\d{1,2})\s*月)?\s*(\d{1,2})\s*[日号]")
_RELATIVE = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2}
_ORGANIZED = re.compile(r"由(.{2,120}?)(?:联合|共同)?(?:主办|承办|举办|发起)")
_QUOTES = "“”\"「」『』《》"


def _iso_date(ctx, s: str) -> str:
    """The sentence's first date as ISO 8601, completed from the article's reference date."""
    import datetime

    for word, delta in _RELATIVE.items():
        if word in s and ctx.article.date_published:
            day = datetime.date.fromisoformat(ctx.article.date_published[:10])
            return (day + datetime.timedelta(days=delta)).isoformat()
    for m in _DATE.finditer(s):
        year, month, day = m.groups()
        if month is None and not ctx.last_month:
            continue
        year = year or (ctx.last_year if month is None else "") or ctx.article.reference_year
        month = month or ctx.last_month
        if not year or not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            continue
        ctx.last_month, ctx.last_year = month, year
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return ""


def _split_orgs(ctx, s: str, a: int, b: int) -> list[tuple[int, int]]:
    out, start, pos = [], a, a
    for token in words(s[a:b]):
        if token in ("、", "，", ",", "与", "和", "以及", "及"):
            out.append((start, pos))
            start = pos + len(token)
        pos += len(token)
    out.append((start, b))
    out = [(x, s.find("（", x, y) if "（" in s[x:y] else y) for x, y in out]
    return [(x, y) for x, y in out if y - x >= 2 and "的" not in s[x:y]]


def _strip_quotes(s: str, a: int, b: int) -> tuple[int, int]:
    """Drop quotes around a name, not the ones inside it (“走进安徽”活动)."""
    while b - a > 2 and s[a] in _QUOTES and s[b - 1] in _QUOTES:
        a, b = a + 1, b - 1
    return a, b


def _ends_with_event(ctx, text: str) -> bool:
    return text.rstrip(_QUOTES).endswith(ctx.lex.eventHeads)


def _written(ctx, s: str, base: int, a: int, b: int) -> str:
    """The article's text of s[a:b] without short-name declarations (某联盟（简称“X”）年会)."""
    return unmasked(ctx.text(base + a, base + b), s[a:b])


def extract(sentence: Sentence, ctx) -> Iterator[Relation]:
    s = mask_declarations(sentence.analysis)
    base = sentence.start
    date = _iso_date(ctx, s)
    organized = _ORGANIZED.search(s)
    verbs = "|".join(map(re.escape, ctx.lex.eventVerbs))
    for v in re.finditer(verbs, s):
        start = clause_start(s, v.start())
        end = min([k for k in (s.find(c, v.end()) for c in "，,。；;：:并") if k >= 0] or [len(s)])
        name = location = None
        organizers: list[tuple[int, int]] = []
        after = s[v.end():end].lstrip("了")
        a = end - len(after)
        if after and _ends_with_event(ctx, after):
            name = _strip_quotes(s, a, end)
            at = s.rfind("在", start, v.start())
            subject_end = at if at >= 0 else v.start()
            if at >= 0:
                location = (at + 1, v.start())
            organizers = _split_orgs(ctx, s, start, subject_end)
            if at < 0 and len(organizers) == 1 and ctx.matcher.places_in(s[start:subject_end]):
                location = organizers[0]
        else:
            at = s.rfind("在", start, v.start())
            head_end = at if at >= 0 else v.start()
            a = start
            by = _ORGANIZED.match(s, a)
            if by and s.startswith("的", by.end()):
                organizers = _split_orgs(ctx, s, by.start(1), by.end(1))
                a = by.end() + 1
            if not _ends_with_event(ctx, s[a:head_end]):
                continue
            name = _strip_quotes(s, a, head_end)
            if at >= 0:
                location = (at + 1, v.start())
        if organized and not organizers:
            organizers = _split_orgs(ctx, s, *organized.span(1))
        undated = any(w in s for w in ("日前", "近日", "近期"))   # it happened, the day is not given
        if not (date or undated) or not name or name[1] - name[0] < 4:
            continue
        args = {"name": _written(ctx, s, base, *name), "date": date,
                "location": _written(ctx, s, base, *location) if location else "",
                "organizer": [_written(ctx, s, base, x, y) for x, y in organizers],
                "organizer_keys": [s[x:y].replace(FILLER, "") for x, y in organizers]}
        yield Relation(NAME, args, sentence)
        return
    if organized:
        _add_organizers(ctx, s, base, organized)
    yield from _signing_event(ctx, sentence, s, date)


def _signing_event(ctx, sentence: Sentence, s: str, date: str) -> Iterator[Relation]:
    """``3月5日，A与B在成都签署《X》``: the signing is itself an event, the X签约仪式 of A and B."""
    signed = [r for r in ctx.relations if r.name == "agreement" and r.sentence is sentence]
    if not date or not signed:
        return
    a = signed[0].args
    at = re.search(r"在([^，,。；在]{2,20}?)(?:正式|共同|隆重)?(?:签署|签订|签约|举行)", s)
    yield Relation(NAME, {"name": f"{a['title']}签约仪式", "date": date,
                          "location": ctx.text(sentence.start + at.start(1), sentence.start + at.end(1)) if at else "",
                          "organizer": list(a["parties"]), "organizer_keys": list(a["party_keys"])}, sentence)


def _add_organizers(ctx, s: str, base: int, organized) -> None:
    """``本次峰会由X主办``: give the article's latest event its organizers."""
    for r in reversed(ctx.relations):
        if r.name == NAME:
            if not r.args["organizer"]:
                spans = _split_orgs(ctx, s, *organized.span(1))
                r.args["organizer_keys"] = [s[x:y] for x, y in spans]
                r.args["organizer"] = [ctx.text(base + x, base + y) for x, y in spans]
            return

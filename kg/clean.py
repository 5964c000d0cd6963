"""Clean an article: find the body, read the metadata lines, blank out page furniture.

Nothing is deleted: furniture is replaced by spaces in ``Article.analysis`` so every offset
still points into the article's own text. ``analysis`` is also converted to simplified
characters (OpenCC), character for character, so traditional articles match the lexicons.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.lexicon import Lexicon
from kg.model import Article

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?"
                   r"(?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# （记者 王小明 通讯员 李华）, （作者：某某集团 赵文）, 某报讯 记者孙悦, 导报讯（…）
_BYLINE_PAREN = re.compile(r"[（(]\s*(?:本报|本台|特约)?(?:记者|通讯员|作者|文|图|摄影?|编辑|撰稿)[^（）()\n]{0,60}[）)]")
_WIRE = re.compile(r"^[\s　]*[\u4e00-\u9fffA-Za-z]{1,8}[讯訊]\s*(?:[（(][^）)\n]{0,60}[）)])?"
                   r"(?:[\s　]*(?:记者|記者|通讯员|通訊員)[\s　]*[\u4e00-\u9fff]{2,4}(?:[\s　]+[\u4e00-\u9fff]{2,4}(?=[\s　]))*)?[\s　]*")
_BODY_MIN = 25


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("tw2sp")


def simplify(text: str) -> str:
    """A same-length simplified-character copy of ``text``.

    >>> simplify("長三角聯盟")
    '长三角联盟'
    """
    if text.isascii():
        return text
    conv = _converter().convert
    out = conv(text)
    if len(out) == len(text):
        return out
    lines = text.split("\n")
    fixed = []
    for line in lines:
        c = conv(line)
        fixed.append(c if len(c) == len(line) else "".join(
            (x if len(x := conv(ch)) == 1 else ch) for ch in line))
    return "\n".join(fixed)


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _is_body_line(line: str) -> bool:
    s = line.strip()
    return len(s) >= _BODY_MIN and any(p in s for p in "，。,；")


def _starts_with_key(s: str, keys) -> bool:
    for k in keys:
        if s.startswith(k):
            rest = s[len(k):].lstrip(" 　")
            if not rest or rest[0] in "：:/｜|" or k in ("相关内容", "热门资讯"):
                return True
    return False


def _is_tail_line(s: str, lex: Lexicon) -> bool:
    s = s.strip(" 　·•-—【[")
    if not s:
        return False
    if any(s.startswith(b) for b in lex.boilerplateStarts):
        return True
    if _starts_with_key(s, lex.metadataKeys) and len(s) <= 60:
        return True
    words = re.split(r"[\s　：:|｜/]+", s)
    return len(s) <= 40 and sum(w in lex.set("shareWords") for w in words) >= 2


def parse_date(text: str) -> str:
    """The first full date in ``text`` as ISO 8601 ('' if none).

    >>> parse_date("时间：2024-05-21 08:37")
    '2024-05-21T08:37:00'
    >>> parse_date("2026年3月2日")
    '2026-03-02'
    """
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d, hh, mm, ss = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return ""
    date = f"{y}-{int(mo):02d}-{int(d):02d}"
    if hh is not None:
        date += f"T{int(hh):02d}:{mm}:{ss or '00'}"
    return date


_META_KEY = re.compile(r"(发布时间|发布日期|更新时间|时间|日期|来源|稿源|作者|记者|通讯员|编辑|责编|审核)\s*[：:/]\s*")
_BYLINE_WORDS = {"作者", "记者", "通讯员", "编辑", "文", "图", "摄", "摄影", "本报", "本报记者", "特约记者"}


def _byline_names(text: str, simple: str, surnames: frozenset) -> list[str]:
    """Person names in a byline value (``邵文清 柏松``, ``记者张三``), as written in ``text``."""
    names, start = [], 0
    for token in re.split(r"([\s　（）()：:/,，、]+)", simple):
        end = start + len(token)
        lead = next((w for w in sorted(_BYLINE_WORDS, key=len, reverse=True) if token.startswith(w)), "")
        name = token[len(lead):]
        if 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name) and \
                (name[0] in surnames or name[:2] in surnames):
            names.append(text[start + len(lead):end])
        start = end
    return names


def _header_fields(text: str, simple: str) -> dict[str, list[str]]:
    """``key：value`` pairs of one metadata line; values run to the next key or a wide gap."""
    fields: dict[str, list[str]] = {}
    keys = list(_META_KEY.finditer(simple))
    for i, m in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(simple)
        gap = re.search(r"\s{2,}|　", simple[m.end():end])
        if gap and simple[m.end():m.end() + gap.start()].strip():
            end = m.end() + gap.start()
        fields.setdefault(m.group(1), []).append((text[m.end():end].strip(), simple[m.end():end].strip()))
    return fields


def clean_article(article_id: str, text: str, lex: Lexicon, *, url: str = "",
                  date: str = "", headline: str = "") -> Article:
    """Build the Article: headline, metadata and a blanked, simplified analysis copy."""
    simple = simplify(text)
    chars = list(simple)
    surnames = lex.set("surnames")

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    lines = list(_lines(simple))
    first = next((i for i, (_, l) in enumerate(lines) if l.strip()), None)
    body = next((i for i, (_, l) in enumerate(lines) if i != first and _is_body_line(l)), None)
    if first is None:
        return Article(article_id, text, simple)
    head_start, head_line = lines[first]
    if not headline:
        headline = text[head_start:head_start + len(head_line)].strip()
    authors: list[str] = []
    source = ""
    header_text = ""
    body_start = lines[body][0] if body is not None else head_start
    # header: everything between the headline and the body is metadata or a subtitle
    for i in range(first + 1, body if body is not None else first + 1):
        start, line = lines[i]
        header_text += line + "\n"
        original = text[start:start + len(line)]
        fields = _header_fields(original, line)
        for value, simple_value in fields.get("来源", []) + fields.get("稿源", []):
            source = source or value
        for value, simple_value in fields.get("作者", []) + fields.get("记者", []):
            authors += _byline_names(value, simple_value, surnames)
        for key in ("发布时间", "发布日期", "时间", "日期", "更新时间"):
            for value, simple_value in fields.get(key, []):
                date = date or parse_date(simple_value)
        blank(start, start + len(line))
    # the tail: from the first furniture line after the body starts, nothing is an article
    tail_from = len(simple)
    if body is not None:
        for start, line in lines[body + 1:]:
            if _is_tail_line(line, lex):
                tail_from = start
                break
        for m in _BYLINE_PAREN.finditer(simple, body_start, tail_from):
            authors += _byline_names(text[m.start() + 1:m.end() - 1], m.group(0)[1:-1], surnames)
            blank(m.start(), m.end())
        start, line = lines[body]
        m = _WIRE.match(line)
        if m and m.end() > 0 and m.group(0).strip():
            cut = max(m.group(0).find("讯"), m.group(0).find("訊")) + 1
            authors += _byline_names(text[start + cut:start + m.end()], m.group(0)[cut:], surnames)
            blank(start, start + m.end())
    blank(tail_from, len(simple))
    published = date or parse_date(header_text)
    analysis = "".join(chars)
    year = published[:4] if published else ""
    if not year:
        m = _YEAR.search(analysis)
        year = m.group(1) if m else ""
    return Article(article_id, text, analysis, headline=headline, date_published=published,
                   authors=tuple(dict.fromkeys(authors)), url=url, source=source,
                   body=(body_start, tail_from), reference_year=year)

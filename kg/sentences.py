"""Split an article's analysis text into sentences (。！？!?；, line ends), as offsets."""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Article, Sentence

_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”」』’\"]?|\n|$)")


def split_sentences(article: Article) -> Iterator[Sentence]:
    """Yield the non-blank sentences of the article, trimmed of spaces.

    >>> a = Article("x", "甲说。乙说！\\n丙", "甲说。乙说！\\n丙")
    >>> [s.text for s in split_sentences(a)]
    ['甲说。', '乙说！', '丙']
    """
    text = article.analysis
    for m in _END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield Sentence(article, start, end)

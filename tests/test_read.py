"""Reading inputs: encodings, HTML pages, JSONL corpora, folders, globs and stdin."""
from __future__ import annotations

import io
import json
import sys

import pytest

from kg.errors import InputError
from kg.read import Source, decode, html_article, iter_sources, read_articles, read_text

ARTICLE = ("星海科技集团召开年度大会\n\n"
           "星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。\n")
RARE = "云帆物流公司总经理刘䶮介绍，公司全年营业收入同比增长百分之十二。"   # 䶮: GB18030 only
BIG5 = "星海科技集團召開年度大會，集團董事長李明遠表示，公司將加大研發投入。"

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>星海科技集团召开年度大会 - 星海日报</title>
<link rel="canonical" href="https://news.example.com/2026/03/02/xinghai.html">
<meta property="og:site_name" content="星海日报">
<meta name="author" content="王小明">
<meta property="article:published_time" content="2026-03-02T09:00:00+08:00">
</head><body>
<header><nav><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/about">关于我们</a></nav></header>
<article><h1>星海科技集团召开年度大会</h1>
<p>星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。</p>
<p>集团副总经理陈思远介绍，今年公司与江南大学签署了战略合作协议，双方将共建联合实验室。</p>
</article>
<footer>版权所有 星海日报</footer></body></html>
"""


def _ids(paths, **kw) -> list[str]:
    return [s.article_id for s in iter_sources(paths, **kw)]


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", ARTICLE),
    ("utf-8-sig", ARTICLE),
    ("gbk", ARTICLE),
    ("gb18030", RARE),
    ("big5", BIG5),
])
def test_read_decodes_each_encoding(tmp_path, encoding, text):
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    assert read_text(path) == text


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_read_truncated_file_loses_only_the_cut_character(encoding):
    data = ARTICLE.strip().encode(encoding)
    assert decode(data[:-1]) == ARTICLE.strip()[:-1]


@pytest.mark.parametrize("data, problem", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (bytes(range(1, 32)) * 40, "binary"),
    (b"  \n\r\n ", "empty"),
])
def test_read_unusable_file_is_one_line_error_naming_it(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text(path)
    message = str(info.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_read_crlf_becomes_newline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("gbk"))
    assert read_text(path) == ARTICLE


@pytest.mark.parametrize("charset", ["utf-8", "gbk", "gb2312"])
def test_read_html_page_gives_text_and_metadata(charset):
    page = PAGE.format(charset=charset).encode("gb18030" if charset != "utf-8" else "utf-8")
    text, meta = html_article(page, "page.html")
    assert text.startswith("星海科技集团召开年度大会\n\n")
    assert "董事长李明远表示" in text and "首页" not in text and "版权所有" not in text
    assert text.count("星海科技集团召开年度大会") == 1
    assert meta["url"] == "https://news.example.com/2026/03/02/xinghai.html"
    assert meta["date"] == "2026-03-02"
    assert meta["headline"] == "星海科技集团召开年度大会"
    assert meta["source"] == "星海日报"
    assert meta["authors"] == ["王小明"]


def test_read_html_file_through_source(tmp_path):
    path = tmp_path / "xinghai.htm"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (source,) = iter_sources([path])
    article_id, text, meta = source.read()
    assert article_id == "xinghai" and "李明远" in text and meta["url"].startswith("https://")


@pytest.mark.parametrize("page", [
    "<html><head><title>首页</title></head><body><nav>首页 | 新闻</nav></body></html>",
    "",
])
def test_read_html_without_article_is_input_error(tmp_path, page):
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    (source,) = iter_sources([path])
    with pytest.raises(InputError, match="empty.html"):
        source.read()


def test_read_jsonl_one_article_per_line_and_bad_line_error(tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": ARTICLE, "title": "年度大会", "url": "https://news.example.com/n1",
                    "date": "2026年3月2日", "source": "星海日报"}, ensure_ascii=False),
        '{"id": "n2", "text": "oops',
        "",
        json.dumps({"text": ARTICLE}, ensure_ascii=False),
        json.dumps({"id": "n4"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources = list(iter_sources([path]))
    assert [s.name for s in sources] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6)]
    first = sources[0].read()
    assert first[0] == "n1" and first[1] == ARTICLE
    assert first[2] == {"url": "https://news.example.com/n1", "date": "2026-03-02",
                        "headline": "年度大会", "source": "星海日报"}
    assert sources[2].read()[0] == "corpus-4"
    for bad in (sources[1], sources[3], sources[4]):
        with pytest.raises(InputError, match=f"{path}:"):
            bad.read()
    assert "not a JSON line" in sources[1].error


def test_read_folder_takes_txt_html_htm_and_skips_gold_jsonl_and_hidden(tmp_path):
    for name in ("b.txt", "a.html", "c.htm", "d.jsonl", "b.gold.jsonl", "notes.md", ".hidden.txt",
                 "sub/e.txt", ".cache/f.txt"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")
    assert _ids([tmp_path]) == ["a", "b", "c", "e"]


def test_read_jsonl_named_explicitly_gold_never(tmp_path):
    (tmp_path / "d.jsonl").write_text(json.dumps({"id": "x1", "text": ARTICLE}) + "\n", encoding="utf-8")
    (tmp_path / "d.gold.jsonl").write_text('{"type": "role"}\n', encoding="utf-8")
    assert _ids([tmp_path / "d.jsonl", tmp_path / "d.gold.jsonl"]) == ["x1"]


def test_read_glob_expanded_and_unmatched_glob_is_error(tmp_path):
    for name in ("a1.txt", "a2.txt", "b.txt", "a3.gold.jsonl"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    assert _ids([str(tmp_path / "a*")]) == ["a1", "a2"]
    assert _ids([str(tmp_path / "**" / "*.txt")]) == ["a1", "a2", "b"]
    (missing,) = iter_sources([str(tmp_path / "z*.txt")])
    assert "no file matches" in missing.error


def test_read_missing_file_is_error(tmp_path):
    (source,) = iter_sources([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="nope.txt"):
        source.read()


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_read_stdin_is_one_article_with_id_stdin(monkeypatch, encoding):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode(encoding))))
    assert list(read_articles(["-"])) == [("stdin", ARTICLE, {"url": "", "date": "", "headline": ""})]


def test_read_duplicate_article_id_is_error(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(ARTICLE, encoding="utf-8")
    first, second = iter_sources([tmp_path / "x", tmp_path / "y"])
    assert not first.error
    assert "same" in second.error and str(tmp_path / "y" / "same.txt") in second.error


def test_read_source_is_small_until_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (source,) = iter_sources([path])
    assert isinstance(source, Source) and source.text is None and source.path == path

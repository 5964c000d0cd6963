"""Cleaning: metadata lines feed the article's metadata, page furniture yields nothing, offsets hold.

Articles are invented: a headline, optional metadata lines, one body paragraph, optional furniture.
"""
from __future__ import annotations

import pytest

from kg.clean import simplify
from kg.pipeline import extract, read_article

HEADLINE = "星禾集团召开年度工作会议"
BODY = "星禾集团总经理窦思远表示，今年将加大研发投入，推动产业升级。会议还就下一步工作进行了深入交流和讨论。"
BODY_ROLE = ("窦思远", "总经理", "星禾集团")


def _article(header: str = "", tail: str = ""):
    top = f"{HEADLINE}\n{header}\n" if header else f"{HEADLINE}\n"
    return read_article("test", f"{top}\n{BODY}\n{tail}\n")


def _roles(article) -> set[tuple[str, str, str]]:
    relations, _ = extract(article)
    return {(r.args["person"], r.args["title"], r.args["org"]) for r in relations if r.name == "role"}


# metadata at the top: (date_published, authors, source) ------------------------------------

@pytest.mark.parametrize("header, expected", [
    ("时间：2025-03-18 09:30\n来源：滨江日报\n作者：邵明清 柏松", ("2025-03-18T09:30:00", ("邵明清", "柏松"), "滨江日报")),
    ("发布日期：2025年3月18日\n来源：青川县人民政府网", ("2025-03-18", (), "青川县人民政府网")),
    ("发布时间：2025/03/18 09:30:05", ("2025-03-18T09:30:05", (), "")),
    pytest.param("作者：邵文清 柏松", ("", ("邵文清", "柏松"), "")),
    pytest.param("发布时间：2025-03-18 09:30  来源：青川县人民政府网", ("2025-03-18T09:30:00", (), "青川县人民政府网")),
    pytest.param("来源：滨江日报  作者：柏松  发布日期：2025-03-18", ("2025-03-18", ("柏松",), "滨江日报")),
])
def test_clean_reads_metadata_lines(header, expected):
    article = _article(header=header)
    assert (article.date_published, article.authors, article.source) == expected


@pytest.mark.parametrize("header, expected", [
    ("时间：2025-03-18 09:30\n来源：滨江日报\n作者：邵明清 柏松", {BODY_ROLE}),
    ("来源：星禾集团董事长办公室\n编辑：青川县副县长柏文昊", {BODY_ROLE}),
])
def test_clean_extracts_nothing_from_metadata(header, expected):
    article = _article(header=header)
    start = len(HEADLINE) + 1
    assert article.analysis[start:start + len(header)].replace("\n", "").strip() == ""
    assert _roles(article) == expected


# furniture after the body --------------------------------------------------------------------

@pytest.mark.parametrize("tail, expected", [
    ("责任编辑：邵文清", {BODY_ROLE}),
    ("【责任编辑：邵文清】", {BODY_ROLE}),
    ("编辑：邵文清 审核：柏松", {BODY_ROLE}),
    ("分享到：微信 微博 QQ空间", {BODY_ROLE}),
    ("微信 微博 打印 关闭", {BODY_ROLE}),
    ("相关新闻\n青川县县长葛天佑调研星禾集团\n滨江大学校长裴一鸣会见来宾", {BODY_ROLE}),
    ("相关阅读：滨江大学校长裴一鸣会见星禾集团董事长柏松一行", {BODY_ROLE}),
    ("推荐阅读\n滨江大学校长裴一鸣会见来宾", {BODY_ROLE}),
    ("热门资讯\n星禾集团与滨江大学签署战略合作协议，双方将共建联合实验室", {BODY_ROLE}),
    ("上一篇：滨江大学校长裴一鸣会见来宾", {BODY_ROLE}),
    ("版权所有 © 2025 滨江日报社 未经授权禁止转载", {BODY_ROLE}),
    ("Copyright © 2025 滨江日报社 All Rights Reserved", {BODY_ROLE}),
    ("分享到：\n相关新闻\n滨江大学校长裴一鸣会见来宾", {BODY_ROLE}),
])
def test_clean_extracts_nothing_from_furniture(tail, expected):
    article = _article(tail=tail)
    relations, _ = extract(article)
    assert _roles(article) == expected
    assert {r.name for r in relations} == {"role"}
    assert article.analysis[-len(tail) - 1:].strip() == ""


@pytest.mark.parametrize("header, tail", [
    ("时间：2025-03-18 09:30\n来源：滨江日报", "责任编辑：邵文清\n相关新闻\n滨江大学校长裴一鸣会见来宾"),
    ("發佈日期：2025年3月18日\n來源：濱江日報", "責任編輯：邵文清\n版權所有 © 2025 濱江日報社"),
])
def test_clean_blanks_with_spaces_and_keeps_offsets(header, tail):
    article = _article(header=header, tail=tail)
    simple = simplify(article.text)
    assert len(article.analysis) == len(article.text) == len(simple)
    changed = [i for i, (a, b) in enumerate(zip(article.analysis, simple)) if a != b]
    assert changed and all(article.analysis[i] == " " for i in changed)
    assert all(article.text[i] != "\n" for i in changed)
    assert BODY in article.analysis


@pytest.mark.parametrize("header, expected", [
    pytest.param("來源：濱江日報\n作者：鄧國樑", (("鄧國樑",), "濱江日報")),
])
def test_clean_keeps_traditional_metadata(header, expected):
    article = _article(header=header)
    assert (article.authors, article.source) == expected

"""kg.referents: which organization a pointing word, a board or a bare type word means.

Each case builds a tiny invented article and asks the module directly; the role rule's tests
(tests/relations/test_role.py) cover the same constructions end to end.
"""
from __future__ import annotations

from kg.lexicon import load_lexicon
from kg.pipeline import read_article
from kg.referents import Org, board_owner, cut_lead, declared_names, named_body, refer
from kg.relations import Context


def _context(body: str) -> Context:
    return Context.for_article(read_article("test", f"测试标题\n\n{body}"), load_lexicon())


def _text(ctx, org: Org | None) -> str | None:
    return None if org is None else org.text(ctx)


def test_referents_declared_short_names_with_quotes_or_colon():
    ctx = _context("星禾精密机械股份有限公司（证券简称：星禾精机，证券代码：600001）与星州大学（以下简称“星大”）签约。")
    assert declared_names(ctx) >= {"星禾精机", "星大"}


def test_referents_board_belongs_to_the_company_that_names_it():
    body = "星禾精机（证券简称：星禾精机）召开股东大会。当日下午，星禾精机第五届董事会第一次会议召开。会议选举韦立群为董事长。"
    ctx = _context(body)
    assert _text(ctx, board_owner(ctx, ctx.article.analysis.find("会议选举"))) == "星禾精机"


def test_referents_bare_type_word_is_the_body_named_in_full():
    body = "星州材料研究所与星禾化学有限公司共建新型电池材料联合实验室。由韦立群担任实验室主任。"
    ctx = _context(body)
    found = named_body(ctx, "实验室", ctx.article.analysis.find("担任实验室") + 2)
    assert _text(ctx, found) == "新型电池材料联合实验室"


def test_referents_this_institute_is_the_nearest_named():
    body = "调研组来到星州轨道交通牵引技术研究所参观。该所副所长邵文清作了介绍。"
    ctx = _context(body)
    s, a = ctx.article.analysis, ctx.article.analysis.find("该所")
    found = refer(ctx, s, 0, a, a + 2, None, None)
    assert _text(ctx, found) == "星州轨道交通牵引技术研究所"


def test_referents_cut_lead_stops_at_verbs_before_a_name():
    ctx = _context("调研组走进星州澜川新材料股份有限公司。")
    s = ctx.article.analysis
    lo, hi = s.find("调研组"), s.find("公司") + 2
    assert s[cut_lead(ctx, s, lo, hi):hi] == "星州澜川新材料股份有限公司"

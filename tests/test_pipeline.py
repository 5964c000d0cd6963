"""End to end on the seed article: the facts of its gold file, and nothing from its noise."""
from __future__ import annotations

import pytest
from rdflib.namespace import RDFS

from kg.evaluate import read_gold, records_from_graph, score_article
from tests.conftest import SEED

GOLD = read_gold(SEED.with_name(SEED.stem + ".gold.jsonl"))


def test_pipeline_seed_scores_at_least_the_issue_floor(seed_graph):
    scores = score_article("seed", GOLD, records_from_graph(seed_graph), {})
    assert scores["role"].f1 >= 0.95
    assert scores["agreement"].f1 == 1.0


@pytest.mark.parametrize("person, role, org", [
    ("朱羡", "副区长", "上海市静安区"),
    ("黄捷", "处长", "上海市经信委技术进步处"),
    ("张杰俊", "主任", "上海电信量子能力中心"),
    ("张杰俊", "主任", "量子科技专业委员会"),
    ("查子龙", "总经理", "中电信量子集团量子计算事业部"),
])
def test_pipeline_seed_has_role(seed_graph, person, role, org):
    records = [r for r in records_from_graph(seed_graph) if r["type"] == "role"]
    assert any(r["person"] == person and r["role"] == role and org in r["org"] for r in records)


def test_pipeline_seed_agreement_has_all_three_parties(seed_graph):
    (agreement,) = [r for r in records_from_graph(seed_graph) if r["type"] == "agreement"]
    names = sorted(n for party in agreement["parties"] for n in party)
    assert "上海电信" in names and "静安区科经委" in names and "北京玻色量子科技有限公司" in names
    assert len(agreement["parties"]) == 3


def test_pipeline_seed_event_date_place_organizer(seed_graph):
    (event,) = [r for r in records_from_graph(seed_graph) if r["type"] == "event"]
    assert event["date"] == "2026-01-27"
    assert event["location"] == "上海静安大宁国际会议中心"
    assert event["organizer"] == [["上海电信"]]


def test_pipeline_seed_aliases_short_and_full_name(seed_graph):
    records = records_from_graph(seed_graph)
    (boson,) = [r["org"] for r in records if r["type"] == "role" and r["person"] == "刘若辰"]
    assert boson[0] == "北京玻色量子科技有限公司" and "玻色量子" in boson


def test_pipeline_seed_department_is_unit_of_parent(seed_graph):
    from rdflib.namespace import ORG

    pairs = {(str(seed_graph.value(c, RDFS.label)), str(seed_graph.value(p, RDFS.label)))
             for c, p in seed_graph.subject_objects(ORG.subOrganizationOf)}
    assert ("中电信量子集团量子计算事业部", "中电信量子集团") in pairs
    assert ("上海市经信委技术进步处", "上海市经信委") in pairs


def test_pipeline_seed_nothing_from_the_noise_block(seed_graph):
    from kg.graph import KG

    text = SEED.read_text(encoding="utf-8")
    noise_start = text.index("相关内容")
    for _, end in seed_graph.subject_objects(KG.endOffset):
        assert int(end) <= noise_start
    labels = " ".join(str(o) for o in seed_graph.objects(None, RDFS.label))
    for word in ("心悦", "红黑大战", "扬州", "元宵"):
        assert word not in labels


def test_pipeline_seed_article_metadata(seed_graph):
    from rdflib.namespace import SDO

    (published,) = list(seed_graph.objects(None, SDO.datePublished))
    assert str(published) == "2026-02-03T20:20:35"
    assert "贾天荣" in {str(a) for a in seed_graph.objects(None, SDO.author)}


def test_pipeline_seed_evidence_offsets_point_into_the_article(seed_graph):
    from kg.graph import KG

    text = SEED.read_text(encoding="utf-8")
    facts = set(seed_graph.subjects(KG.evidence, None))
    assert facts
    for node in facts:
        start = int(seed_graph.value(node, KG.startOffset))
        end = int(seed_graph.value(node, KG.endOffset))
        assert text[start:end] == str(seed_graph.value(node, KG.evidence))


def test_pipeline_same_article_gives_byte_identical_turtle():
    import kg
    from kg.export.turtle import turtle_text

    text = SEED.read_text(encoding="utf-8")
    assert turtle_text(kg.build_graph(text, "a")) == turtle_text(kg.build_graph(text, "a"))

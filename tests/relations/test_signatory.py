"""Signatory: a person signs for an organization (``X和Y代表双方签署``, ``分别代表A、B``).

A case is (text, expected (person, org) records); names and organizations are invented.
"""
from __future__ import annotations

import pytest

from kg.pipeline import extract, read_article

FILLER = "会议还就下一步工作进行了深入交流和讨论。"


def _signatories(body: str, filler: str = FILLER) -> set[tuple[str, str]]:
    """The (person, org) signatory records of a one-paragraph article."""
    relations, _ = extract(read_article("test", f"测试标题\n\n{body}{filler}"))
    return {(r.args["person"], r.args["org"]) for r in relations if r.name == "signatory"}


@pytest.mark.parametrize("body, expected", [
    ("星禾集团总经理柏松、滨江大学副校长邵文清出席仪式。柏松和邵文清代表双方签署了战略合作协议。",
     (("柏松", "星禾集团"), ("邵文清", "滨江大学"))),
    ("星禾集团总经理柏松、滨江大学副校长邵文清出席仪式。柏松与邵文清代表双方签署了战略合作协议。",
     (("柏松", "星禾集团"), ("邵文清", "滨江大学"))),
    pytest.param("星禾集团总经理柏松、滨江大学副校长谈若冰出席仪式。柏松和谈若冰代表双方签署了战略合作协议。",
                 (("柏松", "星禾集团"), ("谈若冰", "滨江大学"))),
])
def test_signatory_takes_org_from_role(body, expected):
    assert _signatories(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("柏松与邵文清分别代表星禾集团、滨江大学在协议上签字。", (("柏松", "星禾集团"), ("邵文清", "滨江大学"))),
    ("柏松与邵文清分别代表星禾集团、滨江大学在战略合作协议上签字。",
     (("柏松", "星禾集团"), ("邵文清", "滨江大学"))),
])
def test_signatory_pairs_people_with_named_orgs(body, expected):
    assert _signatories(body) == set(expected)


@pytest.mark.parametrize("body, expected", [
    ("在滨江市副市长裴一鸣的见证下，星禾集团与滨江大学签署了战略合作协议。", ()),
])
def test_signatory_ignores_witnesses(body, expected):
    assert _signatories(body) == set(expected)


def test_signatory_at_a_unit_signs_for_the_party():
    body = ("星州科技大学（以下简称“星科大”）与星禾集团签署战略合作协议。星科大知识转移处处长韦立群、"
            "星禾集团副总经理邵文清出席。韦立群与邵文清代表双方签字。")
    assert ("韦立群", "星州科技大学") in _signatories(body) or ("韦立群", "星科大") in _signatories(body)

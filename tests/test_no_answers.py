"""No answers in the code: kg/ and ontology/ never name the people or organizations we evaluate on."""
from __future__ import annotations

import json

import pytest

from tests.conftest import DEV, ROOT

GOLD_FILES = sorted((ROOT / "seeds").glob("*.gold.jsonl")) + sorted(DEV.glob("*.gold.jsonl"))


def _names() -> set[str]:
    names, people = set(), set()
    for path in GOLD_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            names.add(r.get("person", ""))
            people.add(r.get("person", ""))
            for org in r.get("org", []) + [n for p in r.get("parties", []) for n in p]:
                names.add(org)
    # generic words a gold file may list as an acceptable name (联盟, 有关区) are not answers
    return {n for n in names if len(n) >= 3 or n in people} - _lexicon_words()


def _lexicon_words() -> set[str]:
    from kg.lexicon import load_lexicon

    lex = load_lexicon()
    return {w for terms in lex.lists.values() for w in terms} | set(lex.titles)


def _sources() -> str:
    files = [p for p in (ROOT / "kg").rglob("*.py")] + [p for p in (ROOT / "ontology").rglob("*")
                                                         if p.is_file()]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


@pytest.mark.parametrize("kind", ["people and organizations"])
def test_no_answers_gold_names_absent_from_code_and_ontology(kind):
    source = _sources()
    hits = sorted(n for n in _names() if n and n in source)
    assert not hits, f"gold {kind} found in kg/ or ontology/: {hits}"

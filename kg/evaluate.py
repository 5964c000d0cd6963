"""Score extracted graphs against gold records, exactly as shared/eval/GUIDELINES.md says.

Predictions are read back from the RDF graph (the contract in README.md), so what is scored is
what users and stores get. An organization node offers every name it carries (rdfs:label,
skos:prefLabel, skos:altLabel); a prediction matches when one of them does.

- role: same person, and either same role and an org name among the gold names, or
  org + role == gold name + gold role (a leading 中共 ignored on both sides).
- agreement: parties map one-to-one onto the gold parties by name.
- signatory (not in the guidelines' scoring, scored the same spirit): same person, org name overlap.
- event (same): same date, and one name contains the other.
Each gold record matches at most one prediction; optional gold is neither required for recall nor
counted against precision. Scores are micro-averaged over all articles.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import ORG, RDF, RDFS, SDO, SKOS

from kg.graph import KG

TYPES = ("role", "agreement", "signatory", "event")


def _labels(g: Graph, node) -> list[str]:
    names = []
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SDO.name):
        for o in g.objects(node, prop):
            if str(o) not in names:
                names.append(str(o))
    return sorted(names, key=lambda n: (-len(n), n))


def records_from_graph(g: Graph) -> list[dict]:
    """Gold-style records (role, agreement, signatory, event) read back from a graph."""
    records = []
    for m in sorted(g.subjects(RDF.type, ORG.Membership)):
        person, org, role = g.value(m, ORG.member), g.value(m, ORG.organization), g.value(m, ORG.role)
        if person is None or org is None or role is None:
            continue
        records.append({"type": "role", "person": str(g.value(person, RDFS.label)),
                        "role": str(g.value(role, RDFS.label)), "org": _labels(g, org)})
    for a in sorted(g.subjects(RDF.type, KG.Agreement)):
        parties = [_labels(g, p) for p in sorted(g.objects(a, KG.party))]
        records.append({"type": "agreement", "title": str(g.value(a, RDFS.label) or ""),
                        "parties": parties})
    for s in sorted(g.subjects(RDF.type, KG.Signatory)):
        person, org = g.value(s, KG.person), g.value(s, KG.org)
        if person is not None and org is not None:
            records.append({"type": "signatory", "person": str(g.value(person, RDFS.label)),
                            "org": _labels(g, org)})
    for e in sorted(g.subjects(RDF.type, SDO.Event)):
        loc = g.value(e, SDO.location)
        records.append({"type": "event", "name": str(g.value(e, SDO.name) or ""),
                        "date": str(g.value(e, SDO.startDate) or ""),
                        "location": (_labels(g, loc) or [""])[0] if loc is not None else "",
                        "organizer": [_labels(g, o) for o in sorted(g.objects(e, SDO.organizer))]})
    return records


def _strip(name: str) -> str:
    return name[2:] if name.startswith("中共") else name


def role_matches(pred: dict, gold: dict) -> bool:
    """Does a predicted role match a gold one (the guidelines' concatenation rule included)?

    >>> role_matches({"person": "王", "role": "总经理", "org": ["甲集团乙部"]},
    ...              {"person": "王", "role": "乙部总经理", "org": ["甲集团"]})
    True
    """
    if pred["person"] != gold["person"]:
        return False
    gold_orgs = {_strip(o) for o in gold["org"]}
    for o in map(_strip, pred["org"]):
        if pred["role"] == gold["role"] and o in gold_orgs:
            return True
        if any(o + pred["role"] == g + gold["role"] for g in gold_orgs):
            return True
    return False


def _same_party(pred: list[str], gold: list[str]) -> bool:
    return bool({_strip(n) for n in pred} & {_strip(n) for n in gold})


def _perfect_matching(left: list, right: list, ok) -> bool:
    if len(left) != len(right):
        return False
    match: dict[int, int] = {}

    def augment(i: int, seen: set) -> bool:
        for j in range(len(right)):
            if j not in seen and ok(left[i], right[j]):
                seen.add(j)
                if j not in match or augment(match[j], seen):
                    match[j] = i
                    return True
        return False

    return all(augment(i, set()) for i in range(len(left)))


def agreement_matches(pred: dict, gold: dict) -> bool:
    return _perfect_matching(pred["parties"], gold["parties"], _same_party)


def signatory_matches(pred: dict, gold: dict) -> bool:
    return pred["person"] == gold["person"] and _same_party(pred["org"], gold["org"])


def event_matches(pred: dict, gold: dict) -> bool:
    if pred.get("date") != gold.get("date"):
        return False
    a, b = pred.get("name", ""), gold.get("name", "")
    return bool(a and b) and (a in b or b in a)


MATCHERS = {"role": role_matches, "agreement": agreement_matches,
            "signatory": signatory_matches, "event": event_matches}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)         # (article, gold record)
    false: list = field(default_factory=list)          # (article, predicted record)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_article(article_id: str, gold: Iterable[dict], predicted: Iterable[dict],
                  scores: dict[str, Score]) -> dict[str, Score]:
    """Add one article's matches to ``scores`` (per record type) and return it."""
    gold = list(gold)
    predicted = list(predicted)
    for kind in TYPES:
        s = scores.setdefault(kind, Score())
        golds = [g for g in gold if g.get("type") == kind]
        # required gold first, so a prediction is credited where it counts
        order = sorted(range(len(golds)), key=lambda i: bool(golds[i].get("optional")))
        used: set[int] = set()
        match = MATCHERS[kind]
        for p in (p for p in predicted if p.get("type") == kind):
            hit = next((i for i in order if i not in used and match(p, golds[i])), None)
            if hit is None:
                s.fp += 1
                s.false.append((article_id, p))
                continue
            used.add(hit)
            if not golds[hit].get("optional"):
                s.tp += 1
        for i, g in enumerate(golds):
            if i not in used and not g.get("optional"):
                s.fn += 1
                s.misses.append((article_id, g))
    return scores


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()]


def gold_pairs(directory: Path) -> list[tuple[Path, Path]]:
    """(article, gold) file pairs of a folder: ID.txt + ID.gold.jsonl."""
    directory = Path(directory)
    return [(t, t.with_name(t.stem + ".gold.jsonl")) for t in sorted(directory.glob("*.txt"))
            if t.with_name(t.stem + ".gold.jsonl").is_file()]

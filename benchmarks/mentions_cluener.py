"""Score mention detection (kg.mention_records.find_mentions) on a held-out part of CLUENER 2020.

Run from the repository root::

    .venv/bin/python benchmarks/mentions_cluener.py [--data PATH] [--errors N] [--learn] [--rules]

Data: CLUENER 2020 (Xu et al. 2020, arXiv:2001.04351; text from Sina News via THUCTC), research
data of the CLUE project. It is read from ``../shared/benchmarks/cluener2020/train.json`` and is
never copied into this repository; the repository keeps only general word lists learned from it
(``ontology/mention_lexicon.ttl``: position words and organization heads, no person or
organization names) and the weights of the mention tagger (``kg/data/mentions.crfsuite``,
trained by ``benchmarks/train_mentions.py`` on the training lines only).

Split: line i (0-based) is held out when ``i % 5 == 4`` (2,149 of 10,748 lines). Word lists and
the tagger are learned only from the other lines (``--learn`` prints the lists); the score is for
the held-out lines. ``--rules`` scores the rules alone (what runs when the model file is missing).
Types: ``name`` and ``position`` as in CLUENER; ``organization`` is company ∪ government ∪
organization in the gold data. A predicted span counts when its type, start and end match.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "cluener2020" / "train.json"
GOLD_TYPES = {"name": ("name",), "position": ("position",),
              "organization": ("organization", "company", "government")}
HELD_OUT_EVERY = 5


def read_split(path: Path) -> tuple[list[dict], list[dict]]:
    """(training lines, held-out lines) as parsed JSON records."""
    train, held = [], []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if line.strip():
                (held if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).append(json.loads(line))
    return train, held


def gold_spans(record: dict) -> dict[str, set[tuple[int, int]]]:
    """Gold spans per scored type, end exclusive."""
    out = {}
    for kind, sources in GOLD_TYPES.items():
        out[kind] = {(a, b + 1) for t in sources for spans in record["label"].get(t, {}).values()
                     for a, b in spans}
    return out


def learn_lists(train: list[dict], *, min_count: int = 2, min_precision: float = 0.4) -> dict:
    """Position words and organization heads that the training lines support.

    A position word is kept when it is annotated at least ``min_count`` times and at least
    ``min_precision`` of its occurrences in the text are annotated as a position.
    """
    counts = collections.Counter()
    for r in train:
        for word, spans in r["label"].get("position", {}).items():
            counts[word] += len(spans)
    words = {}
    for word, n in counts.items():
        if n < min_count:
            continue
        seen = sum(r["text"].count(word) for r in train)
        if n / max(seen, 1) >= min_precision:
            words[word] = n
    heads = collections.Counter()
    for r in train:
        for t in GOLD_TYPES["organization"]:
            for word, spans in r["label"].get(t, {}).items():
                if len(word) >= 3:
                    heads[word[-2:]] += len(spans)
    return {"positionWords": sorted(words, key=lambda w: (-words[w], w)),
            "orgHeads": [h for h, n in heads.most_common() if n >= 5]}


def score(records: list[dict], find, lex) -> tuple[dict, float]:
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    chars = 0
    start = time.perf_counter()
    predictions = []
    for r in records:
        chars += len(r["text"])
        predictions.append(find(r["text"], lex))
    elapsed = time.perf_counter() - start
    for r, found in zip(records, predictions):
        gold = gold_spans(r)
        for kind in GOLD_TYPES:
            pred = set(found.get(kind, ()))
            tp[kind] += len(gold[kind] & pred)
            fp[kind] += len(pred - gold[kind])
            fn[kind] += len(gold[kind] - pred)
    return {"tp": tp, "fp": fp, "fn": fn, "predictions": predictions}, chars / elapsed


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_errors(records, predictions, limit: int, kind: str | None) -> None:
    shown = 0
    for r, found in zip(records, predictions):
        gold = gold_spans(r)
        for k in GOLD_TYPES:
            if kind and k != kind:
                continue
            pred = set(found.get(k, ()))
            fps = [r["text"][a:b] for a, b in sorted(pred - gold[k])]
            fns = [r["text"][a:b] for a, b in sorted(gold[k] - pred)]
            if fps or fns:
                print(f"{k:<12} FP {fps} FN {fns} | {r['text']}")
                shown += 1
        if shown >= limit:
            return


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CLUENER train.json")
    p.add_argument("--errors", type=int, default=0, help="print up to N held-out lines with errors")
    p.add_argument("--type", default=None, choices=tuple(GOLD_TYPES), help="errors of this type only")
    p.add_argument("--learn", action="store_true", help="print the lists learned from training lines")
    p.add_argument("--rules", action="store_true", help="score the rules alone, without the tagger")
    args = p.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: CLUENER train.json is missing", file=sys.stderr)
        return 2
    train, held = read_split(args.data)
    if args.learn:
        for name, terms in learn_lists(train).items():
            print(f"{name}: {' '.join(terms)}")
        return 0
    sys.path.insert(0, str(ROOT))
    import kg.mention_records as mr
    from kg.lexicon import load_lexicon
    from kg.mention_records import find_mentions

    lex = load_lexicon()
    if args.rules:
        mr._tagger.cache_clear()
        mr.MODEL_PATH = mr.MODEL_PATH.with_name("no-model")
        warnings.simplefilter("ignore", RuntimeWarning)
        print("finder: rules only")
    elif mr.MODEL_PATH.is_file():
        print(f"finder: tagger {mr.MODEL_PATH.relative_to(ROOT)} "
              f"({mr.MODEL_PATH.stat().st_size / 1e6:.1f} MB)")
    else:
        print(f"finder: rules only ({mr.MODEL_PATH.relative_to(ROOT)} is missing)")
    find_mentions("预热：记者张三表示", lex)       # load dictionaries before timing
    result, speed = score(held, find_mentions, lex)
    tp, fp, fn = result["tp"], result["fp"], result["fn"]
    if args.errors:
        print_errors(held, result["predictions"], args.errors, args.type)
    print(f"held out: {len(held)} lines (every {HELD_OUT_EVERY}th), trained lists from {len(train)}")
    print(f"{'type':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for kind in (*GOLD_TYPES, "micro"):
        counts = ((sum(tp.values()), sum(fp.values()), sum(fn.values())) if kind == "micro"
                  else (tp[kind], fp[kind], fn[kind]))
        pr, rc, f1 = _prf(*counts)
        print(f"{kind:<13} {100 * pr:6.1f} {100 * rc:6.1f} {100 * f1:6.1f} "
              f"{counts[0]:5d} {counts[1]:5d} {counts[2]:5d}")
    print(f"throughput: {speed:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Train the mention tagger of kg.mention_records (kg/data/mentions.crfsuite) on CLUENER 2020.

Run from the repository root::

    .venv/bin/python benchmarks/train_mentions.py [--data PATH] [--out PATH] [--dev]

Licence note: CLUENER 2020 (Xu et al. 2020, arXiv:2001.04351; text from Sina News via THUCTC)
is research data of the CLUE project. It is read from
``../shared/benchmarks/cluener2020/train.json``, kept there and never copied into this
repository; only the trained weights (``kg/data/mentions.crfsuite``) are shipped.

Training uses only the lines that ``benchmarks/mentions_cluener.py`` does not hold out
(line i with ``i % 5 != 4``); with ``--dev`` it also leaves out ``i % 5 == 3`` and scores
those, for tuning without looking at the held-out lines. The model is a linear-chain CRF
(python-crfsuite, L-BFGS) over characters with BIO tags for name, position and organization
(company ∪ government ∪ organization); the other CLUENER types are tagged too (address, book,
game, movie, scene), which helps tell them apart, and are dropped when tagging. The features
are ``kg.mention_records.char_features``. Training is deterministic: fixed parameters, data
in file order.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from mentions_cluener import DEFAULT_DATA, HELD_OUT_EVERY  # noqa: E402

PARAMS = {"c1": 0.05, "c2": 0.03, "max_iterations": 150, "feature.minfreq": 2,
          "feature.possible_transitions": True}
SCHEME = "BIOES"
# CLUENER type → tag type; the types outside kg.mention_records.LABELS are dropped when tagging
TYPE_MAP = {"name": "name", "position": "position", "organization": "organization",
            "company": "organization", "government": "organization", "address": "address",
            "book": "book", "game": "game", "movie": "movie", "scene": "scene"}


def read_lines(path: Path, dev: bool) -> tuple[list[dict], list[dict]]:
    """(training records, dev records); the held-out lines are never returned."""
    train, dev_lines = [], []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if not line.strip() or i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1:
                continue
            (dev_lines if dev and i % HELD_OUT_EVERY == HELD_OUT_EVERY - 2 else train).append(json.loads(line))
    return train, dev_lines


def bio_tags(record: dict, scheme: str = "BIO") -> list[str]:
    """BIO (or BIOES) tags of a record's text; the longer span wins where gold spans overlap."""
    text = record["text"]
    tags = ["O"] * len(text)
    spans = [(a, b + 1, TYPE_MAP[t]) for t, entities in record["label"].items() if t in TYPE_MAP
             for positions in entities.values() for a, b in positions]
    for a, b, kind in sorted(spans, key=lambda x: -(x[1] - x[0])):
        if all(tag == "O" for tag in tags[a:b]):
            tags[a:b] = ["B-" + kind] + ["I-" + kind] * (b - a - 1)
            if scheme == "BIOES":
                tags[b - 1] = ("S-" if b - a == 1 else "E-") + kind
    return tags


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CLUENER train.json")
    p.add_argument("--out", type=Path, default=None, help="model file (default: kg/data/mentions.crfsuite)")
    p.add_argument("--dev", action="store_true", help="train without i %% 5 == 3 and score those lines")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="override a CRF parameter (c1, c2, max_iterations, feature.minfreq)")
    p.add_argument("--scheme", default=SCHEME, choices=("BIO", "BIOES"), help="tag scheme")
    args = p.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data}: CLUENER train.json is missing", file=sys.stderr)
        return 2
    import pycrfsuite

    from kg.clean import simplify
    from kg.lexicon import load_lexicon
    from kg.mention_records import MODEL_PATH, _Finder, char_features, load_mention_words
    from kg.mentions import matcher_for

    out = args.out or (ROOT / "build" / "mentions-dev.crfsuite" if args.dev else MODEL_PATH)
    out.parent.mkdir(parents=True, exist_ok=True)
    params = dict(PARAMS)
    for item in args.param:
        key, _, value = item.partition("=")
        params[key] = type(PARAMS.get(key, 0.0))(value) if key in PARAMS else value
    train, dev = read_lines(args.data, args.dev)
    matcher, words = matcher_for(load_lexicon()), load_mention_words()
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for r in train:
        trainer.append(char_features(_Finder(simplify(r["text"]), matcher, words)), bio_tags(r, args.scheme))
    featured = time.perf_counter()
    trainer.set_params(params)
    trainer.train(str(out))
    done = time.perf_counter()
    print(f"trained on {len(train)} lines: features {featured - started:.0f} s, "
          f"CRF {done - featured:.0f} s; {out} {out.stat().st_size / 1e6:.1f} MB; params {params}")
    if args.dev:
        import kg.mention_records as mr
        from mentions_cluener import GOLD_TYPES, _prf, gold_spans

        mr.MODEL_PATH = out
        mr._tagger.cache_clear()
        lex = load_lexicon()
        tp = fp = fn = 0
        per = {}
        for kind in GOLD_TYPES:
            per[kind] = [0, 0, 0]
        for r in dev:
            found, gold = mr.find_mentions(r["text"], lex), gold_spans(r)
            for kind in GOLD_TYPES:
                pred = set(found.get(kind, ()))
                per[kind][0] += len(pred & gold[kind])
                per[kind][1] += len(pred - gold[kind])
                per[kind][2] += len(gold[kind] - pred)
        for kind, counts in per.items():
            tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
            print(f"dev {kind:<13} P/R/F1 " + " ".join(f"{100 * x:5.1f}" for x in _prf(*counts)))
        print("dev micro         P/R/F1 " + " ".join(f"{100 * x:5.1f}" for x in _prf(tp, fp, fn)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

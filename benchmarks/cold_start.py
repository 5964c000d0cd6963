"""Cold start: one small article, from process start to files written, against jieba's start-up.

What it measures (wall time of whole processes, each run ``--repeat`` times, default 5):

- ``kg build seeds/000_0f5b15eece7fc494.txt -o TMP -q`` (the venv's ``kg``, default formats
  ``ttl,html``): interpreter start, imports, ontology and lexicons loaded, one article built,
  graph.ttl, graph.html and ontology.ttl written (the script checks they exist);
- ``python -c "import jieba; jieba.initialize()"``: what any jieba-based tool pays before its
  first word (dictionary loaded from jieba's cache file);
- ``python -c pass``: the interpreter alone, the floor under both.

Each gets its own fresh output folder; one untimed warm-up of each comes first (OS file cache,
jieba's dictionary cache). Printed: every run, then min and median seconds per command and the
ratio kg/jieba. **Target: kg's median < 1.0 s.**

Run from the repository root::

    .venv/bin/python benchmarks/cold_start.py              # ~10 s
    .venv/bin/python benchmarks/cold_start.py --repeat 20
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT  # noqa: E402
from machine import KG, measure  # noqa: E402

SEED = ROOT / "seeds" / "000_0f5b15eece7fc494.txt"
WRITTEN = ("graph.ttl", "graph.html", "ontology.ttl")


def wall(cmd: list[str], others: list[float]) -> float:
    m = measure(cmd)
    others.append(m.others)
    return m.seconds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="timed runs of each command (default 5)")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kgbench-cold-") as tmp:
        def kg_cmd(i: int) -> list[str]:
            return [KG, "build", str(SEED), "-o", str(Path(tmp) / f"out{i}"), "-q"]

        commands = {
            "kg build seed": kg_cmd,
            "jieba.initialize()": lambda i: [sys.executable, "-c",
                                             "import jieba; jieba.initialize()"],
            "python -c pass": lambda i: [sys.executable, "-c", "pass"],
        }
        print(f"kg build {SEED.relative_to(ROOT)} -o TMP -q   vs   "
              "python -c 'import jieba; jieba.initialize()'   vs   python -c pass")
        print(f"runs: 1 warm-up + {args.repeat} timed each, alternating", flush=True)
        others: list[float] = []
        for name, cmd in commands.items():
            wall(cmd(-1), [])
        times: dict[str, list[float]] = {name: [] for name in commands}
        for i in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(wall(cmd(i), others))
            missing = [f for f in WRITTEN if not (Path(tmp) / f"out{i}" / f).is_file()]
            if missing:
                sys.exit(f"kg build did not write {', '.join(missing)}")
            print("  run %d: " % (i + 1) + ", ".join(f"{n} {t[-1]:.3f} s" for n, t in times.items()),
                  flush=True)

        print()
        print(f"{'command':<20} {'min s':>7} {'median s':>9}")
        for name, runs in times.items():
            print(f"{name:<20} {min(runs):7.3f} {statistics.median(runs):9.3f}")
        kg_med = statistics.median(times["kg build seed"])
        ratio = kg_med / statistics.median(times["jieba.initialize()"])
        print(f"\nkg build, start to {', '.join(WRITTEN)} written: median {kg_med:.3f} s — "
              f"target < 1.0 s: {'meets' if kg_med < 1.0 else 'MISSES'}")
        print(f"ratio kg build / jieba.initialize(): {ratio:.2f} (median)")
        print(f"other processes' CPU during the runs: {max(others):.2f} cores at most "
              f"(mean {statistics.mean(others):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

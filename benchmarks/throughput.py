"""Extraction throughput: a whole ``kg build`` process against jieba's part-of-speech tagger alone.

What it measures, in one run, over the same benchmark corpus (``benchmarks/corpus.py``: the 12
dev articles + CLUENER 2020 sentences grouped 20 to an article, ~550 articles, ~0.44 M chars):

- zhkg: wall time of the process ``kg build CORPUS -o OUT -j 1 --format nt -q`` (the venv's
  ``kg``; reading, cleaning, extraction, graph, N-Triples written, interpreter start included);
- jieba: wall time of a Python process that imports ``jieba.posseg`` and runs
  ``list(pseg.cut(text))`` over every file of the corpus (same files, same order, read as
  UTF-8; interpreter start and dictionary load included, as for kg).

Each is run ``--repeat`` times (default 3), alternating, after one untimed warm-up of each
(it fills jieba's dictionary cache and the OS file cache). Printed per tool: the runs' min and
median seconds, and chars/s and MB/s (UTF-8 bytes) from the median. Then the ratio
zhkg/jieba of the times (min and median). **Target: ratio ≤ 1.0** — extracting the whole
graph costs no more than jieba's tagger alone. A stricter line follows: the jieba process also
reports how long its loop over the files took, its start-up (imports, dictionary) excluded,
and the whole kg process is set against that loop alone. ``others`` says how many cores other
processes took meanwhile (``benchmarks/machine.py``): both tools use one core, so on 2 cores
values up to ~1 leave them a core each. It also prints the dev-set scores
(``kg eval ../shared/eval/dev``), so a speed change can be checked to leave F1 unchanged.

``--profile N`` adds a cProfile of the same build done in this process (``kg.corpus.build_corpus``,
``jobs=1``) and prints the N functions with the most own time and the N with the most
cumulative time: where the time goes.

Run from the repository root::

    .venv/bin/python benchmarks/throughput.py                      # ~1.5 min on 2 cores
    .venv/bin/python benchmarks/throughput.py --articles 2200 --repeat 5 --profile 25
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEV, ROOT, temp_corpus  # noqa: E402
from machine import KG, measure  # noqa: E402

SEED = ROOT / "seeds" / "000_0f5b15eece7fc494.txt"

# The jieba side: the same files, read the same way, every token tagged.
# It also prints how long its loop over the files took, start-up (imports, dictionary) excluded.
JIEBA = r"""
import time
start = time.perf_counter()
import glob, logging, sys
import jieba, jieba.posseg as pseg
jieba.setLogLevel(logging.WARNING)
jieba.initialize()
loop = time.perf_counter()
tokens = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.txt")):
    with open(path, encoding="utf-8") as f:
        tokens += len(list(pseg.cut(f.read())))
print(tokens, time.perf_counter() - loop)
"""


def profile(corpus: Path, out: Path, top: int) -> None:
    import cProfile
    import pstats

    from kg.corpus import build_corpus

    profiler = cProfile.Profile()
    profiler.enable()
    build_corpus([corpus], out, formats="nt", jobs=1)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs()
    print(f"\n--- profile of build_corpus(jobs=1, formats=nt) in this process: top {top} by own time")
    stats.sort_stats("tottime").print_stats(top)
    print(f"--- top {top} by cumulative time")
    stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=None,
                   help="corpus size in articles (default: all ~550; more repeats them)")
    p.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="also profile the build in-process and print the top N functions")
    p.add_argument("--no-eval", action="store_true", help="skip the dev-set scores")
    args = p.parse_args(argv)

    with temp_corpus(args.articles) as corpus, tempfile.TemporaryDirectory(prefix="kgbench-") as tmp:
        out = Path(tmp) / "out"
        kg_cmd = [KG, "build", str(corpus.folder), "-o", str(out), "-j", "1", "--format", "nt", "-q"]
        jieba_cmd = [sys.executable, "-c", JIEBA, str(corpus.folder)]
        print(f"corpus: {corpus.describe()}")
        print(f"zhkg:   {' '.join(kg_cmd[1:])}")
        print("jieba:  python -c '…list(jieba.posseg.cut(text)) per file…' CORPUS")
        print(f"runs:   1 warm-up + {args.repeat} timed each, alternating", flush=True)

        measure([KG, "build", str(SEED), "-o", str(Path(tmp) / "warm"), "-q"])
        measure(jieba_cmd)
        times: dict[str, list[float]] = {"zhkg": [], "jieba": []}
        others: list[float] = []
        loops: list[float] = []
        tokens = 0
        for i in range(args.repeat):
            line = []
            for name, cmd in (("zhkg", kg_cmd), ("jieba", jieba_cmd)):
                m = measure(cmd)
                times[name].append(m.seconds)
                others.append(m.others)
                line.append(f"{name} {m.seconds:.2f} s (others {m.others:.2f} cores)")
                if name == "jieba":
                    count, loop = m.stdout.split()
                    tokens = int(count)
                    loops.append(float(loop))
            print(f"  run {i + 1}: " + ", ".join(line), flush=True)
        triples = sum(1 for _ in open(out / "graph.nt", encoding="utf-8"))

        print()
        print(f"{'':<6} {'min s':>7} {'median s':>9} {'chars/s':>10} {'MB/s':>7}   output")
        for name, runs in times.items():
            med = statistics.median(runs)
            made = f"{triples:,} triples" if name == "zhkg" else f"{tokens:,} tagged tokens"
            print(f"{name:<6} {min(runs):7.2f} {med:9.2f} {corpus.chars / med:10,.0f} "
                  f"{corpus.mb / med:7.3f}   {made}")
        ratio_min = min(times["zhkg"]) / min(times["jieba"])
        ratio_med = statistics.median(times["zhkg"]) / statistics.median(times["jieba"])
        verdict = "meets" if ratio_med <= 1.0 else "MISSES"
        print(f"\nratio zhkg/jieba: {ratio_med:.2f} (median), {ratio_min:.2f} (min) — "
              f"target ≤ 1.0: {verdict}")
        loop = statistics.median(loops)
        print(f"jieba's loop over the files alone (start-up excluded): median {loop:.2f} s, "
              f"{corpus.chars / loop:,.0f} chars/s; whole kg process / that loop: "
              f"{statistics.median(times['zhkg']) / loop:.2f}")
        print(f"other processes' CPU during the runs: {max(others):.2f} cores at most "
              f"(mean {statistics.mean(others):.2f}); both tools use one core")

        if not args.no_eval:
            print(f"\ndev set (kg eval {DEV}):")
            print(measure([KG, "eval", str(DEV)]).stdout.rstrip())
        if args.profile:
            profile(corpus.folder, Path(tmp) / "profiled", args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())

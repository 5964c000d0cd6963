"""A benchmark corpus of Chinese news-like articles, written to a folder of ``.txt`` files.

Measures nothing itself: the other benchmark scripts import it (``make_corpus``,
``temp_corpus``) to get the same corpus in every run.

Where the text comes from (the data stays outside the repository):

- ``../shared/benchmarks/cluener2020/train.json`` (CLUENER 2020, Sina News sentences, 10,748
  lines): taken in file order, 20 sentences per article, so ~537 articles. Each article is a
  headline line (the first sentence's first 20 characters), a blank line, then the sentences,
  one paragraph each, separated by blank lines (as the dev articles are laid out).
- ``../shared/eval/dev/*.txt``: the 12 dev articles, copied as they are.

The corpus is the dev articles first, then the CLUENER articles, in that order; ``--articles N``
keeps the first N. Asked for more than there are, it goes round again with new ids
(``cluener-0001-r1.txt``: the same text, another article), so a bigger corpus has the same mix.
The same N always gives byte-identical files.

Run from the repository root::

    .venv/bin/python benchmarks/corpus.py                      # all (~549) into a temp folder
    .venv/bin/python benchmarks/corpus.py --articles 150 --out /tmp/kgbench

It prints the folder, the number of articles, characters and megabytes (UTF-8 bytes).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CLUENER = SHARED / "benchmarks" / "cluener2020" / "train.json"
DEV = SHARED / "eval" / "dev"
SENTENCES_PER_ARTICLE = 20
HEADLINE_CHARS = 20


@dataclass(frozen=True)
class Corpus:
    """A corpus folder and its size."""

    folder: Path
    articles: int
    chars: int          # characters of all article texts
    bytes: int          # UTF-8 bytes on disk

    @property
    def mb(self) -> float:
        return self.bytes / 1e6

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.txt"))

    def describe(self) -> str:
        return (f"{self.articles} articles, {self.chars:,} chars, {self.mb:.2f} MB "
                f"({self.folder})")


def cluener_articles(path: Path = CLUENER) -> list[tuple[str, str]]:
    """(id, text) of each CLUENER article: headline, blank line, 20 sentences as paragraphs."""
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                text = json.loads(line)["text"].strip()
                if text:
                    sentences.append(text)
    articles = []
    for k in range(0, len(sentences), SENTENCES_PER_ARTICLE):
        group = sentences[k:k + SENTENCES_PER_ARTICLE]
        headline = group[0][:HEADLINE_CHARS]
        text = headline + "\n\n" + "\n\n".join(group) + "\n"
        articles.append((f"cluener-{k // SENTENCES_PER_ARTICLE + 1:04d}", text))
    return articles


def dev_articles(folder: Path = DEV) -> list[tuple[str, str]]:
    """(id, text) of each dev article, as the file holds it (UTF-8)."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def all_articles() -> list[tuple[str, str]]:
    """The dev articles, then the CLUENER articles."""
    return dev_articles() + cluener_articles()


def make_corpus(out: Path, articles: int | None = None) -> Corpus:
    """Write the first ``articles`` articles (None: all of them once) as ``ID.txt`` into ``out``.

    ``out`` is created; ``.txt`` files already in it are removed first, so the folder holds
    exactly this corpus.
    """
    base = all_articles()
    n = len(base) if articles is None else articles
    if n < 1:
        raise ValueError("--articles must be at least 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    chars = size = 0
    for i in range(n):
        article_id, text = base[i % len(base)]
        round_ = i // len(base)
        if round_:
            article_id = f"{article_id}-r{round_}"
        data = text.encode("utf-8")
        (out / f"{article_id}.txt").write_bytes(data)
        chars += len(text)
        size += len(data)
    return Corpus(out, n, chars, size)


@contextmanager
def temp_corpus(articles: int | None = None, prefix: str = "kgbench-corpus-"):
    """A corpus in a temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield make_corpus(folder, articles)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=None,
                   help=f"number of articles (default: all, {len(dev_articles())} dev + "
                        "CLUENER ones; more than that repeats them with new ids)")
    p.add_argument("--out", default=None, help="output folder (default: a new temp folder)")
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="kgbench-corpus-"))
    corpus = make_corpus(out, args.articles)
    print(f"wrote {corpus.describe()}")
    print(corpus.folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

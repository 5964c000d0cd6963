"""Output is deterministic: the same inputs give byte-identical files across runs, hash seeds and
worker counts.

``kg build`` runs in subprocesses (the hash seed is fixed when an interpreter starts) with
PYTHONHASHSEED 0, 1 and random, each with ``-j 1`` and ``-j 2``, on a small corpus: the seed
article plus invented ones in UTF-8, GBK and traditional characters, an HTML page and a JSONL
corpus. Every file written, in every format, must be the same bytes in all six runs.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tests.test_corpus import ALL_FORMATS, ARTICLES, FILES
from tests.test_read import PAGE

RUNS = [(seed, jobs) for seed in ("0", "1", "random") for jobs in (1, 2)]
EXTRA = {
    "fudan": "复旦大学与上海电信签署战略合作协议\n\n2026年3月5日，复旦大学与上海电信在上海签署战略合作协议。"
             "复旦大学副校长张伟和上海电信总经理刘洋代表双方签署协议。\n",
    "luntan": "长三角量子科技论坛在杭州举行\n\n3月8日，由浙江大学主办的长三角量子科技论坛在杭州国际博览中心举行。"
              "浙江大学校长王建国在致辞中表示，将推动量子技术成果转化。\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("determinism") / "corpus"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    for n, (article_id, text) in enumerate({**ARTICLES, **EXTRA}.items()):
        encoding = "gbk" if n % 2 and article_id != "fanti" else "utf-8"
        (folder / f"{article_id}.txt").write_bytes(text.encode(encoding))
    (folder / "page.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    lines = [json.dumps({"id": f"j{n}", "text": text, "date": "2026-03-0{n}", "source": "星海日报"},
                        ensure_ascii=False) for n, text in enumerate(EXTRA.values(), 1)]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _build(corpus: Path, out: Path, seed: str, jobs: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), str(corpus / "news.jsonl"),
         "-o", str(out), "--format", ALL_FORMATS, "-j", str(jobs), "-q"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def outputs(corpus, tmp_path_factory) -> dict[tuple[str, int], dict[str, bytes]]:
    """Each run's output folder as {file name: bytes}, the runs two at a time."""
    base = tmp_path_factory.mktemp("outputs")
    results = {}
    for pair in (RUNS[i:i + 2] for i in range(0, len(RUNS), 2)):
        procs = {(seed, jobs): _build(corpus, base / f"{seed}-j{jobs}", seed, jobs) for seed, jobs in pair}
        for key, proc in procs.items():
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, (key, err.decode())
            folder = base / f"{key[0]}-j{key[1]}"
            results[key] = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    return results


def test_determinism_every_run_writes_the_same_files(outputs):
    for key, files in outputs.items():
        assert sorted(files) == sorted(FILES), key          # and no temp file left behind


@pytest.mark.parametrize("name", FILES)
def test_determinism_same_bytes_across_hash_seeds_and_workers(outputs, name):
    first_key, *others = outputs
    first = outputs[first_key][name]
    assert first.strip(), name
    for key in others:
        assert outputs[key][name] == first, f"{name} differs between {first_key} and {key}"


def test_determinism_corpus_has_every_input(outputs):
    nt = next(iter(outputs.values()))["graph.nt"].decode("utf-8")
    for article_id in ("seed", "xinghai", "fanti", "fudan", "page", "j1", "j2"):
        assert f"/article/{article_id}>" in nt, article_id

"""Bad input loses nothing, huge input costs no memory, and a killed run keeps the previous output.

Each bad input of a batch (empty, whitespace only, binary, not decodable in any supported
encoding, over the size limit, an HTML page with no article, a JSONL line that is not JSON, a
missing path, an unreadable file, an empty folder) gets one line naming it and the problem, the
rest of the batch is built, the exit code is 1 and a summary lists them. Tests run as root on CI,
where ``chmod 000`` does not stop reading: the unreadable file is then simulated by making
``open`` in ``kg.read`` raise PermissionError for it (a real ``chmod 000`` is used otherwise).
"""
from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDFS

import kg.read
from kg import cli
from kg.corpus import build_corpus
from kg.errors import InputError
from kg.export.atomic import AtomicFile, remove_stale_temp_files
from kg.graph import KG, article_iri
from kg.read import MAX_ARTICLE_BYTES, decode, iter_sources
from tests.conftest import ROOT
from tests.test_corpus import ARTICLES

# rdflib's own TriG, N-Quads and JSON-LD parsers use its deprecated ConjunctiveGraph API.
pytestmark = [pytest.mark.filterwarnings("ignore:.*ConjunctiveGraph is deprecated:DeprecationWarning"),
              pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")]

MB = 1024 * 1024
GOOD = {"xinghai": ARTICLES["xinghai"], "yunfan": ARTICLES["yunfan"]}
TEMP = re.compile(r"\..+\.tmp")
PAGE_WITHOUT_ARTICLE = ("<html><head><title>首页</title></head><body><nav>首页 | 新闻 | 关于我们</nav>"
                        "<footer>版权所有</footer></body></html>")


def _unreadable(path: Path, monkeypatch) -> str:
    """Make ``path`` unreadable: chmod 000, or, as root (who reads it anyway), a failing open."""
    path.chmod(0)
    if os.geteuid() != 0:
        return "chmod 000"
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(kg.read, "open", refusing_open, raising=False)
    return "open() raising PermissionError (root ignores chmod 000)"


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """Good articles and one of each kind of bad input: {input: problem the message must name}."""
    folder = tmp_path / "in"
    folder.mkdir()
    for article_id, text in GOOD.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    cut = ARTICLES["jiangnan"].rstrip("\n").encode("gbk")[:-1]     # ends inside its last "。"
    (folder / "cut_gbk.txt").write_bytes(cut)
    bad = {
        "empty.txt": (b"", "empty article"),
        "blank.txt": (" \n\t\r\n\u3000\n".encode("utf-8"), "empty article"),
        "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        "latin.txt": (b"Caf\xe9 na\xefve r\xe9sum\xe9 \xa9 2026 " * 40, "encoding"),
        "broken_utf8.txt": ("星海科技集团召开年度大会".encode("utf-8") + b"\xc3\x28\xa0\xa1\xff" * 30, "encoding"),
        "nothing.html": (PAGE_WITHOUT_ARTICLE.encode("utf-8"), "no article text"),
        "locked.txt": (ARTICLES["jiangnan"].encode("utf-8"), "Permission denied"),
    }
    paths = {}
    for name, (data, problem) in bad.items():
        (folder / name).write_bytes(data)
        paths[str(folder / name)] = problem
    with open(folder / "huge.txt", "wb") as f:                 # sparse: 50 MB that cost no disk
        f.truncate(50 * MB)
    paths[str(folder / "huge.txt")] = "too large (50.0 MB)"
    jsonl = folder / "news.jsonl"
    jsonl.write_text(json.dumps({"id": "n1", "text": ARTICLES["jiangnan"]}, ensure_ascii=False)
                     + "\n{not json\n", encoding="utf-8")
    paths[f"{jsonl}:2"] = "not a JSON line"
    paths[str(folder / "missing.txt")] = "no such file"
    (folder / "empty_folder").mkdir()
    paths[str(folder / "empty_folder")] = "no .txt, .html or .htm"
    how = _unreadable(folder / "locked.txt", monkeypatch)
    inputs = [str(folder / f"{a}.txt") for a in GOOD] + [str(folder / "cut_gbk.txt")]
    inputs += [p for p in paths if not p.endswith(":2")] + [str(jsonl)]
    return inputs, paths, how


def test_reliability_each_bad_input_is_one_line_and_the_rest_is_built(batch, tmp_path, capsys):
    inputs, problems, how = batch
    out = tmp_path / "out"
    code = cli.main(["build", *inputs, "-o", str(out), "--format", "ttl,nt", "-j", "1"])
    err = capsys.readouterr()
    assert code == 1, err
    lines = [line for line in err.err.splitlines() if line.startswith("kg: ")]
    assert len(lines) == len(problems), lines
    for name, problem in problems.items():
        (line,) = [line for line in lines if line.startswith(f"kg: {name}:")]
        assert problem in line, (how, line)
    summary = err.err.splitlines()[-1]
    assert summary.startswith(f"{len(problems)} input(s) failed: ")
    assert all(name in summary for name in problems)
    assert "4 article(s)" in err.out
    g = Graph().parse(out / "graph.ttl")
    for article_id in ("xinghai", "yunfan", "cut_gbk", "n1"):
        assert (article_iri(article_id), None, None) in g, article_id
    assert "周文博" in {str(o) for o in g.objects(None, RDFS.label)}       # from the cut GBK file


def test_reliability_error_about_a_hostile_file_name_stays_on_one_line(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLES["yunfan"], encoding="utf-8")
    (folder / "bad\nname\u2028.txt").write_bytes(b"")
    code = cli.main(["build", str(folder), "-o", str(tmp_path / "out"), "--format", "nt", "-j", "1"])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 2, err                 # the error, and the summary
    assert err[0] == f"kg: {folder}/bad\\nname\\u2028.txt: empty article"
    assert err[1].endswith("bad\\nname\\u2028.txt")


@pytest.mark.parametrize("data", [
    b"\xff" * 1000,                                                 # read as Cyrillic by chardet
    "Café naïve résumé © 2026 ".encode("latin-1") * 40,            # Latin-1, not Chinese
    b"\x80\x81\x8d\x8f\x90\x9d" * 100,                              # read as Hebrew by chardet
    "量子".encode("utf-8") + b"\xc3\x28" * 50 + b" text " * 20,       # broken UTF-8
])
def test_reliability_undecodable_bytes_are_refused_not_guessed(data):
    with pytest.raises(InputError, match="x.txt: cannot tell the text encoding"):
        decode(data, "x.txt")


def test_reliability_truncated_gbk_loses_only_the_cut_character(tmp_path):
    text = ARTICLES["jiangnan"].rstrip("\n")
    path = tmp_path / "cut.txt"
    path.write_bytes(text.encode("gbk")[:-1])
    assert kg.read.read_text(path) == text[:-1]


def test_reliability_limit_is_ten_megabytes():
    assert MAX_ARTICLE_BYTES == 10 * MB


def test_reliability_jsonl_line_over_limit_is_skipped_and_next_lines_read(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_ARTICLE_BYTES", 1000)
    path = tmp_path / "c.jsonl"
    good = json.dumps({"id": "a", "text": "短文"}, ensure_ascii=False)
    path.write_text("\n".join([good, json.dumps({"id": "b", "text": "长" * 5000}),
                               good.replace('"a"', '"c"'), "x" * 1001]), encoding="utf-8")
    sources = list(iter_sources([path]))
    assert [(s.name.rsplit(":", 1)[1], s.article_id, bool(s.error)) for s in sources] == [
        ("1", "a", False), ("2", "c-2", True), ("3", "c", False), ("4", "c-4", True)]
    assert "too large" in sources[1].error and "kg.read.MAX_ARTICLE_BYTES" in sources[1].error


def test_reliability_stdin_over_limit_is_refused(monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_ARTICLE_BYTES", 100)
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLES["xinghai"].encode("utf-8") * 3))
    (source,) = iter_sources(["-"], stdin=stdin)
    assert source.error.startswith("- (stdin): too large")


def test_reliability_lone_surrogates_become_replacement_characters(tmp_path):
    text = ARTICLES["xinghai"].replace("董事长李明远", "董事长李明远\ud800")
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "s\udcff", "text": text, "title": "标题\udfff"}) + "\n",
                    encoding="utf-8")                            # JSON escapes: valid UTF-8
    result = build_corpus([path], tmp_path / "out", formats=["ttl", "nt", "jsonld"], jobs=1)
    assert result.articles == 1 and not result.failures
    g = Graph().parse(tmp_path / "out" / "graph.nt", format="nt")
    evidence = [str(o) for o in g.objects(None, KG.evidence)]
    assert evidence and all("\ufffd" in e or "李明远" not in e for e in evidence)
    assert all(not re.search("[\ud800-\udfff]", str(o)) for o in g.objects())


def test_reliability_huge_inputs_are_refused_unread_with_bounded_memory(tmp_path):
    """A 50 MB text file and a 50 MB JSONL line: refused by size, peak RSS well under 400 MB."""
    big = tmp_path / "big.txt"
    line = ("星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。\n" * 1000).encode("utf-8")
    with open(big, "wb") as f:
        while f.tell() < 50 * MB:
            f.write(line)
        f.truncate(50 * MB)
    corpus = tmp_path / "big.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "j1", "text": ARTICLES["yunfan"]}, ensure_ascii=False) + "\n")
        f.write('{"id": "j2", "text": "')
        for _ in range(50):
            f.write("量" * (MB // 3 + 1))
        f.write('"}\n')
        f.write(json.dumps({"id": "j3", "text": ARTICLES["jiangnan"]}, ensure_ascii=False) + "\n")
    good = tmp_path / "xinghai.txt"
    good.write_text(ARTICLES["xinghai"], encoding="utf-8")
    # VmHWM is this process's own peak; ru_maxrss would count the forked parent's size as well
    script = ("import re, sys\nfrom kg.cli import main\ncode = main(sys.argv[1:])\n"
              "peak = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read())[1]\n"
              "print('PEAK_KB', peak)\nsys.exit(code)\n")
    proc = subprocess.run([sys.executable, "-c", script, "build", str(big), str(corpus), str(good),
                           "-o", str(tmp_path / "out"), "--format", "ttl", "-j", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert f"kg: {big}: too large (50.0 MB); one article may be at most 10 MB" in proc.stderr
    assert f"kg: {corpus}:2: too large (50.0 MB)" in proc.stderr        # the line, then the next
    assert "3 article(s)" in proc.stdout
    peak_mb = int(re.search(r"PEAK_KB (\d+)", proc.stdout)[1]) / 1024
    print(f"peak RSS {peak_mb:.0f} MB")
    assert peak_mb < 400, f"peak RSS {peak_mb:.0f} MB"


def test_reliability_stale_temp_files_of_dead_runs_are_removed(tmp_path):
    from kg.export.atomic import _HOST

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".graph.ttl.{dead.pid}.{_HOST}.abcd1234.tmp"
    alive = tmp_path / f".graph.ttl.{os.getpid()}.{_HOST}.abcd1234.tmp"       # this process
    parent = tmp_path / f".graph.nt.{os.getppid()}.{_HOST}.abcd1234.tmp"
    elsewhere = tmp_path / f".graph.ttl.{dead.pid}.otherhost.abcd1234.tmp"
    older = tmp_path / ".graph.ttl.abcd1234.tmp"                                # unknown writer
    for path in (stale, alive, parent, elsewhere, older):
        path.write_text("partial", encoding="utf-8")
    with AtomicFile(tmp_path / "graph.ttl") as f:
        f.write("whole")
    assert not stale.exists()
    assert all(p.exists() for p in (alive, parent, elsewhere, older))
    assert remove_stale_temp_files(tmp_path) == []
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "whole"


def _invented(n: int) -> str:
    surnames = "王李张刘陈杨赵黄周吴"
    return (f"第{n}届科技合作大会在上海举行\n\n星海{n}号科技集团董事长{surnames[n % 10]}明{n}表示，公司将加大研发投入。"
            f"集团副总经理{surnames[(n + 3) % 10]}思远介绍，今年公司与江南{n}号大学签署了战略合作协议，双方将共建联合实验室。\n")


STREAMED = "ttl,nt,trig,nq,jsonld,html"
PARSE = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def test_reliability_sigkill_midway_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    small = tmp_path / "small"
    small.mkdir()
    for article_id, text in GOOD.items():
        (small / f"{article_id}.txt").write_text(text, encoding="utf-8")
    first = build_corpus([small], out, formats=STREAMED.split(","), jobs=1)
    assert first.articles == 2
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    large = tmp_path / "large"
    large.mkdir()
    for n in range(300):
        (large / f"a{n:03d}.txt").write_text(_invented(n), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(large), "-o", str(out),
                             "--format", STREAMED, "-j", "2", "-q"], cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any(TEMP.fullmatch(p.name) for p in out.iterdir()):   # the run has started writing
            assert proc.poll() is None and time.monotonic() < deadline, "no temp file appeared"
            time.sleep(0.02)
        time.sleep(1.0)
        assert proc.poll() is None, "the build finished before it could be killed; use more articles"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)                  # the build and its worker processes
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after = {p.name: p.read_bytes() for p in out.iterdir() if not TEMP.fullmatch(p.name)}
    assert after == before                                    # byte-identical, nothing replaced
    leftovers = [p for p in out.iterdir() if TEMP.fullmatch(p.name)]
    assert leftovers                                          # what the killed run was writing
    for name, fmt in PARSE.items():
        assert len(Graph().parse(out / name, format=fmt)) > 0, name
    for name, fmt in (("graph.trig", "trig"), ("graph.nq", "nquads")):
        dataset = Dataset()
        dataset.parse(out / name, format=fmt)
        assert len(dataset) > 0, name

    again = build_corpus([small], out, formats=STREAMED.split(","), jobs=1)   # the next run
    assert again.articles == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before          # leftovers removed

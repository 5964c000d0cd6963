"""The dask engine: a LocalCluster of two workers gives the local build's graph.nq, byte for byte."""
from __future__ import annotations

import sys

import pytest
from rdflib import Dataset, URIRef

from kg.corpus import build_corpus
from kg.errors import KGError
from kg.graph import article_iri
from tests.conftest import SEED

ARTICLES = {
    "xinghai": "星海科技集团召开年度大会\n\n星海科技集团董事长李明远表示，公司将加大研发投入，推动量子计算技术的产业化应用。\n",
    "jiangnan": "江南大学举行校庆活动\n\n江南大学校长周文博在致辞中表示，学校将继续深化产学研合作，服务区域经济发展。\n",
    "yunfan": "云帆物流公司发布年报\n\n云帆物流公司总经理赵一鸣介绍，公司全年营业收入同比增长百分之十二。\n",
    "qiming": "启明大学与星海科技集团签署合作协议\n\n启明大学与星海科技集团签署战略合作协议，双方将共建人工智能联合实验室。\n",
}


def _corpus(folder):
    """The seed, the invented articles and one empty file (a bad input), in one folder."""
    folder.mkdir()
    (folder / "000_seed.txt").write_bytes(SEED.read_bytes())
    for article_id, text in ARTICLES.items():
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(local result, dask result, local folder, dask folder), built once from relative paths."""
    pytest.importorskip("distributed", reason="dask.distributed not installed (pip install -e '.[dask]')")
    from kg.distributed import build_with_dask

    root = tmp_path_factory.mktemp("distributed")
    _corpus(root / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)            # relative inputs: workers must still find them
        local = build_corpus(["corpus"], root / "local", formats=["nq"], jobs=1)
        dask = build_with_dask(["corpus"], root / "dask", partition_size=2, workers=2)
    return local, dask, root / "local", root / "dask"


def test_distributed_graph_is_byte_identical_to_local(built):
    local, dask, local_dir, dask_dir = built
    assert dask.articles == local.articles == 5
    assert dask.counts == local.counts
    assert dask.jobs == 2
    assert (dask_dir / "graph.nq").read_bytes() == (local_dir / "graph.nq").read_bytes()
    assert (dask_dir / "ontology.ttl").read_bytes() == (local_dir / "ontology.ttl").read_bytes()
    assert [p.name for p in dask.written] == ["graph.nq", "ontology.ttl", "parts"]


def test_distributed_parts_concatenate_to_graph(built):
    _, dask, _, dask_dir = built
    names = [p.name for p in dask.parts]
    assert names == ["part-00000.nq", "part-00001.nq", "part-00002.nq"]      # 6 inputs, 2 a part
    joined = b"".join((dask_dir / "parts" / n).read_bytes() for n in names)
    assert joined == (dask_dir / "graph.nq").read_bytes()
    assert sorted(p.name for p in dask_dir.iterdir()) == ["graph.nq", "ontology.ttl", "parts"]


def test_distributed_reports_bad_input_and_builds_the_rest(built):
    local, dask, _, _ = built
    assert dask.failures == local.failures
    assert [name for name, _ in dask.failures] == ["corpus/empty.txt"]
    assert dask.failures[0][1] == "corpus/empty.txt: empty article"


@pytest.mark.parametrize("index, ids", [
    (0, ["000_seed", "empty"]),          # the empty file fails; its partition still has a part
    (1, ["jiangnan", "qiming"]),
    (2, ["xinghai", "yunfan"]),
])
def test_distributed_part_parses_as_nquads(built, index, ids):
    _, dask, _, _ = built
    ds = Dataset()
    ds.parse(dask.parts[index], format="nquads")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {f"{article_iri(i)}/graph" for i in ids if i != "empty"}
    lines = dask.parts[index].read_text(encoding="utf-8").splitlines()
    assert sum(len(ds.graph(URIRef(n))) for n in names) == len(lines)


def test_distributed_joins_a_running_scheduler(tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed")
    from kg.distributed import build_with_dask

    corpus = _corpus(tmp_path / "corpus")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = build_with_dask([corpus / "xinghai.txt", corpus / "jiangnan.txt"], tmp_path / "out",
                                 scheduler=cluster.scheduler_address, partition_size=1)
    assert result.articles == 2 and not result.failures
    assert [p.name for p in result.parts] == ["part-00000.nq", "part-00001.nq"]


def test_distributed_keeps_previous_output_when_every_input_fails(tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed not installed")
    from kg.distributed import build_with_dask

    (tmp_path / "out" / "parts").mkdir(parents=True)
    (tmp_path / "out" / "parts" / "part-00000.nq").write_text("old\n")
    result = build_with_dask([tmp_path / "missing.txt"], tmp_path / "out", workers=1)
    assert result.articles == 0 and len(result.failures) == 1 and not result.written
    assert (tmp_path / "out" / "parts" / "part-00000.nq").read_text() == "old\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["parts"]


def test_distributed_without_dask_names_the_extra(tmp_path, monkeypatch):
    from kg.distributed import build_with_dask

    monkeypatch.setitem(sys.modules, "distributed", None)      # import distributed → ImportError
    with pytest.raises(KGError, match=r"pip install 'zhkg\[dask\]'"):
        build_with_dask([SEED], tmp_path / "out")


@pytest.mark.parametrize("size", [0, -1])
def test_distributed_refuses_empty_partitions(tmp_path, size):
    from kg.distributed import build_with_dask

    with pytest.raises(KGError, match="partition size"):
        build_with_dask([SEED], tmp_path / "out", partition_size=size)


def test_distributed_worker_refuses_another_ontology():
    from kg.distributed import build_partition
    from kg.errors import OntologyError
    from kg.read import Source

    with pytest.raises(OntologyError, match="install the same zhkg version on every worker"):
        build_partition([Source(str(SEED), SEED.stem, path=SEED)], None, "not-this-ontology")

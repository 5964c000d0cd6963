"""kg.mention_records and `kg mentions`: CLUENER-format mention labels of JSONL sentences."""
from __future__ import annotations

import io
import json

import pytest

from kg import cli
from kg.errors import InputError
from kg.lexicon import load_lexicon
from kg.mention_records import annotate_lines, find_mentions, mention_label

LEX = load_lexicon()


def _strings(text: str, found: dict) -> dict:
    return {kind: [text[a:b] for a, b in spans] for kind, spans in found.items()}


@pytest.mark.parametrize(("text", "kind", "entity"), [
    ("中国联通浙江省分公司党委书记、总经理童海波表示", "name", "童海波"),
    ("中国联通浙江省分公司党委书记、总经理童海波表示", "position", "总经理"),
    ("中国联通浙江省分公司党委书记、总经理童海波表示", "organization", "中国联通浙江省分公司"),
    ("记者从华夏银行信用卡中心了解到，", "organization", "华夏银行信用卡中心"),
    ("广州市房管局副局长黄文波透露了下半年的计划。", "position", "副局长"),
    ("这位艺术家的作品在拍卖会上成交。", "position", "艺术家"),
])
def test_mention_records_finds_mentions(text, kind, entity):
    assert entity in _strings(text, find_mentions(text, LEX))[kind]


@pytest.mark.parametrize("text", [
    "广州市房管局副局长黄文波透露了下半年的计划。",
    "浙商银行企业信贷部叶老桂博士则从另一个角度进行了解读。",
])
def test_mention_records_label_offsets_are_end_inclusive(text):
    label = mention_label(text, LEX)
    assert label
    for entities in label.values():
        for entity, spans in entities.items():
            for start, end in spans:
                assert text[start:end + 1] == entity


@pytest.mark.parametrize(("text", "entity"), [
    ("廣州市房管局副局長黃文波透露了下半年的計劃。", "副局長"),
    ("記者從華夏銀行信用卡中心了解到，", "華夏銀行信用卡中心"),
])
def test_mention_records_traditional_text_gets_original_offsets(text, entity):
    label = mention_label(text, LEX)
    found = {e: spans for entities in label.values() for e, spans in entities.items()}
    assert entity in found
    start, end = found[entity][0]
    assert text[start:end + 1] == entity


@pytest.mark.parametrize("records", [
    [{"id": 1, "text": "记者王振表示"}, {"text": "副局长黄文波透露", "source": "x"},
     {"text": "", "id": 3}],
])
def test_mention_records_annotate_keeps_order_and_keys(records):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    out = [json.loads(line) for line in annotate_lines(lines)]
    assert [r["text"] for r in out] == [r["text"] for r in records]
    for before, after in zip(records, out):
        assert list(after)[:len(before)] == list(before)
        assert {k: after[k] for k in before} == before
        assert "label" in after


@pytest.mark.parametrize("line", [
    '{"text": "记者王振表示", "label": {"game": {"王振": [[2, 3]]}}, "id": 9}',
])
def test_mention_records_annotate_replaces_label_in_place(line):
    out = json.loads(next(annotate_lines([line])))
    assert list(out) == ["text", "label", "id"]
    assert "game" not in out["label"]
    assert out["label"]["position"] == {"记者": [[0, 1]]}


@pytest.mark.parametrize("line", ["JSON?", '["text"]', '{"id": 1}', '{"text": 5}'])
def test_mention_records_bad_line_names_line_number(line):
    lines = ['{"text": "记者王振"}', "", line]
    with pytest.raises(InputError, match="line 3"):
        list(annotate_lines(lines))


@pytest.mark.parametrize("texts", [["记者王振表示", "广州市房管局副局长黄文波透露"]])
def test_mention_records_cli_writes_file(tmp_path, texts):
    in_path, out_path = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    in_path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
                       encoding="utf-8")
    assert cli.main(["mentions", str(in_path), "-o", str(out_path)]) == 0
    out = [json.loads(line) for line in out_path.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in out] == texts
    assert all("label" in r for r in out)


@pytest.mark.parametrize("text", ["记者王振表示"])
def test_mention_records_cli_reads_stdin(monkeypatch, capsys, text):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"text": text}) + "\n"))
    assert cli.main(["mentions", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == text and out["label"]["position"] == {"记者": [[0, 1]]}


@pytest.mark.parametrize("line", ["not json"])
def test_mention_records_cli_bad_line_exits_1(tmp_path, capsys, line):
    in_path = tmp_path / "in.jsonl"
    in_path.write_text(line + "\n", encoding="utf-8")
    assert cli.main(["mentions", str(in_path), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and err.count("\n") == 1


@pytest.mark.parametrize(("text", "name", "position"), [("星海科技董事长李明远表示", "李明远", "董事长")])
def test_mention_records_model_loads_and_tags(text, name, position):
    from kg.mention_records import MODEL_PATH, _tagger

    assert MODEL_PATH.is_file() and _tagger() is not None
    found = _strings(text, find_mentions(text, LEX))
    assert name in found["name"] and position in found["position"]


@pytest.mark.parametrize("text", ["广州市房管局副局长黄文波透露了下半年的计划。"])
def test_mention_records_without_model_falls_back_to_rules(monkeypatch, tmp_path, text):
    import kg.mention_records as mr

    monkeypatch.setattr(mr, "MODEL_PATH", tmp_path / "missing.crfsuite")
    mr._tagger.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="missing"):
            found = _strings(text, find_mentions(text, LEX))
    finally:
        mr._tagger.cache_clear()
    assert "副局长" in found["position"]

"""The lexicons are data: editing them changes extraction with no code change."""
from __future__ import annotations

import shutil

import pytest

from kg import cli
from kg.errors import OntologyError
from kg.evaluate import records_from_graph
from kg.lexicon import DEFAULT_DIR, load_lexicon
from kg.pipeline import build_graph

TEXT = "星港物流公司领航官陈立新表示，公司将加快数字化转型。\n"


def _roles(ontology) -> set:
    g = build_graph("测试标题\n\n" + TEXT, "t", ontology=ontology)
    return {(r["person"], r["role"]) for r in records_from_graph(g) if r["type"] == "role"}


def test_lexicon_new_title_changes_extraction(tmp_path):
    assert ("陈立新", "领航官") not in _roles(DEFAULT_DIR)
    custom = tmp_path / "onto"
    shutil.copytree(DEFAULT_DIR, custom)
    with open(custom / "titles.ttl", "a", encoding="utf-8") as f:
        f.write('kgt:custom1 a skos:Concept ; skos:inScheme kgt:scheme ; '
                'skos:prefLabel "领航官"@zh ; kg:titleKind "corporate" .\n')
    assert ("陈立新", "领航官") in _roles(custom)


def test_lexicon_cli_ontology_flag(tmp_path):
    custom = tmp_path / "onto"
    shutil.copytree(DEFAULT_DIR, custom)
    with open(custom / "titles.ttl", "a", encoding="utf-8") as f:
        f.write('kgt:custom1 a skos:Concept ; skos:inScheme kgt:scheme ; '
                'skos:prefLabel "领航官"@zh ; kg:titleKind "corporate" .\n')
    article = tmp_path / "a.txt"
    article.write_text("测试标题\n\n" + TEXT, encoding="utf-8")
    assert cli.main(["build", str(article), "-o", str(tmp_path / "out"), "--ontology", str(custom), "-q"]) == 0
    assert "领航官" in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")


@pytest.mark.parametrize("broken", ["titles.ttl", "lexicon.ttl"])
def test_lexicon_missing_file_is_ontology_error(tmp_path, broken):
    custom = tmp_path / "onto"
    shutil.copytree(DEFAULT_DIR, custom)
    (custom / broken).unlink()
    with pytest.raises(OntologyError, match=broken):
        load_lexicon(custom)

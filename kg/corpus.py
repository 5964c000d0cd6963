"""Many articles: build one graph from files and folders, and score gold folders.

One bad article never stops a batch: its error is collected and the rest goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import ORG, RDF, SDO

from kg.errors import KGError, UnknownNameError
from kg.evaluate import Score, gold_pairs, read_gold, records_from_graph, score_article
from kg.graph import KG, new_graph
from kg.lexicon import DEFAULT_DIR
from kg.pipeline import build_graph
from kg.read import article_paths, read_text

FORMATS = ("ttl", "html")


@dataclass
class BuildResult:
    articles: int = 0
    written: list = field(default_factory=list)
    failures: list = field(default_factory=list)      # (path, error message)
    counts: dict = field(default_factory=dict)


def count_facts(g: Graph) -> dict[str, int]:
    def n(cls) -> int:
        return len(set(g.subjects(RDF.type, cls)))

    from rdflib.namespace import FOAF

    return {"person": n(FOAF.Person), "org": n(ORG.Organization), "role": n(ORG.Membership),
            "agreement": n(KG.Agreement), "event": n(SDO.Event)}


def build_corpus(paths, output: Path, *, ontology: Path = DEFAULT_DIR,
                 formats=FORMATS) -> BuildResult:
    """Build the graph of every article under ``paths`` and write it in ``formats`` to ``output``."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UnknownNameError(f"Unknown output format {unknown[0]!r}. Available: {', '.join(FORMATS)}.")
    result = BuildResult()
    graph = new_graph()
    for path in article_paths(paths):
        try:
            text = read_text(path)
            build_graph(text, path.stem, ontology=ontology, graph=graph)
            result.articles += 1
        except KGError as exc:
            result.failures.append((path, str(exc)))
        except OSError as exc:
            result.failures.append((path, f"{path}: {exc}"))
    result.counts = count_facts(graph)
    if "ttl" in formats:
        from kg.export.turtle import write_turtle

        result.written.append(write_turtle(graph, output / "graph.ttl"))
    if "html" in formats:
        from kg.export.html import write_html

        result.written.append(write_html(graph, output / "graph.html"))
    return result


def evaluate_dirs(dirs, *, ontology: Path = DEFAULT_DIR, output: Path | None = None) -> dict[str, Score]:
    """Score every ID.txt + ID.gold.jsonl pair of ``dirs``, reading predictions from the graph."""
    scores: dict[str, Score] = {}
    for directory in dirs:
        for text_path, gold_path in gold_pairs(directory):
            graph = build_graph(read_text(text_path), text_path.stem, ontology=ontology)
            if output is not None:
                from kg.export.turtle import write_turtle

                write_turtle(graph, output / text_path.stem / "graph.ttl")
            score_article(text_path.stem, read_gold(gold_path), records_from_graph(graph), scores)
    return scores

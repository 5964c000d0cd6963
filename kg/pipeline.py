"""The whole flow, top to bottom: text → cleaned article → sentences → relations → graph."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.clean import clean_article, simplify
from kg.entities import resolve_entities
from kg.graph import add_relations, new_graph
from kg.lexicon import DEFAULT_DIR, load_lexicon
from kg.mentions import matcher_for, words
from kg.model import Article, Entity, Relation
from kg.relations import Context, extract_relations
from kg.sentences import split_sentences


def extract(article: Article, ontology: str | Path = DEFAULT_DIR) -> tuple[list[Relation], list[Entity]]:
    """The article's relations, with organization names merged into entities."""
    lex = load_lexicon(ontology)
    context = Context.for_article(article, lex)
    relations = extract_relations(split_sentences(article), context)
    return resolve_entities(relations, context)


def read_article(article_id: str, text: str, ontology: str | Path = DEFAULT_DIR, **meta) -> Article:
    return clean_article(article_id, text, load_lexicon(ontology), **meta)


def build_graph(text: str, article_id: str = "article", *, ontology: str | Path = DEFAULT_DIR,
                graph: Graph | None = None, **meta) -> Graph:
    """Text in, rdflib.Graph out: the whole pipeline for one article."""
    article = read_article(article_id, text, ontology, **meta)
    relations, entities = extract(article, ontology)
    return add_relations(graph if graph is not None else new_graph(), article, relations, entities)


def warm_up(ontology: str | Path = DEFAULT_DIR) -> None:
    """Load what every article needs (lexicon, matcher, jieba's dictionary, OpenCC) now, not on
    the first article: processes forked afterwards (``kg.corpus`` workers) start with it loaded."""
    matcher_for(load_lexicon(ontology))
    words("的")
    simplify("與")

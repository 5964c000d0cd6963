"""Relations → rdflib.Graph, following the RDF contract in README.md.

Each fact becomes one node typed with the class whose ``kg:recordType`` is the relation's name
(org:Membership for ``role``, kg:Agreement, kg:Signatory, schema:Event), carrying its evidence
sentence and offsets and ``prov:wasDerivedFrom`` the article. IRIs are minted from stable hashes,
never from raw text, so any input gives valid IRIs and the same article gives the same graph.

Literals carry the article's own text, with the few characters no RDF or XML syntax can carry
safely replaced one for one (``safe_text``: lone surrogates and control characters other than
tab, newline and carriage return), so offsets still count the same characters and every
exporter (Turtle, N-Triples, JSON-LD, GraphML, GEXF, HTML) can write any article.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace

from kg.model import Article, Entity, Relation

KG = Namespace("https://w3id.org/zhkg/ontology#")
ID = Namespace("https://w3id.org/zhkg/id/")
PREFIXES = {"kg": KG, "kgid": ID, "org": ORG, "schema": SDO, "prov": PROV, "skos": SKOS,
            "foaf": FOAF, "rdfs": RDFS, "xsd": XSD, "owl": OWL}

_SAFE_ID = re.compile(r"[A-Za-z0-9_.~-]{1,80}")       # used as is when it matches whole
_DOTS = re.compile(r"\.+")                              # "." and ".." are path steps, not names
# Characters that XML 1.0 cannot hold and that are unsafe in N-Triples lines: C0 controls other
# than tab, newline and CR, lone surrogates (not encodable as UTF-8), U+FFFE and U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REPLACE = {c: "\ufffd" for c in [*range(0x09), *range(0x0E, 0x20), *range(0xD800, 0xE000),
                                 0xFFFE, 0xFFFF]}
_REPLACE.update({0x0B: " ", 0x0C: " "})                  # vertical tab, form feed: spaces


def safe_text(text: str) -> str:
    """``text`` with unsafe characters replaced one for one (offsets keep their meaning).

    Vertical tab and form feed become a space; other control characters, lone surrogates and
    U+FFFE/U+FFFF become U+FFFD.

    >>> safe_text("a\\x00b\\x0cc\\ud800")
    'a\ufffdb c\ufffd'
    """
    if not _UNSAFE.search(text):
        return text
    return text.translate(_REPLACE)


def digest(*parts: str) -> str:
    """A short stable hash of some strings.

    >>> digest("李四")
    'b7b286678338a209'
    """
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def article_iri(article_id: str) -> URIRef:
    """The article's IRI: its id when that is IRI-safe, a hash of it otherwise.

    >>> article_iri("d01")
    rdflib.term.URIRef('https://w3id.org/zhkg/id/article/d01')
    >>> article_iri("d01\\n") == article_iri("d01")    # a newline is not IRI-safe
    False
    """
    safe = _SAFE_ID.fullmatch(article_id) and not _DOTS.fullmatch(article_id)
    local = article_id if safe else digest(article_id)
    return ID[f"article/{local}"]


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _zh(text: str) -> Literal:
    return Literal(safe_text(text), lang="zh")


def _plain(text: str, datatype: URIRef | None = None) -> Literal:
    return Literal(safe_text(text), datatype=datatype)


def _date_literal(value: str) -> Literal:
    return _plain(value, XSD.dateTime if "T" in value else XSD.date)


class _Minter:
    """Mints the IRIs of one article's nodes and adds their labels once."""

    def __init__(self, g: Graph, article: Article, entities: Iterable[Entity]):
        self.g = g
        self.article = article
        self.base = str(article_iri(article.id))
        self.entity_of: dict[str, Entity] = {}
        for e in entities:
            for name in e.names:
                self.entity_of.setdefault(name, e)

    def _provenance(self, node: URIRef) -> None:
        self.g.add((node, PROV.wasDerivedFrom, URIRef(self.base)))

    def person(self, name: str) -> URIRef:
        node = URIRef(f"{self.base}/person/{digest(name)}")
        if (node, RDF.type, FOAF.Person) not in self.g:
            self.g.add((node, RDF.type, FOAF.Person))
            self.g.add((node, RDF.type, SDO.Person))
            self.g.add((node, RDFS.label, _zh(name)))
            self.g.add((node, SDO.name, _zh(name)))
            self._provenance(node)
        return node

    def org(self, name: str) -> URIRef:
        entity = self.entity_of.get(name) or Entity(name)
        node = URIRef(f"{self.base}/org/{digest(entity.label)}")
        if (node, RDF.type, ORG.Organization) not in self.g:
            g = self.g
            g.add((node, RDF.type, ORG.Organization))
            g.add((node, RDFS.label, _zh(entity.label)))
            g.add((node, SKOS.prefLabel, _zh(entity.label)))
            for alias in entity.aliases:
                if alias != entity.label:
                    g.add((node, SKOS.altLabel, _zh(alias)))
            self._provenance(node)
            if entity.parent:
                parent = self.org(entity.parent)
                g.add((node, RDF.type, ORG.OrganizationalUnit))
                g.add((node, ORG.subOrganizationOf, parent))
                g.add((node, ORG.unitOf, parent))
                g.add((parent, ORG.hasSubOrganization, node))
        return node

    def role(self, title: str) -> URIRef:
        node = ID[f"role/{digest(title)}"]
        if (node, RDF.type, ORG.Role) not in self.g:
            self.g.add((node, RDF.type, ORG.Role))
            self.g.add((node, RDFS.label, _zh(title)))
        return node

    def place(self, name: str) -> URIRef:
        node = URIRef(f"{self.base}/place/{digest(name)}")
        if (node, RDF.type, SDO.Place) not in self.g:
            self.g.add((node, RDF.type, SDO.Place))
            self.g.add((node, RDFS.label, _zh(name)))
            self.g.add((node, SDO.name, _zh(name)))
        return node

    def fact(self, relation: Relation, cls: URIRef, *key: str) -> URIRef:
        segment = "membership" if relation.name == "role" else relation.name
        node = URIRef(f"{self.base}/{segment}/{digest(*key)}")
        g = self.g
        if (node, RDF.type, cls) in g:
            return node   # the same fact read again: the first sentence is its evidence
        g.add((node, RDF.type, cls))
        self._provenance(node)
        start, end, text = relation.evidence
        if relation.sentence is not None:
            g.add((node, KG.evidence, _zh(text)))
            g.add((node, KG.startOffset, Literal(start)))
            g.add((node, KG.endOffset, Literal(end)))
        return node


def add_article(g: Graph, article: Article) -> URIRef:
    """Add the schema:NewsArticle node with the article's metadata."""
    node = article_iri(article.id)
    g.add((node, RDF.type, SDO.NewsArticle))
    g.add((node, SDO.identifier, _plain(article.id)))
    if article.headline:
        g.add((node, SDO.headline, _zh(article.headline)))
        g.add((node, RDFS.label, _zh(article.headline)))
    if article.date_published:
        g.add((node, SDO.datePublished, _date_literal(article.date_published)))
    for author in article.authors:
        g.add((node, SDO.author, _zh(author)))
    if article.url:
        g.add((node, SDO.url, _plain(article.url, XSD.anyURI)))
    if article.source:
        g.add((node, SDO.publisher, _zh(article.source)))
    return node


def add_relations(g: Graph, article: Article, relations: Iterable[Relation],
                  entities: Iterable[Entity] = ()) -> Graph:
    """Add one article's facts to ``g`` and return it."""
    add_article(g, article)
    mint = _Minter(g, article, entities)
    for r in relations:
        a = r.args
        if r.name == "role":
            person, org, role = mint.person(a["person"]), mint.org(a["org"]), mint.role(a["title"])
            org_label = mint.entity_of.get(a["org"], Entity(a["org"])).label
            m = mint.fact(r, ORG.Membership, a["person"], a["title"], org_label)
            g.add((m, ORG.member, person))
            g.add((m, ORG.organization, org))
            g.add((m, ORG.role, role))
            g.add((m, RDFS.label, _zh(f"{a['person']} {org_label}{a['title']}")))
            g.add((person, ORG.memberOf, org))
        elif r.name == "agreement":
            parties = [mint.org(p) for p in a["parties"]]
            node = mint.fact(r, KG.Agreement, a["title"], *sorted(str(p) for p in parties))
            g.add((node, RDFS.label, _zh(a["title"])))
            g.add((node, SDO.name, _zh(a["title"])))
            for p in parties:
                g.add((node, KG.party, p))
                g.add((p, KG.signed, node))
            if a.get("date"):
                g.add((node, SDO.startDate, _date_literal(a["date"])))
        elif r.name == "signatory":
            person, org = mint.person(a["person"]), mint.org(a["org"])
            node = mint.fact(r, KG.Signatory, a["person"], str(org))
            g.add((node, KG.person, person))
            g.add((node, KG.org, org))
            g.add((node, RDFS.label, _zh(f"{a['person']} ({a['org']})")))
            g.add((person, KG.signedFor, org))
        elif r.name == "event":
            node = mint.fact(r, SDO.Event, a["name"], a.get("date", ""))
            g.add((node, SDO.name, _zh(a["name"])))
            g.add((node, RDFS.label, _zh(a["name"])))
            if a.get("date"):
                g.add((node, SDO.startDate, _date_literal(a["date"])))
            if a.get("location"):
                g.add((node, SDO.location, mint.place(a["location"])))
            for o in a.get("organizer", ()):
                g.add((node, SDO.organizer, mint.org(o)))
            g.add((node, SDO.about, article_iri(article.id)))
    return g

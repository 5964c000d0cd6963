"""Signatory: a person signs on behalf of an organization (``X和Y代表双方签署``).

When the text names the organizations (``分别代表O1、O2``) they pair up in order; for ``双方`` a
signer's organization is the one their role records give, else the parties of the article's
latest agreement, in order.
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.model import Relation, Sentence
from kg.signing import find_signings

NAME = "signatory"
REQUIRES = ("person", "org")


def _org_of(ctx, person: str) -> tuple[str, str] | None:
    for r in reversed(ctx.relations):
        if r.name == "role" and r.args["person"] == person:
            return r.args["org"], r.args["org_key"]
    return None


def _latest_parties(ctx) -> list[tuple[str, str]]:
    for r in reversed(ctx.relations):
        if r.name == "agreement":
            return list(zip(r.args["parties"], r.args["party_keys"]))
    return []


def extract(sentence: Sentence, ctx) -> Iterator[Relation]:
    for signing in find_signings(sentence, ctx):
        parties = _latest_parties(ctx)
        for i, (person_span, party) in enumerate(signing.signers):
            person = ctx.text(*person_span)
            if party is not None:
                org = (ctx.text(party.start, party.end) if party.start >= 0 else party.key, party.key)
            else:
                org = _org_of(ctx, person) or (parties[i] if i < len(parties) else None)
            if org:
                yield Relation(NAME, {"person": person, "org": org[0], "org_key": org[1]}, sentence)

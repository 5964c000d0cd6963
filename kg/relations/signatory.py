"""Signatory: a person signs on behalf of an organization (``X和Y代表双方签署``).

When the text names the organizations (``分别代表O1、O2``) they pair up in order; for ``双方`` a
signer's organization is the one their role records give, else the parties of the article's
latest agreement, in order.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Relation, Sentence
from kg.signing import find_signings, latest_agreement, names_in

NAME = "signatory"
REQUIRES = ("person", "org")


def _org_of(ctx, person: str) -> tuple[str, str] | None:
    for r in reversed(ctx.relations):
        if r.name == "role" and r.args["person"] == person:
            return r.args["org"], r.args["org_key"]
    return None


def _common(a: str, b: str) -> int:
    """Length of the longest common substring of two names."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _as_party(ctx, org: tuple[str, str], parties: list[tuple[str, str]]) -> tuple[str, str]:
    """A signer's role may be at a unit (某集团江西分公司); the party is the organization it belongs to."""
    from kg.entities import alias_of

    key = org[1]
    legal = ctx.lex.legalForms
    for party in parties:   # 港科大知识转移处 for 香港科技大学（简称“港科大”）: the party
        for name in (party[1], *_short_names(ctx, party[1])):
            rest = key[len(name):]
            if key != name and key.startswith(name) and (ctx.matcher.unit_suffix(rest)
                                                         or ctx.matcher.org_suffix(rest)):
                return party
    if any(key == p[1] or alias_of(key, p[1], ctx.matcher, legal) or alias_of(p[1], key, ctx.matcher, legal)
           or _declared(ctx, key, p[1]) for p in parties):
        return org
    generic = ctx.lex.set("legalForms") | set(ctx.matcher.org_suffixes)
    scored = []
    for party in parties:
        core = party[1]
        for word in sorted(generic, key=len, reverse=True):
            core = core.replace(word, "")
        scored.append((_common(key, core), party))
    scored.sort(key=lambda x: -x[0])
    if scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return org


def _short_names(ctx, full: str) -> list[str]:
    """The short names the article declares for ``full`` (X（以下简称“Y”））."""
    return re.findall(re.escape(full) + r"[（(](?:以下简称|简称|下称)[“\"「]([^”\"」]{1,12})[”\"」]", ctx.article.analysis)


def _declared(ctx, short: str, full: str) -> bool:
    """Does the article declare one name as the other's short form (X（以下简称“Y”））?"""
    text = ctx.article.analysis
    return any(f"{a}（以下简称“{b}”）" in text or f"{a}（简称“{b}”）" in text for a, b in ((full, short), (short, full)))


def extract(sentence: Sentence, ctx) -> Iterator[Relation]:
    for signing in find_signings(sentence, ctx):
        latest = latest_agreement(ctx)
        parties = [(text, key) for key, text in names_in(latest)] if latest else []
        for i, (person_span, party) in enumerate(signing.signers):
            person = ctx.text(*person_span)
            if party is not None:
                org = (ctx.text(party.start, party.end) if party.start >= 0 else (party.text or party.key), party.key)
            else:
                org = _org_of(ctx, person)
                org = _as_party(ctx, org, parties) if org else (parties[i] if i < len(parties) else None)
            if org:
                yield Relation(NAME, {"person": person, "org": org[0], "org_key": org[1]}, sentence)

"""Agreement: organizations sign an agreement (每个签约方, never the witnesses).

``东海电信与北湖区科经委、北京青禾量子科技有限公司三方签署了…合作协议`` → one agreement, three
parties; ``省商务厅分别与A、B签署了战略合作协议`` → one per pair. See kg/signing.py.
"""
from __future__ import annotations

from collections.abc import Iterator

from kg.mentions import FILLER, mask_declarations, unmasked
from kg.model import Relation, Sentence
from kg.signing import find_signings, latest_agreement

NAME = "agreement"
REQUIRES = ("org",)
DEFAULT_TITLE = "协议"


def _party_text(ctx, p) -> str:
    """The party as written, without a short-name declaration inside it (某公司（以下简称“X”）党委)."""
    if p.start < 0:
        return p.text or p.key
    return unmasked(ctx.text(p.start, p.end), mask_declarations(ctx.article.analysis[p.start:p.end]))


def _signers_orgs(ctx, signing) -> list[tuple[str, str]]:
    """The organizations of the people who signed, from their role records (代表各自医院)."""
    found = []
    for span, _ in signing.signers:
        person = ctx.text(*span)
        org = next(((r.args["org"], r.args["org_key"]) for r in reversed(ctx.relations)
                    if r.name == "role" and r.args["person"] == person), None)
        if org is None:
            return []
        found.append(org)
    return found


def extract(sentence: Sentence, ctx) -> Iterator[Relation]:
    """Yield one agreement per group of parties of each signing clause."""
    for signing in find_signings(sentence, ctx):
        title = ctx.text(*signing.title) if signing.title else DEFAULT_TITLE
        if signing.mutual and not signing.own and signing.title:
            # 某中心主任X与某学院院长Y签署了《…》: a named agreement of the signers' organizations
            named = ctx.article.analysis[signing.title[0] - 1:signing.title[0]] == "《" \
                or title not in ctx.lex.set("agreementHeads")   # not 在协议上签字
            orgs = _signers_orgs(ctx, signing) if named and not signing.counted else []
            earlier = latest_agreement(ctx, len(signing.signers))   # two signers: 双方
            if len({key for _, key in orgs}) < 2 and earlier is not None:
                # X与Y代表双方签署了《…》: the parties of the signing named before
                yield Relation(NAME, {**earlier.args, "title": title}, sentence)
                continue
            if signing.counted and earlier is None:   # …双方 never named in a signing: the signers'
                orgs = _signers_orgs(ctx, signing)
        else:   # 代表各自单位: the signers' own organizations
            orgs = _signers_orgs(ctx, signing) if signing.mutual and signing.own else []
        if len({key for _, key in orgs}) >= 2:
            groups = [[orgs[0], o] for o in orgs[1:]] if signing.pairwise else [orgs]
            for group in groups:
                yield Relation(NAME, {"title": title, "parties": [t for t, _ in group],
                                      "party_keys": [k for _, k in group],
                                      "party_spans": [None] * len(group)}, sentence)
        for i, group in enumerate(signing.groups):
            span = signing.titles[i] if signing.titles else signing.title
            title = ctx.text(*span) if span else DEFAULT_TITLE
            yield Relation(NAME, {"title": title,
                                  "parties": [_party_text(ctx, p) for p in group],
                                  "party_keys": [_key(p) for p in group],
                                  "party_spans": [(p.start, p.end) if p.start >= 0 else None for p in group]},
                           sentence)


def _key(p) -> str:
    return "".join(c for c in p.key if c != FILLER)

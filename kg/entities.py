"""Entities: organization names that mean one organization become one node (placeholder)."""
from __future__ import annotations

from kg.model import Entity, Relation


def resolve_entities(relations: list[Relation], context) -> tuple[list[Relation], list[Entity]]:
    return relations, []

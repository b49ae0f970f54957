"""The page's Agent notes (the Redis note): ``rules/agent.toml``."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ddlint import facts
from ddlint.facts.integrations import integrations


@dataclass(frozen=True)
class RedisNote:
    """The Redis note's facts."""

    clients: frozenset[str]  # distributions of the page's Redis rows
    commands: tuple[str, ...]
    agent_minimum: str
    extension_minimum: str
    extension_text: str  # the page's spelling, "v28.0.0"
    serverless_markers: frozenset[str]


@functools.lru_cache(maxsize=1)
def redis_note() -> RedisNote:
    data = facts.load("agent")
    ids = set(data["redis"]["integrations"])
    clients = frozenset(name for row in integrations() if row.id in ids
                        for name in row.distributions)
    return RedisNote(
        clients=clients,
        commands=tuple(data["redis"]["commands"]),
        agent_minimum=data["agent"]["minimum"],
        extension_minimum=data["lambda_extension"]["minimum"],
        extension_text=data["lambda_extension"].get("minimum_text",
                                                    data["lambda_extension"]["minimum"]),
        serverless_markers=frozenset(data["lambda_extension"]["marker_distributions"]),
    )

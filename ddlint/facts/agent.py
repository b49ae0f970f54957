"""The page's Agent notes (the Redis note): ``rules/agent.toml``."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from ddlint import facts
from ddlint.facts.integrations import distributions_of
from ddlint.records import dataclass


@dataclass(frozen=True)
class RedisNote:
    """The Redis note's facts."""

    clients: frozenset[str]  # distributions of the page's Redis rows, and the other clients
    # Clients traced by some tracer releases only: distribution -> those releases (a PEP 440
    # specifier, e.g. aioredis "<4").
    client_tracers: Mapping[str, str]
    commands: tuple[str, ...]
    agent_minimum: str
    extension_minimum: str
    extension_text: str  # the page's spelling, "v28.0.0"
    # ddlint's judgement: the first Extension layer carrying the fix (the page's v28.0.0 is the
    # libdatadog it carries), and why in words
    extension_layer: int
    extension_layer_text: str
    serverless_markers: frozenset[str]


@functools.lru_cache(maxsize=1)
def redis_note() -> RedisNote:
    data = facts.load("agent")
    ids = set(data["redis"]["integrations"])
    clients = set(distributions_of(ids))
    others = data["redis"].get("client", [])
    clients.update(row["distribution"] for row in others)
    return RedisNote(
        clients=frozenset(clients),
        client_tracers={row["distribution"]: row["tracer"] for row in others if row["tracer"]},
        commands=tuple(data["redis"]["commands"]),
        agent_minimum=data["agent"]["minimum"],
        extension_minimum=data["lambda_extension"]["minimum"],
        extension_text=data["lambda_extension"].get("minimum_text",
                                                    data["lambda_extension"]["minimum"]),
        extension_layer=int(data["lambda_extension"]["first_layer"]),
        extension_layer_text=data["lambda_extension"]["first_layer_text"],
        serverless_markers=frozenset(data["lambda_extension"]["marker_distributions"]),
    )

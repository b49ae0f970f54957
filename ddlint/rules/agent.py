"""The page's Agent notes: a traced Redis client needs an Agent (or Lambda Extension) recent
enough to obfuscate authentication arguments. Facts: ``rules/agent.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.environment import applicable
from ddlint.facts.agent import RedisNote, redis_note
from ddlint.model import Dependency, Diagnostic, Rule, Severity
from ddlint.records import dataclass
from ddlint.rules.context import Context, lock_wins
from ddlint.rules.tracer import TRACER, tracer_pins

_SOURCE = (
    "Datadog, \"Python Compatibility Requirements\", Datastore compatibility section, the Redis "
    "note (rules/agent.toml); the Redis clients beyond the page's rows are ddlint's judgement "
    "from the tracer's own data ([[redis.client]] in rules/agent.toml)"
)

REDIS_AGENT = Rule(
    code="DDL401",
    name="redis-agent-obfuscation",
    severity=Severity.WARNING,
    summary=(
        "A traced Redis client with a Datadog Agent older than 7.76.1, or an Agent version "
        "that is not declared."
    ),
    why=(
        "Redis 6.0+ accepts authentication inline in commands such as HELLO, MIGRATE and "
        "ACL SETUSER. The tracer records commands in spans; the Datadog Trace Agent obfuscates "
        "those arguments from 7.76.1 on. With an older Agent, passwords may be kept in traces. "
        "Reported for every locked or pinned Redis client in a project that uses the tracer: "
        "the distributions of the page's Redis rows (redis, redis-py-cluster) and the other "
        "clients the tracer's own data shows instrumented by default (valkey on ddtrace 3.x "
        "and later, aredis, yaaredis, and aioredis on ddtrace 2.x and 3.x; the tracer's 4.x "
        "line no longer has an aioredis integration). hiredis is not a client but a reply "
        "parser that redis-py and valkey load, so their findings cover it. Declaring "
        "`agent-version = \"7.76.1\"` or newer silences it. On serverless (see DDL402) the "
        "Lambda Extension does this work, so DDL401 is reported there only when an Agent "
        "version is declared."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==4.16.0\n    redis==5.0.8\n\n"
        "with `--agent-version 7.76.0` (or no Agent version declared)."
    ),
    fix=(
        "Upgrade the Datadog Agent to 7.76.1 or newer and declare it: `--agent-version 7.76.1` "
        "or `agent-version = \"7.76.1\"` in the configuration."
    ),
    source=_SOURCE,
    tags=("security", "agent"),
)
REDIS_LAMBDA_EXTENSION = Rule(
    code="DDL402",
    name="lambda-extension-obfuscation",
    severity=Severity.WARNING,
    summary=(
        "A traced Redis client on serverless with a Datadog Lambda Extension older than "
        "v28.0.0, or an Extension version that is not declared."
    ),
    why=(
        "On AWS Lambda the Datadog Lambda Extension, not the Agent, processes traces; it "
        "obfuscates the authentication arguments of Redis commands (HELLO, MIGRATE, ACL SETUSER) "
        "from v28.0.0 on. A Redis client is on serverless when its dependency file (with the "
        "files it includes; a lockfile with its manifest) installs `datadog-lambda`, or the "
        "configuration says `serverless = true` (or `--serverless`): one Lambda function's "
        "file does not make a repository's web app serverless."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==4.16.0\n    datadog-lambda==8.118.0\n"
        "    redis==5.0.8\n\nwith `--lambda-extension-version 27`."
    ),
    fix=(
        "Use the Datadog Lambda Extension v28.0.0 or newer (the layer version in the function's "
        "configuration) and declare it: `--lambda-extension-version 28.0.0` or "
        "`lambda-extension-version = \"28.0.0\"`."
    ),
    source=_SOURCE,
    tags=("security", "agent", "serverless"),
)

RULES = (REDIS_AGENT, REDIS_LAMBDA_EXTENSION)


@dataclass(frozen=True)
class Component:
    """What processes the traces: the Agent, or the Lambda Extension on serverless."""

    rule: Rule
    title: str  # "Datadog Agent"
    minimum: str
    minimum_text: str  # as the page writes it
    key: str  # the configuration key that declares it (the option is --<key>)
    prefix: str = ""  # how the page prefixes a version ("v28.0.0")
    where: str = ""  # words that set the scene in the message


def check(context: Context) -> Iterator[Diagnostic]:
    note = redis_note()
    clients = _redis_clients(context, note)
    # The note is about traces: without the tracer in the project, nothing is recorded.
    if not clients or not _uses_tracer(context):
        return
    settings = context.settings
    agent = Component(REDIS_AGENT, "Datadog Agent", note.agent_minimum, note.agent_minimum,
                      "agent-version")
    extension = Component(REDIS_LAMBDA_EXTENSION, "Datadog Lambda Extension",
                          note.extension_minimum, note.extension_text,
                          "lambda-extension-version", prefix="v", where="on serverless ")
    commands = ", ".join(note.commands)
    seen: set[tuple[str, Optional[str], Optional[str], bool]] = set()
    for client in clients:
        serverless = settings.serverless or _serverless(context, client, note)
        key = (client.name, client.version, client.marker, serverless)
        if key in seen:
            continue
        seen.add(key)
        judged: list[tuple[Component, Optional[str]]] = []
        if not serverless or settings.agent_version is not None:
            judged.append((agent, settings.agent_version))
        if serverless:
            judged.append((extension, settings.lambda_extension_version))
        for component, declared in judged:
            finding = _judge(client, commands, component, declared)
            if finding is not None:
                yield finding


def _judge(
    client: Dependency, commands: str, component: Component, declared: Optional[str]
) -> Optional[Diagnostic]:
    label = f"{client.name} {client.version}" if client.version else client.name
    risk = (f"{component.where}the authentication arguments of {commands} may be kept in "
            f"traces unobfuscated with a {component.title} older than {component.minimum_text}")
    if declared is None:
        state = f"the {component.title} version is unknown"
    elif _older(declared, component.minimum):
        state = f"the {component.title} is {component.prefix}{declared}"
    else:
        return None
    fix = (f"use {component.title} {component.minimum_text} or newer and declare it "
           f"({component.key} = \"{component.minimum}\" or --{component.key})")
    return component.rule.diagnostic(client.location, f"{label} is traced and {state}: {risk}",
                                     dependency=client, fix=fix)


def _older(version: str, minimum: str) -> bool:
    from packaging.version import Version

    # The configuration check already accepts "v28.0.0"; strip the "v" here too for safety.
    return Version(version.lstrip("vV")) < Version(minimum.lstrip("vV"))


def _redis_clients(context: Context, note: RedisNote) -> list[Dependency]:
    """The Redis clients a project locks or pins; locked entries win over manifest pins, so
    that a project with both a manifest and its lockfile (or a requirements.in and its compiled
    requirements.txt) is told once per client (``check`` tells each once per name, version,
    marker and serverless verdict)."""
    pinned = [d for d in context.dependencies()
              if d.name in note.clients and (d.version or d.locked) and _installed(context, d)
              and _traced(context, note.client_tracers.get(d.name))]
    return list(dict.fromkeys(lock_wins(pinned)))


def _serverless(context: Context, client: Dependency, note: RedisNote) -> bool:
    """Whether the file of ``client`` (with its includes, a lock with its manifest) installs a
    serverless marker such as ``datadog-lambda``. Serverless is decided per dependency file: a
    repository's Lambda function does not make its web app serverless. A client whose file
    cannot be told is not on serverless: the Agent finding is the one reported."""
    file = context.file_of(client)
    if file is None:
        return False
    return any(dependency.name in note.serverless_markers and _installed(context, dependency)
               for companion in context.companions(file) for dependency in companion.dependencies)


def _traced(context: Context, releases: Optional[str]) -> bool:
    """Whether the tracer in use traces a client that only ``releases`` trace (aioredis: <4);
    with no tracer version known, it may."""
    if not releases:
        return True
    from packaging.specifiers import SpecifierSet

    pins = tracer_pins(context)
    return not pins or any(SpecifierSet(releases).contains(pin.version, prereleases=True)
                           for pin in pins)


def _uses_tracer(context: Context) -> bool:
    if context.settings.tracer_version or tracer_pins(context):
        return True
    return any(d.name == TRACER and _installed(context, d) for d in context.dependencies())


def _installed(context: Context, dependency: Dependency) -> bool:
    """Whether an entry applies in some targeted environment (its marker admits one)."""
    return bool(applicable(dependency.marker, context.targets.environments()))

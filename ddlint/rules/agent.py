"""The page's Agent notes: a traced Redis client needs an Agent (or Lambda Extension) recent
enough to obfuscate authentication arguments. Facts: ``rules/agent.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.environment import applicable
from ddlint.facts.agent import RedisNote, redis_note
from ddlint.model import (
    Declaration,
    Dependency,
    DependencyFile,
    Diagnostic,
    Location,
    Rule,
    Severity,
    quoted,
    shown,
)
from ddlint.records import dataclass, replace
from ddlint.rules.context import Context, lock_wins
from ddlint.rules.tracer import TRACER, declared_at, tracer_pins

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
        "`agent-version = \"7.76.1\"` or newer silences it. Where the Agent's version is read "
        "from: `--agent-version` / `agent-version` first; else the deployment files that apply "
        "to the dependency file (at or below the nearest folder upwards from them that holds "
        "a dependency file; `ddlint deployment` lists them): Agent images in compose files "
        "(with `.env`), Kubernetes manifests, ECS task definitions, Terraform, CDK and "
        "Dockerfiles; Helm `agents.image.tag` or the default Agent of a pinned chart (Terraform "
        "`helm_release`, Argo CD, Flux, `Chart.yaml`); the Operator's override or default; the "
        "install script's major. The lowest known version is judged and the finding names "
        "its file and line; a floating one (`latest`, no tag, `7`) gives an info that says how "
        "to pin it. On serverless (see DDL402) the Lambda Extension does this work, so DDL401 "
        "is reported there only when an Agent version is declared or read."
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
        "A traced Redis client on serverless with a Datadog Lambda Extension older than the "
        "page's v28.0.0 (judged as layer 93), or an Extension version that is not declared."
    ),
    why=(
        "On AWS Lambda the Datadog Lambda Extension, not the Agent, processes traces; the page "
        "says it obfuscates the authentication arguments of Redis commands (HELLO, MIGRATE, "
        "ACL SETUSER) from v28.0.0 on. The Extension's releases are layer numbers (v3 ... "
        "v99), not semver: v28.0.0 is the version of libdatadog that carries the fix, and "
        "the first Extension layer carrying it is 93 (2026-02-25); Extension v28 is a 2022 "
        "build. So by default the Extension is judged as a layer number against 93, and the "
        "message says so; with `--facts page` the page's literal v28.0.0 is compared. Where the "
        "Extension's layer is read from: `--lambda-extension-version` / "
        "`lambda-extension-version` first; else the deployment files that apply to the "
        "dependency file: `Datadog-Extension:NN` layer ARNs anywhere (serverless.yml, "
        "SAM/CloudFormation, Terraform, CDK), the `DatadogServerless` macro's, the CDK "
        "constructs' and the Terraform module's layer parameters, the defaults of the "
        "serverless plugin's, the constructs' and the module's versions, and "
        "`lambda-extension:<layer>` images in Dockerfiles. A Redis "
        "client is on serverless when its dependency file (with the files it includes; a "
        "lockfile with its manifest) installs `datadog-lambda`, a Lambda Extension or Python "
        "layer read from the deployment applies to it, or the configuration says "
        "`serverless = true` (or `--serverless`): one Lambda function's file does not make a "
        "repository's web app serverless."
    ),
    example=(
        "requirements.txt:\n\n    ddtrace==4.16.0\n    datadog-lambda==8.118.0\n"
        "    redis==5.0.8\n\nwith `--lambda-extension-version 92`."
    ),
    fix=(
        "Use the Datadog Lambda Extension layer 93 or newer (the layer version in the "
        "function's configuration) and declare it: `--lambda-extension-version 93` or "
        "`lambda-extension-version = \"93\"` (`v93` is accepted too)."
    ),
    source=_SOURCE + (
        "; layer 93: ddlint's judgement from the tags of DataDog/libdatadog and "
        "DataDog/datadog-lambda-extension (rules/agent.toml, [lambda_extension] first_layer)"),
    tags=("security", "agent", "serverless"),
)

RULES = (REDIS_AGENT, REDIS_LAMBDA_EXTENSION)


@dataclass(frozen=True)
class Component:
    """What processes the traces: the Agent, or the Lambda Extension on serverless."""

    rule: Rule
    title: str  # "Datadog Agent"
    minimum: str
    minimum_text: str  # as the message says it ("7.76.1", "layer 93 (...)")
    key: str  # the configuration key that declares it (the option is --<key>)
    kind: str  # what ``ddlint.deployment`` calls it: "agent", "lambda-extension"
    prefix: str = ""  # how a version is written ("v93")
    where: str = ""  # words that set the scene in the message
    layers: bool = False  # judged as a layer number (the Extension), not a PEP 440 version


@dataclass(frozen=True)
class Reading:
    """The version a client's file runs with: declared in the configuration or on the command
    line (``declaration`` None), or read from the deployment; ``others`` are the other
    declarations that apply, named in the message."""

    version: Optional[str]
    state: str  # "known" (or configured), "floating", "unknown", "none"
    declaration: Optional[Declaration] = None
    others: tuple[Declaration, ...] = ()


def check(context: Context) -> Iterator[Diagnostic]:
    note = redis_note()
    clients = _redis_clients(context, note)
    # The note is about traces: without the tracer in the project, nothing is recorded.
    if not clients or not _uses_tracer(context):
        return
    settings = context.settings
    agent = Component(REDIS_AGENT, "Datadog Agent", note.agent_minimum, note.agent_minimum,
                      "agent-version", "agent")
    extension = _extension(note, literal="tracer" not in settings.facts)
    commands = ", ".join(note.commands)
    seen: set[tuple[str, Optional[str], Optional[str], bool]] = set()
    for client in clients:
        file = context.file_of(client)
        serverless = (settings.serverless or _serverless(context, client, note)
                      or bool(context.declared("lambda-extension", file)
                              or context.declared("lambda-python-layer", file)))
        key = (client.name, client.version, client.marker, serverless)
        if key in seen:
            continue
        seen.add(key)
        read_agent = _reading(context, file, agent, settings.agent_version)
        judged: list[tuple[Component, Reading]] = []
        if not serverless or read_agent.state != "none":
            judged.append((agent, read_agent))
        if serverless:
            judged.append((extension, _reading(context, file, extension,
                                               settings.lambda_extension_version)))
        for component, reading in judged:
            finding = _judge(client, commands, component, reading)
            if finding is not None:
                yield finding


def _extension(note: RedisNote, *, literal: bool) -> Component:
    """The Lambda Extension as judged: by default its layer number against the first layer
    carrying the fix; with the page's facts only, the page's literal v28.0.0."""
    if literal:
        return Component(REDIS_LAMBDA_EXTENSION, "Datadog Lambda Extension",
                         note.extension_minimum, note.extension_text,
                         "lambda-extension-version", "lambda-extension", prefix="v",
                         where="on serverless ")
    return Component(REDIS_LAMBDA_EXTENSION, "Datadog Lambda Extension",
                     str(note.extension_layer), note.extension_layer_text,
                     "lambda-extension-version", "lambda-extension", prefix="v",
                     where="on serverless ", layers=True)


def _reading(context: Context, file: Optional[DependencyFile], component: Component,
             configured: Optional[str]) -> Reading:
    """Configuration and command line win; then the lowest known declaration of the
    deployment that applies to ``file``; a lower bound that meets the minimum; a release line
    wholly below it (Agent 6); else floating, else unknown, else none."""
    if configured is not None:
        return Reading(configured, "known")
    found = context.declared(component.kind, file)
    for declaration in found:
        version = declaration.version
        if version is None:
            continue
        below = _older(version, component)
        if (declaration.state == "known"
                or (declaration.state == "lower-bound" and not below)
                or (declaration.state == "line" and below
                    and _older(_next_line(version), component))):
            others = tuple(d for d in found if d is not declaration)
            return Reading(version, "known", declaration, others)
    for state in ("floating", "line", "lower-bound", "unknown"):
        chosen = next((d for d in found if d.state == state), None)
        if chosen is not None:
            others = tuple(d for d in found if d is not chosen)
            return Reading(chosen.version, "floating" if state in ("floating", "line")
                           else "unknown", chosen, others)
    return Reading(None, "none")


def _next_line(version: str) -> str:
    """The first release after the line ``version`` ("6" -> "7")."""
    from ddlint.versions import release_key

    numbers = release_key(version)
    return ".".join(map(str, (*numbers[:-1], numbers[-1] + 1))) if numbers else version


def _judge(
    client: Dependency, commands: str, component: Component, reading: Reading
) -> Optional[Diagnostic]:
    label = f"{client.name} {client.version}" if client.version else client.name
    risk = (f"{component.where}the authentication arguments of {commands} may be kept in "
            f"traces unobfuscated with a {component.title} older than {component.minimum_text}")
    fix = (f"use {component.title} {_minimum_words(component)} or newer and declare it "
           f"({component.key} = \"{component.minimum}\" or --{component.key})")
    declaration = reading.declaration
    severity = None
    related: tuple[Location, ...] = ()
    if reading.state == "none":
        state = f"the {component.title} version is unknown"
    elif reading.state == "unknown":
        assert declaration is not None
        state = (f"the {component.title} version is unknown "
                 f"({_named(declaration)} does not say it)")
        related = (declaration.location,)
    elif reading.state == "floating":
        assert declaration is not None
        severity = Severity.INFO
        state = (f"the {component.title} is floating ({_named(declaration)}): a pull after "
                 f"its {_minimum_words(component)} release passes, which cannot be checked")
        fix = (f"pin {component.title} {_minimum_words(component)} or newer in "
               f"{declared_at(declaration)}")
        related = (declaration.location,)
    else:
        assert reading.version is not None
        if not _older(reading.version, component):
            return None
        written = shown(reading.version)
        if declaration is None:
            state = f"the {component.title} is {component.prefix}{written}"
        else:
            state = f"the {component.title} is {_as_written(declaration, component)}"
            fix = (f"use {component.title} {_minimum_words(component)} or newer in "
                   f"{declared_at(declaration)}")
            related = (declaration.location,)
    if reading.others:
        state += "; also declared: " + ", ".join(_named(d) for d in reading.others[:5])
        if len(reading.others) > 5:
            state += f" and {len(reading.others) - 5} more"
    finding = component.rule.diagnostic(client.location, f"{label} is traced and {state}: {risk}",
                                        dependency=client, fix=fix, severity=severity)
    if related:
        finding = replace(finding, related=(*finding.related, *related))
    return finding


def _minimum_words(component: Component) -> str:
    return f"layer {component.minimum}" if component.layers else component.minimum


def _as_written(declaration: Declaration, component: Component) -> str:
    version = shown(declaration.version or "")
    shown_version = (f"layer {version}" if component.layers else version)
    detail = f", {declaration.detail}" if declaration.detail else ""
    return f"{shown_version} ({_named(declaration)}{detail})"


def _named(declaration: Declaration) -> str:
    """``docker-compose.yml:5 'datadog/agent:latest'``"""
    return f"{declared_at(declaration)} {quoted(declaration.declared, 60)}"


def _older(version: str, component: Component) -> bool:
    from packaging.version import InvalidVersion, Version

    from ddlint.versions import release_key

    if component.layers:  # a layer number: "93", "v93"; "28.0.0" is layer 28
        return release_key(version)[:1] < release_key(component.minimum)[:1]
    try:
        return Version(version.lstrip("vV")) < Version(component.minimum.lstrip("vV"))
    except InvalidVersion:  # an image tag ("7.65.0-full"): its release numbers
        return release_key(version) < release_key(component.minimum)


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
    if context.settings.tracer_version or tracer_pins(context) or context.declared("tracer"):
        return True
    return any(d.name == TRACER and _installed(context, d) for d in context.dependencies())


def _installed(context: Context, dependency: Dependency) -> bool:
    """Whether an entry applies in some targeted environment (its marker admits one)."""
    return bool(applicable(dependency.marker, context.targets.environments()))

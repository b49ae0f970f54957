"""Lambda layers: the Datadog Extension and Python layer ARNs anywhere
(``arn:aws:lambda:<region>:464622532012:layer:Datadog-Extension:NN``), and the parameters of
Datadog's Lambda tools that name a layer version (``extensionLayerVersion``,
``extension_layer_version``, ``datadog_extension_layer_version``, and the same for the Python
layer). A layer ARN's version is always a number (a layer cannot float); ``:latest`` is not
valid in AWS and reads as unknown.

The Python layer NN is datadog-lambda X.NN.0; the tracer it bundles is the newest ddtrace its
range admitted on its build day (``rules/deployment.toml``): a release line, exact only where
the range pinned ddtrace with ``==``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Optional

from ddlint.deployment.images import Resolve
from ddlint.deployment.sources import Source
from ddlint.model import Declaration
from ddlint.patterns import lazy

_VALUE = r"""(?:"[^"\n]*"|'[^'\n]*'|\$\{[^}\s]*\}|[\w.\-]+)"""
_ARN = lazy(
    r"arn:aws[\w-]*:lambda:(?:\$\{[^}\s]*\}|[^:\s\"'$]*):(?:\$\{[^}\s]*\}|[^:\s\"'$]*):layer:"
    r"(?P<name>Datadog-(?P<which>Extension|Python3(?P<minor>\d{1,2})))(?:-ARM)?(?:-FIPS)?"
    r":(?P<version>\$\{[^}\s]*\}|\{\{[^}]*\}\}|[\w.\-]+)"
)
_PARAMETER = lazy(
    r"(?<![\w.])(?P<key>(?:datadog_)?(?P<which>extension|python)_layer_version"
    r"|(?P<camel>extension|python)LayerVersion)[\"']?\s*(?:[:=]|\()\s*"
    rf"(?P<value>{_VALUE})"
)
_NUMBER = lazy(r"v?(\d{1,5})")
# The function's Python, where the file says it (SAM ``Runtime: python3.12``, serverless.yml
# ``runtime: python3.12``, Terraform ``runtime = "python3.12"``, CDK ``Runtime.PYTHON_3_12``)
_RUNTIME = lazy(r"""[Rr]untime["']?\s*[:=]\s*["']?python(?P<dotted>3\.\d+)"""
                r"""|Runtime\.PYTHON_3_(?P<minor>\d+)""")


def read(source: Source, via: str, resolve: Optional[Resolve] = None) -> Iterator[Declaration]:
    """The layer ARNs and layer parameters in ``source``."""
    for match in _ARN.finditer(source.text):
        which = "extension" if match.group("which") == "Extension" else "python"
        minor = match.group("minor")
        python = f"3.{minor}" if minor else None
        yield from _layer(source, which, match.group("version"), match.group(0),
                          source.line_of(match.start()), via=via, resolve=resolve, python=python)
    runtimes = {m.group("dotted") or f"3.{m.group('minor')}"
                for m in _RUNTIME.finditer(source.text)}
    runtime = runtimes.pop() if len(runtimes) == 1 else None  # one Python in the file
    for match in _PARAMETER.finditer(source.text):
        which = (match.group("which") or match.group("camel")).lower()
        value = match.group("value").strip("\"'")
        if not value:
            continue
        yield from _layer(source, which, value, match.group(0), source.line_of(match.start()),
                          via=via, resolve=resolve, python=runtime)


def _layer(source: Source, which: str, value: str, declared: str, line: int, *, via: str,
           resolve: Optional[Resolve], python: Optional[str]) -> Iterator[Declaration]:
    kind = "lambda-extension" if which == "extension" else "lambda-python-layer"
    if not _NUMBER.fullmatch(value):
        # a variable (``${var.x}``, ``var.x``, a parameter's name), one hop; ``latest`` is not
        # a layer version in AWS
        resolved = resolve(value) if resolve is not None and value != "latest" else None
        if resolved is None or not _NUMBER.fullmatch(resolved.strip()):
            detail = "not a layer number" if value == "latest" else \
                "a variable not set in the repository"
            yield source.declaration(kind, "unknown", None, declared, line, via=via,
                                     detail=detail)
            return
        value = resolved.strip()
    number = _NUMBER.fullmatch(value)
    assert number is not None
    layer = number.group(1)
    yield source.declaration(kind, "known", layer, declared, line, via=via)
    if kind == "lambda-python-layer":
        yield from python_layer_tracer(source, int(layer), python, declared, line, via=via)


def python_layer_tracer(source: Source, layer: int, python: Optional[str], declared: str,
                        line: int, *, via: str, detail: str = "") -> Iterator[Declaration]:
    """The tracer the Datadog Python layer ``layer`` bundles: exact when its range pinned it,
    else its release line, with the estimate in the detail."""
    from ddlint.facts.deployment import python_layer

    row = python_layer(layer, python)
    if row is None:
        return
    name = f"Datadog-Python{python.replace('.', '') if python else ''} layer {layer}"
    if row.layer != layer:
        name += f" (the build of layer {row.layer}: the runtime's first release)"
    about = f"{detail}{name}: datadog-lambda {row.datadog_lambda}, ddtrace{row.ddtrace}"
    if row.ddtrace.startswith("==") and "," not in row.ddtrace:
        yield source.declaration("tracer", "known", row.ddtrace[2:], declared, line, via=via,
                                 detail=about)
        return
    estimate = _estimate(row.estimate, python)
    if estimate is None:
        yield source.declaration("tracer", "unknown", None, declared, line, via=via,
                                 detail=f"{about}; the bundled ddtrace depends on the runtime")
        return
    yield source.declaration("tracer", "line", estimate.split(".")[0], declared, line, via=via,
                             detail=f"{about}, most likely ddtrace {estimate}")


_ESTIMATE = lazy(r"py(?P<low>[\d.]+)?(?:-(?P<high>[\d.]+))?(?P<from>>=[\d.]+)?: "
                 r"(?P<version>\d+\.\d+\.\d+)")


def _estimate(text: str, python: Optional[str]) -> Optional[str]:
    """The estimated ddtrace of a layer; split by runtime (``py3.9: 3.19.4; py>=3.10: 4.2.1``)
    the one of ``python``, or None when the runtime is not known and the lines differ."""
    from ddlint.versions import release_key

    parts = list(_ESTIMATE.finditer(text))
    if not parts:
        return text.strip() or None
    if python is None:
        majors = {part.group("version").split(".")[0] for part in parts}
        return parts[-1].group("version") if len(majors) == 1 else None
    wanted = release_key(python)
    for part in parts:
        if part.group("from"):
            if wanted >= release_key(part.group("from")[2:]):
                return part.group("version")
            continue
        low = release_key(part.group("low") or "0")
        high = release_key(part.group("high") or part.group("low") or "0")
        if low <= wanted <= high:
            return part.group("version")
    return None

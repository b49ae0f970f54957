"""ddlint.records behaves as dataclasses does for every feature ddlint's records use.

Each case declares the same class twice, once with ``dataclasses.dataclass`` and once with
``ddlint.records.dataclass``, and compares what users of a record see: construction and
defaults, repr, equality, hashing, ordering, freezing, ``replace`` and ``fields``.
"""

from __future__ import annotations

import ast
import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from ddlint import records

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "ddlint"


def _both(body: Callable[[Any, Any], type]) -> tuple[type, type]:
    return body(dataclasses.dataclass, dataclasses.field), body(records.dataclass, records.field)


def _frozen(decorate: Any, field: Any) -> type:
    @decorate(frozen=True)
    class Pin:
        name: str
        version: str = "1.0"
        extras: tuple[str, ...] = ()
        notes: list[str] = field(default_factory=list, compare=False)
        hidden: int = field(default=0, repr=False)

        def label(self) -> str:
            return f"{self.name}=={self.version}"

    return Pin


def _plain(decorate: Any, field: Any) -> type:
    @decorate
    class State:
        items: list[int] = field(default_factory=list)
        count: int = 0

    return State


def _ordered(decorate: Any, field: Any) -> type:
    @decorate(frozen=True, order=True)
    class Entry:
        path: str
        rule: str
        line: int = 0

    return Entry


def test_construction_defaults_and_factories() -> None:
    real, ours = _both(_frozen)
    for arguments in [("a",), ("a", "2"), ("a", "2", ("x",), ["n"], 3)]:
        a, b = real(*arguments), ours(*arguments)
        assert [getattr(a, f.name) for f in dataclasses.fields(a)] \
            == [getattr(b, f.name) for f in records.fields(b)]
    assert ours("a").notes is not ours("a").notes  # a fresh list each time
    assert ours(name="a", hidden=2).hidden == 2
    assert ours("a").label() == "a==1.0"
    assert getattr(ours, "version") == getattr(real, "version") == "1.0"  # noqa: B009  # a plain default stays a class attribute
    assert "notes" not in vars(ours) and "notes" not in vars(real)
    with pytest.raises(TypeError):
        ours()
    with pytest.raises(TypeError):
        ours("a", unknown=1)


def test_repr_leaves_out_repr_false_fields() -> None:
    real, ours = _both(_frozen)
    assert repr(ours("a", "2", ("x",), ["n"], 5)) == repr(real("a", "2", ("x",), ["n"], 5))
    assert "hidden" not in repr(ours("a"))


def test_equality_and_hash_use_compared_fields() -> None:
    real, ours = _both(_frozen)
    assert ours("a", notes=["x"]) == ours("a", notes=["y"])  # compare=False
    assert ours("a") != ours("b")
    assert ours("a") != real("a")  # another class is never equal
    assert hash(ours("a", notes=["x"])) == hash(ours("a", notes=["y"]))
    assert len({ours("a"), ours("a"), ours("b")}) == 2
    plain_real, plain_ours = _both(_plain)
    assert plain_ours() == plain_ours() and plain_real() == plain_real()
    with pytest.raises(TypeError):
        hash(plain_ours())
    with pytest.raises(TypeError):
        hash(plain_real())


def test_frozen_records_refuse_assignment_and_mutable_ones_allow_it() -> None:
    _, ours = _both(_frozen)
    pin = ours("a")
    with pytest.raises(AttributeError) as raised:
        pin.name = "b"
    assert isinstance(raised.value, records.FrozenInstanceError)
    with pytest.raises(AttributeError):
        del pin.name
    _, plain = _both(_plain)
    state = plain()
    state.count += 1
    state.items.append(1)
    assert (state.count, state.items) == (1, [1])


def test_ordering_sorts_as_tuples() -> None:
    real, ours = _both(_ordered)
    rows = [("b", "x", 1), ("a", "y", 2), ("a", "x", 3), ("a", "x", 1)]
    assert [tuple(vars(e).values()) for e in sorted(ours(*r) for r in rows)] \
        == [tuple(vars(e).values()) for e in sorted(real(*r) for r in rows)]
    assert ours("a", "x") <= ours("a", "x") < ours("a", "y")
    assert ours("b", "x") >= ours("a", "x") > ours("a", "w")
    with pytest.raises(TypeError):
        assert ours("a", "x") < ("a", "x")


def test_replace_and_fields() -> None:
    _, ours = _both(_frozen)
    pin = ours("a", "2", notes=["n"])
    changed = records.replace(pin, version="3")
    assert (changed.name, changed.version, changed.notes) == ("a", "3", ["n"])
    assert pin.version == "2"
    assert [f.name for f in records.fields(ours)] \
        == ["name", "version", "extras", "notes", "hidden"]
    with pytest.raises(TypeError):
        records.replace(pin, unknown=1)
    with pytest.raises(TypeError):
        records.fields(object())  # type: ignore[arg-type]


def test_records_pickle_and_match() -> None:
    pin = records.replace(_PICKLED("a"), version="2")
    assert pickle.loads(pickle.dumps(pin)) == pin
    # what `case _PICKLED(name, version):` matches by position (3.10+)
    assert getattr(_PICKLED, "__match_args__") == ("name", "version")  # noqa: B009


@records.dataclass(frozen=True)
class _PICKLED:
    name: str
    version: str = "1"


def test_what_records_do_not_support_is_refused() -> None:
    with pytest.raises(ValueError):
        @records.dataclass
        class Mutable:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError):
        records.field(init=False)

    @records.dataclass(frozen=True)
    class Base:
        name: str

    with pytest.raises(TypeError):
        @records.dataclass(frozen=True)
        class Child(Base):
            extra: int = 0

    with pytest.raises(TypeError):
        @records.dataclass(frozen=True)
        class Assigns:
            name: str

            def __setattr__(self, name: str, value: object) -> None:
                pass


def test_a_default_before_a_field_without_one_is_refused_as_dataclasses_does() -> None:
    for decorate in (dataclasses.dataclass, records.dataclass):
        with pytest.raises(TypeError, match="non-default argument 'version'"):
            @decorate(frozen=True)
            class Pin:
                name: str = ""
                version: str


def test_init_is_named_and_takes_parameters_as_dataclasses_does() -> None:
    plain, ours = _both(_frozen)
    assert ours.__init__.__qualname__ == "_frozen.<locals>.Pin.__init__"  # type: ignore[misc]
    if sys.version_info >= (3, 10):  # 3.9's dataclasses: "__create_fn__.<locals>.__init__"
        assert plain.__init__.__qualname__ == ours.__init__.__qualname__  # type: ignore[misc]
    for init in (plain.__init__, ours.__init__):  # type: ignore[misc]
        code = init.__code__
        assert code.co_varnames[:code.co_argcount] == (
            "self", "name", "version", "extras", "notes", "hidden")
        assert init.__defaults__[:2] == ("1.0", ())
        assert init.__defaults__[3] == 0


def test_no_ddlint_record_compiles_its_init_at_start() -> None:
    """Every record of every ddlint module finds its __init__ in the table: none is compiled
    at run time (each would cost a pre-commit hook a tenth of a millisecond)."""
    code = (
        "import importlib, pkgutil, ddlint, ddlint.records as r\n"
        "def refuse(source): raise SystemExit('compiled at start: ' + source.splitlines()[0])\n"
        "r._compile = refuse\n"
        "for m in pkgutil.walk_packages(ddlint.__path__, 'ddlint.'):\n"
        "    if m.name != 'ddlint.__main__': importlib.import_module(m.name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_record_missing_from_the_table_is_compiled() -> None:
    """A record declared outside ddlint (as every record of this file) is compiled at its
    declaration and behaves the same."""
    @records.dataclass(frozen=True)
    class Elsewhere:
        unusual_field_name: str
        count: int = 3

    assert not any("unusual_field_name" in source for source in records._CODE)  # type: ignore[attr-defined]
    assert Elsewhere("x") == Elsewhere("x", 3)
    assert Elsewhere("x", count=4).count == 4


def test_ddlint_uses_records_not_dataclasses() -> None:
    """Importing dataclasses costs start-up time (it imports inspect): ddlint's modules use
    ddlint.records, and dataclasses only for type checkers (records.py itself)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "records.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if "dataclasses" in names:
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []

"""Records: the part of :mod:`dataclasses` that ddlint uses, at a fraction of its start-up cost.

A pre-commit hook pays ddlint's import time on every commit, and ``@dataclass`` was the largest
part of it: importing :mod:`dataclasses` pulls in :mod:`inspect` (and with it ``ast``, ``dis``
and ``tokenize``), and each decorated class costs about a millisecond of generating and
compiling its methods one by one. ddlint declares some sixty records, so a 6-line requirements
file spent more time building classes than checking it (``benchmarks/bench.py``, section 1).

``dataclass`` here compiles only each record's ``__init__`` (a few lines); ``__repr__``,
``__eq__``, ``__hash__``, the frozen ``__setattr__``/``__delattr__`` and the ordering methods of
``order=True`` are shared functions that read the class's field names. It supports what ddlint's
records use, and refuses the rest rather than ignore it: no inheritance between records, no
``init=False`` fields, no ``ClassVar``. Type checkers see :mod:`dataclasses` itself (the import
under ``TYPE_CHECKING``), so constructor calls are checked exactly as before, and
``tests/test_records.py`` holds this module to the behaviour of the real decorator.
"""

from __future__ import annotations

import builtins
import operator

__all__ = ["FrozenInstanceError", "dataclass", "field", "fields", "replace"]

# Not typing.TYPE_CHECKING: importing typing is start-up time too (mypy reads this form).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
else:
    from ddlint._record_inits import CODE as _CODE

    class FrozenInstanceError(AttributeError):
        """Assigning to a field of a frozen record."""

    class _Missing:
        def __repr__(self):
            return "MISSING"

    _MISSING = _Missing()

    class Field:
        """One field of a record: its name, its default or default factory, whether it takes
        part in ``repr`` and comparisons."""

        __slots__ = ("compare", "default", "default_factory", "hash", "name", "repr")

        def __init__(self, default, default_factory, repr, compare, hash):
            if default is not _MISSING and default_factory is not _MISSING:
                raise ValueError("cannot specify both default and default_factory")
            self.name = ""
            self.default = default
            self.default_factory = default_factory
            self.repr = repr
            self.compare = compare
            self.hash = hash

        def __repr__(self):
            return f"Field(name={self.name!r})"

    def field(*, default=_MISSING, default_factory=_MISSING, repr=True,
              compare=True, hash=None, init=True):
        if not init:
            raise TypeError("ddlint.records has no init=False fields")
        return Field(default, default_factory, repr, compare, hash)

    def fields(record):
        """The record's fields, in declaration order (a class or an instance)."""
        try:
            return record.__record_fields__
        except AttributeError:
            raise TypeError("must be called with a record type or instance") from None

    def replace(record, /, **changes):
        """A copy of ``record`` with ``changes`` applied, built through ``__init__``."""
        for field_ in fields(record):
            if field_.name not in changes:
                changes[field_.name] = getattr(record, field_.name)
        return record.__class__(**changes)

    def dataclass(cls=None, /, *, frozen=False, order=False):
        """Make ``cls`` a record, like ``@dataclasses.dataclass(frozen=..., order=...)``."""
        if cls is None:
            return lambda cls: _make(cls, frozen, order)
        return _make(cls, frozen, order)

    _MUTABLE = (list, dict, set)

    def _make(cls, frozen, order):
        if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
            raise TypeError(f"{cls.__qualname__}: ddlint.records has no inheritance")
        # The class's own annotations (strings: every ddlint module imports annotations from
        # __future__), as dataclasses reads them; 3.14 evaluates them lazily on access.
        annotations = cls.__dict__.get("__annotations__")  # noqa: RUF063
        if annotations is None:
            annotations = getattr(cls, "__annotations__", {})
        found = []
        for name, annotation in annotations.items():
            if "ClassVar" in str(annotation):
                raise TypeError(f"{cls.__qualname__}.{name}: ddlint.records has no ClassVar")
            value = cls.__dict__.get(name, _MISSING)
            if isinstance(value, Field):
                declared = value
            else:
                declared = Field(value, _MISSING, True, True, None)
            declared.name = name
            if isinstance(declared.default, _MUTABLE):
                raise ValueError(f"mutable default {type(declared.default)} for field {name} "
                                 "is not allowed: use default_factory")
            # As dataclasses does: a plain default stays a class attribute, a factory's does not.
            if declared.default is _MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)
            else:
                setattr(cls, name, declared.default)
            found.append(declared)
        cls.__record_fields__ = tuple(found)
        cls.__match_args__ = tuple(f.name for f in found)
        cls.__record_repr__ = tuple(f.name for f in found if f.repr)
        cls.__record_key__ = _key([f.name for f in found if f.compare])
        # Only __init__ is compiled (compiling is what made dataclasses slow to start); the
        # other methods are shared, and read the class's field names and key above.
        methods = {"__init__": _init(cls, found, frozen), "__repr__": _repr, "__eq__": _eq}
        if frozen and "__hash__" not in cls.__dict__:
            hashed = [f.name for f in found if (f.compare if f.hash is None else f.hash)]
            cls.__record_hash_key__ = _key(hashed)
            methods["__hash__"] = _hash
        if frozen:
            methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
        if order:
            methods.update(_ORDER)
        # As with dataclasses: the class's own __init__, __repr__ and __eq__ win; a frozen or
        # ordered record must not define what freezing or ordering writes.
        for name, function in methods.items():
            if name in cls.__dict__:
                if name in ("__init__", "__repr__", "__eq__"):
                    continue
                raise TypeError(f"cannot overwrite attribute {name} in {cls.__qualname__}")
            setattr(cls, name, function)
        if not frozen and "__hash__" not in cls.__dict__:
            cls.__hash__ = None  # an unfrozen record with __eq__ is unhashable
        return cls

    def _init(cls, found, frozen):
        """The record's ``__init__``: its code from :mod:`ddlint._record_inits` (compiled with
        the package, like any module), or compiled here when that table lacks its source."""
        namespace = {"__builtins__": builtins, "_MISSING": _MISSING, "_set": object.__setattr__}
        parameters, body, defaults = ["self"], [], []
        for f in found:
            value = f.name
            if f.default_factory is not _MISSING:
                namespace[f"_factory_{f.name}"] = f.default_factory
                value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
                defaults.append(_MISSING)
            elif f.default is not _MISSING:
                defaults.append(f.default)
            elif defaults:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            parameters.append(f.name)
            body.append(f" _set(self, {f.name!r}, {value})" if frozen
                        else f" self.{f.name} = {value}")
        source = "\n".join([f"def __init__({', '.join(parameters)}):", *body, " pass"])
        code = _CODE.get(source) or _compile(source)
        init = _Function(code, namespace, "__init__", tuple(defaults) or None)
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        return init

    def _compile(source):
        """The code of ``source``, one ``def``: what a record lacking from the table costs
        (about 0.1 ms; ``scripts/generate.py`` writes the table)."""
        namespace = {}
        exec(source, namespace)  # the source is built by _init from field names
        return namespace["__init__"].__code__

    _Function = type(field)  # types.FunctionType, without importing types

    def _key(names):
        """A callable giving a record's values of ``names`` (a staticmethod: not bound)."""
        if not names:
            return staticmethod(lambda record: ())
        if len(names) == 1:
            get = operator.attrgetter(names[0])
            return staticmethod(lambda record: (get(record),))
        return staticmethod(operator.attrgetter(*names))

    def _repr(self):
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
        return f"{self.__class__.__qualname__}({shown})"

    def _comparison(compare):
        """A method comparing two records of one class by their compared fields, in order."""

        def method(self, other):
            if other.__class__ is self.__class__:
                return compare(self.__record_key__(self), self.__record_key__(other))
            return NotImplemented

        return method

    _eq = _comparison(operator.eq)
    _ORDER = {name: _comparison(getattr(operator, name.strip("_")))
              for name in ("__lt__", "__le__", "__gt__", "__ge__")}

    def _hash(self):
        return hash(self.__record_hash_key__(self))

    def _frozen_setattr(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delattr(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

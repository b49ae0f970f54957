"""Fixes for findings: narrowing a declared constraint to the supported range, as edits of the
files a person writes (pyproject.toml, hand-written requirements files), applied atomically.

Nothing here is imported by a plain run; tomlkit is imported only when a pyproject.toml is
edited.
"""

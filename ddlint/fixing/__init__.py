"""Fixes for findings: narrowing a declared constraint to the supported range, as edits of the
files a person writes (pyproject.toml, hand-written requirements files), applied atomically.

One module per job:

- ``edits``: ``Edit``, ``Fix``, ``NoFix``; ``apply_edits``, ``apply_to_bytes``, ``decode``,
  ``render_diff`` (the unified diff of ``--diff``).
- ``narrowing``: ``SupportedRange``; ``narrow``, ``narrow_requires_python``,
  ``move_release_line``, each giving ``Narrowed`` (text, safe or unsafe and why) or ``NoFix``.
- ``declaration``: ``Declaration`` (one declared constraint), ``requirement_specifier``.
- ``declarations``: ``declared(text, path, kind)``, ``find``, ``to_fix`` and
  ``fix_for`` (a finding's file, package and line -> ``Fix`` or ``NoFix``).
- ``requirements``: ``is_hand_written``, ``generated_reason``, ``declarations``.
- ``pyproject``: ``declarations`` (located with tomlkit), ``changes_only``.
- ``writing``: ``target``, ``write_atomic``, ``apply_to_file``; ``RefusedError``.

Nothing here is imported by a plain run; tomlkit is imported only when a pyproject.toml is
edited.
"""

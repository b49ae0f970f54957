"""Fixes for findings: narrowing a declared constraint to the supported range, as edits of the
files a person writes (pyproject.toml, hand-written requirements files), applied atomically.

One module per job:

- ``edits``: ``Edit``, ``Fix``, ``NoFix``; ``apply_edits``, ``apply_to_bytes``, ``decode``,
  ``render_diff`` (the unified diff of ``--diff``).
- ``narrowing``: ``SupportedRange``; ``narrow``, ``narrow_requires_python``,
  ``move_release_line``, each giving ``Narrowed`` (text, safe or unsafe and why) or ``NoFix``.
- ``declarations``: ``declared(text, path, kind)`` (the spans the format's parser module
  gives: ``parsers.requirements.declarations``, ``parsers.pyproject.declarations``, for the
  ``FileFormat`` rows that are ``edited``), ``find``, ``to_fix`` and ``fix_for`` (a finding's
  file, package and line -> ``Fix`` or ``NoFix``).
- ``writing``: ``target``, ``write_atomic``, ``apply_to_file``; ``RefusedError``.

Nothing here reads a file: the text is the one the parse read (``ddlint.reading``'s session).
A plain run imports ``declarations`` only for a finding whose fix must be computed.
"""

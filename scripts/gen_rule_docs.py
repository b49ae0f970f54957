"""Write docs/rules.md from the rules' own documentation; ``--check`` fails when it is stale."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parent.parent


def main(argv: Optional[Sequence[str]] = None) -> int:
    sys.path.insert(0, str(REPO))  # the checkout's ddlint, not an installed one
    from ddlint.explain import DOCS_PATH, document
    from ddlint.rules import all_rules

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the file differs from what would be written")
    args = parser.parse_args(argv)
    target = REPO / DOCS_PATH
    text = document(all_rules())
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{DOCS_PATH} is out of date: run python scripts/gen_rule_docs.py",
                  file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        print(f"wrote {DOCS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

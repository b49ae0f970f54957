"""Entry point for ``python -m ddlint``."""

import sys

from ddlint.cli import main

sys.exit(main())

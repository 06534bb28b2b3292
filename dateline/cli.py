"""The ``dateline`` command: Django's management commands plus Dateline's own.

Hyphenated names are accepted for our commands (``dateline import-page``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``dateline migrate`` or ``dateline import-page FILE``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "dateline"
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) > 1 and args[1] == "demo":
        # The demo runs on one machine over plain http with a built-in key; the settings are
        # read before the command runs, so say so now (its server and worker inherit it).
        os.environ["DATELINE_DEMO"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()

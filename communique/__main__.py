"""``python -m communique``: the command line."""

from .cli import main

main()

"""``python -m communique.cli``: the command line."""

from . import main

main()

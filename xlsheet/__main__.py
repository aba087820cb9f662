"""`python -m xlsheet` is the same as the `xlsheet` command."""

from .cli import run_and_exit

run_and_exit()

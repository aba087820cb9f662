"""`python -m xlsheet` is the same as the `xlsheet` command."""

import sys

from .cli import main

sys.exit(main())

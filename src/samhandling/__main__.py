"""``python -m samhandling`` runs the command line."""

import sys

from samhandling.cli import main

sys.exit(main())

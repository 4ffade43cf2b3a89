"""``python -m samhandling`` runs the command line."""

from samhandling.cli import run

run()

"""Command modules of the perfscore CLI, one per command (see scoring.cli.COMMANDS)."""

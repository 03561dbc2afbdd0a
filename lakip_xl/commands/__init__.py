"""The bodies of the CLI's commands, kept out of ``cli.py`` (which declares options and maps errors)."""

"""The `zwzx-dash` command: commands.py holds the data commands and the parser,
users.py the accounts and passcodes."""

from zwzx_dash.cli.commands import main

__all__ = ["main"]

"""Help that teaches: every command has help with an example, and the
handbook's CLI reference (handbook/cli.md) is the commands' own help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from kb_tools.cli import cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(cli.commands)  # type: ignore[attr-defined]
# Commands of command groups, such as `kb deploy nginx`.
SUBCOMMANDS = sorted(
    f"{name} {sub}"
    for name, group in cli.commands.items()  # type: ignore[attr-defined]
    if isinstance(group, click.Group)
    for sub in group.commands
)


@pytest.mark.parametrize("name", COMMANDS + SUBCOMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    command: click.Command = cli
    for part in name.split():
        command = command.commands[part]  # type: ignore[attr-defined]
    with click.Context(command, info_name=name) as context:
        text = command.get_help(context)
    assert command.help, name
    assert "Example" in (command.help or ""), f"kb {name} --help has no example"
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"kb {name} {parameter.opts[0]} has no help"
    assert f"kb {name}" in text


def test_the_cli_reference_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    reference = (ROOT / "handbook" / "cli.md").read_text(encoding="utf-8")
    for name in COMMANDS + SUBCOMMANDS:
        assert f"## `kb {name}`" in reference

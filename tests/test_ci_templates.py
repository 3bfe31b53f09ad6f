"""The CI templates are valid YAML and run the commands they promise."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _commands(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict | list)
    return path.read_text(encoding="utf-8")


def test_pull_request_workflow() -> None:
    text = _commands(ROOT / ".github/workflows/kb-pull-request.yml")
    assert "kb check --format github" in text
    assert "kb check --external --select KB5 --format github $changed" in text


def test_weekly_workflow() -> None:
    text = _commands(ROOT / ".github/workflows/kb-weekly.yml")
    assert "kb check --external --format markdown" in text
    assert "kb review --format markdown -o review.md" in text
    assert "gh issue edit" in text and "gh issue create" in text


def test_gitlab_template() -> None:
    text = _commands(ROOT / "ci-templates/gitlab-ci.yml")
    assert "merge_request_event" in text and '"schedule"' in text


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kb-check"
    assert hook["entry"] == "kb check"

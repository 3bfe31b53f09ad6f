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


def test_weekly_workflow_uploads_sarif_to_code_scanning() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/kb-weekly.yml").read_text("utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["review"]["steps"]
    runs = [step.get("run", "") for step in steps]
    sarif = next(i for i, run in enumerate(runs) if "--format sarif -o kb.sarif" in run)
    upload = next(
        i
        for i, step in enumerate(steps)
        if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    )
    assert sarif < upload
    assert steps[upload]["with"]["sarif_file"] == "kb.sarif"


def test_gitlab_template() -> None:
    text = _commands(ROOT / "ci-templates/gitlab-ci.yml")
    assert "merge_request_event" in text and '"schedule"' in text


def test_gitlab_template_uploads_a_code_quality_report() -> None:
    template = yaml.safe_load((ROOT / "ci-templates/gitlab-ci.yml").read_text("utf-8"))
    job = template["kb-check"]
    report = job["artifacts"]["reports"]["codequality"]
    assert any(f"kb check --format gitlab -o {report}" in line for line in job["script"])
    assert job["artifacts"]["when"] == "always"


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kb-check"
    assert hook["entry"] == "kb check"

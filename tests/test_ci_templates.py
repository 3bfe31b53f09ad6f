"""The CI templates are valid YAML and run the commands they promise."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
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


@pytest.mark.parametrize(
    "workflow", sorted((ROOT / ".github/workflows").glob("*.yml")), ids=lambda p: p.name
)
def test_a_steps_condition_reads_only_env_it_can_see(workflow: Path) -> None:
    """GitHub evaluates a step's ``if`` before the step's own ``env`` exists:
    a condition on ``env.X`` must find X at workflow or job level."""
    data = _workflow(workflow)
    for name, job in data["jobs"].items():
        visible = set(data.get("env", {})) | set(job.get("env", {}))
        for step in job.get("steps", []):
            for variable in re.findall(r"env\.(\w+)", str(step.get("if", ""))):
                assert variable in visible, f"{workflow.name}: job {name}: {step.get('name')}"


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


def _workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_publish_workflow_sends_the_public_build_to_github_pages() -> None:
    workflow = _workflow(ROOT / ".github/workflows/kb-publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    build = jobs["public-build"]
    assert build["if"] == "${{ vars.KB_PAGES == 'true' }}"  # a bank opts in
    assert "kb build --public --strict -d site-public" in _runs(build)
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith(
        "actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "site-public"}
    deploy = jobs["public-deploy"]
    assert deploy["needs"] == "public-build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"] for s in deploy["steps"]] == ["actions/deploy-pages@v4"]
    # Only the deploy job may publish.
    assert [name for name, job in jobs.items() if "permissions" in job] == ["public-deploy"]


def test_publish_workflow_deploys_the_internal_build_over_ssh() -> None:
    jobs = _workflow(ROOT / ".github/workflows/kb-publish.yml")["jobs"]
    internal = jobs["internal-build"]
    assert internal["if"] == "${{ github.event.repository.private }}"
    assert "kb build --strict -d site" in _runs(internal)
    upload = internal["steps"][-1]
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["name"] == "kunskapsbanken-internal"
    deploy = jobs["intranet-deploy"]
    assert deploy["needs"] == "internal-build"
    assert deploy["if"] == "${{ vars.KB_DEPLOY_HOST != '' }}"
    script = _runs(deploy)
    assert 'printf \'%s\\n\' "$KNOWN_HOSTS" > ~/.ssh/known_hosts' in script
    assert "StrictHostKeyChecking" not in script
    assert '--link-dest="$DIR/current/" site/ "$HOST:$DIR/releases/$release/"' in script
    assert "\"sh -s -- '$DIR' '$RELEASE' '$KEEP'\" < ci-templates/kb-release.sh" in script


def test_gitlab_pages_job_publishes_the_internal_build() -> None:
    data = yaml.safe_load((ROOT / "ci-templates/gitlab-ci.yml").read_text(encoding="utf-8"))
    on_default_branch = [
        {"if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'}
    ]
    pages = data["pages"]
    assert pages["rules"] == on_default_branch
    assert pages["script"] == ["kb build --strict -d public"]
    assert pages["artifacts"] == {"paths": ["public"]}
    public = data["kb-public-site"]
    assert public["rules"] == on_default_branch
    assert public["script"] == ["kb build --public --strict -d site-public"]
    assert public["artifacts"]["paths"] == ["site-public"]


# -- the release switch, run for real -------------------------------------------------

RELEASE_SCRIPT = ROOT / "ci-templates/kb-release.sh"


def _release(root: Path, name: str) -> None:
    folder = root / "releases" / name
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(name, encoding="utf-8")


def _switch(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["sh", str(RELEASE_SCRIPT), str(root), *args],
                          capture_output=True, text=True, check=False)


def test_release_switch_is_a_rename_and_keeps_the_newest(tmp_path: Path) -> None:
    names = [f"20261123T10{minute:02d}00Z-1a2b3c4d5e6f" for minute in range(7)]
    for name in names[:6]:
        _release(tmp_path, name)
    result = _switch(tmp_path, names[5], "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"kb-release: {tmp_path}/current -> releases/{names[5]}\n"
        + "".join(f"kb-release: removed the old release {n}\n" for n in names[:3])
    )
    assert (tmp_path / "current").readlink() == Path(f"releases/{names[5]}")
    assert (tmp_path / "current" / "index.html").read_text(encoding="utf-8") == names[5]
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == names[3:6]
    assert not (tmp_path / "current.switching").exists()
    # A rollback: the newest two stay, and the release now served, however old.
    _release(tmp_path, names[6])
    assert _switch(tmp_path, names[3], "2").returncode == 0
    assert (tmp_path / "current").readlink() == Path(f"releases/{names[3]}")
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [
        names[3], names[5], names[6]
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["../etc"], 2, "kb-release: '../etc' is not a release name (letters, digits, . _ - only)"),
        (["a;rm -rf /"], 2,
         "kb-release: 'a;rm -rf /' is not a release name (letters, digits, . _ - only)"),
        (["r1", "0"], 2, "kb-release: KEEP must be a whole number from 1, found '0'"),
        (["saknas"], 1, "kb-release: {root}/releases/saknas/index.html is missing; "
                        "upload the site first"),
        ([], 2, "usage: kb-release.sh DIR RELEASE [KEEP]"),
    ],
)
def test_release_switch_refuses(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    _release(tmp_path, "r1")
    result = _switch(tmp_path, *args)
    assert (result.returncode, result.stderr) == (code, message.format(root=tmp_path) + "\n")
    assert not (tmp_path / "current").exists()

"""Run kb on public MkDocs sites nobody here wrote, before and after a change.

Each site is exported from a git repository (or copied from a folder) into a
scratch folder, adopted with ``kb init --owner ...`` (the plugin with one
owner), and checked with two ``kb`` executables: *before* (e.g. a virtual
environment with ``main``) and *after* (this branch). The report is Markdown:
pages, exit codes, whether ``--format json`` parsed, findings by code, and
every remaining error of the *after* run, for judging by hand.

Nothing is fetched here: give the checkouts or git directories as arguments.
The Markdown extensions a site names must be installed in both environments.

    python evaluation/real_sites.py \\
        mkdocs=/src/mkdocs/.git material=/src/mkdocs-material/.git \\
        fastapi=/src/fastapi/.git:docs/en \\
        --before /tmp/main-venv/bin/kb --after .venv/bin/kb > report.md

``NAME=SOURCE[:FOLDER]``: SOURCE is a git directory (its HEAD is exported)
or a plain folder; FOLDER is where ``mkdocs.yml`` is, inside it.
``--without-extension NAME=EXTENSION`` removes one ``markdown_extensions``
entry first (for a site's private extension that no package provides).
``--kb-setting NAME=YAML`` adds a line to the kb plugin's options after
``kb init`` (``unchecked_anchors: ['config.*']``). A NAME may name the same
source twice under different names to compare settings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OWNER = "Dokumentationsgruppen <docs@example.org>"
TODAY = "2026-11-23"


@dataclass
class Run:
    exit_code: int
    parsed: bool
    seconds: float
    by_code: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    stderr: str = ""


@dataclass
class Site:
    name: str
    source: Path
    folder: str
    pages: int = 0
    before: Run | None = None
    after: Run | None = None
    init_output: str = ""
    settings: list[str] = field(default_factory=list)


def export(source: Path, target: Path) -> None:
    """The site's files at *target*: ``git archive HEAD`` of a git directory,
    or a copy of a folder."""
    git_dir = source if (source / "HEAD").is_file() and (source / "objects").is_dir() else None
    if git_dir is None and (source / ".git").exists():
        git_dir = source / ".git"
    target.mkdir(parents=True)
    if git_dir is None:
        shutil.copytree(source, target, dirs_exist_ok=True, symlinks=True)
        return
    archive = subprocess.run(
        ["git", "--git-dir", str(git_dir), "archive", "--format=tar", "HEAD"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)


def drop_extension(config_file: Path, extension: str) -> None:
    """Remove one markdown_extensions entry (list or mapping form), as text."""
    text = config_file.read_text(encoding="utf-8")
    pattern = re.compile(rf"^\s*(?:- )?{re.escape(extension)}(?::.*)?\n", re.MULTILINE)
    new, count = pattern.subn("", text, count=1)
    if count != 1:
        raise SystemExit(f"{config_file}: no markdown_extensions entry {extension!r}")
    config_file.write_text(new, encoding="utf-8")


def count_pages(folder: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kb_tools.config import load_config

    docs = load_config(folder / "mkdocs.yml").docs_dir
    return sum(
        1
        for path in docs.rglob("*")
        if path.suffix in (".md", ".markdown")
        and not any(part.startswith(".") for part in path.relative_to(docs).parts)
    )


def check(kb: str, folder: Path) -> Run:
    started = time.perf_counter()
    result = subprocess.run(
        [kb, "check", "--format", "json", "--today", TODAY, "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    run = Run(result.returncode, False, time.perf_counter() - started, stderr=result.stderr)
    try:
        report: dict[str, Any] = json.loads(result.stdout)
    except json.JSONDecodeError:
        return run
    run.parsed = True
    for item in report["findings"]:
        run.by_code[item["code"]] += 1
        run.by_severity[item["severity"]] += 1
        if item["severity"] == "error":
            run.errors.append(f"{item['path']}:{item['line']}: {item['code']} {item['message']}")
    return run


def add_setting(config_file: Path, setting: str) -> None:
    """A line of kb options beside the ``owners:`` line kb init wrote."""
    text = config_file.read_text(encoding="utf-8")
    match = re.search(r"^([ \t]+)owners:", text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"{config_file}: no kb owners line to add {setting!r} beside")
    line = f"{match.group(1)}{setting}\n"
    config_file.write_text(text[: match.start()] + line + text[match.start() :], encoding="utf-8")


def evaluate(
    site: Site, work: Path, before: str, after: str, drops: list[str], settings: list[str]
) -> None:
    root = work / site.name
    export(site.source, root)
    folder = root / site.folder
    for extension in drops:
        drop_extension(folder / "mkdocs.yml", extension)
    init = subprocess.run(
        [after, "init", "--owner", OWNER], cwd=folder, capture_output=True, text=True, check=False
    )
    site.init_output = (init.stdout + init.stderr).strip()
    if init.returncode != 0:
        return
    for setting in settings:
        add_setting(folder / "mkdocs.yml", setting)
    site.settings = settings
    site.pages = count_pages(folder)
    site.before = check(before, folder)
    site.after = check(after, folder)


def _counts(run: Run | None) -> str:
    if run is None:
        return "–"
    if not run.parsed:
        first = run.stderr.strip().splitlines()[:1]
        return f"exit {run.exit_code}; stdout is not JSON" + (f" ({first[0]})" if first else "")
    codes = ", ".join(f"{code} {n}" for code, n in sorted(run.by_code.items())) or "none"
    severities = ", ".join(
        f"{run.by_severity[s]} {s}" for s in ("error", "warning", "info") if run.by_severity[s]
    )
    return f"exit {run.exit_code}, JSON ok, {severities or 'clean'}: {codes} ({run.seconds:.1f} s)"


def render(sites: list[Site]) -> str:
    out = [
        "| site | pages | before | after |",
        "|---|---:|---|---|",
    ]
    for site in sites:
        out.append(
            f"| {site.name} | {site.pages} | {_counts(site.before)} | {_counts(site.after)} |"
        )
    for site in sites:
        out += ["", f"## {site.name}", "", "`kb init`:", "", "```", site.init_output, "```", ""]
        if site.settings:
            out += ["Added to the kb options:", "", "```yaml", *site.settings, "```", ""]
        if site.after is not None and site.after.errors:
            out += ["Errors after:", ""]
            out += [f"- `{line}`" for line in site.after.errors]
        lines = (site.after.stderr if site.after else "").strip().splitlines()
        if lines:
            out += ["", f"stderr after ({len(lines)} lines), first 10:", "", "```"]
            out += lines[:10]
            out.append("```")
    return "\n".join(out) + "\n"


def _executable(name: str) -> str:
    """An absolute path: the checks run with the site's folder as working directory."""
    if os.sep in name:
        return str(Path(name).resolve())
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name}: no such executable")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", metavar="NAME=SOURCE[:FOLDER]")
    parser.add_argument("--before", required=True, help="kb executable before the change")
    parser.add_argument("--after", default="kb", help="kb executable after the change")
    parser.add_argument("--without-extension", action="append", default=[], metavar="NAME=EXT")
    parser.add_argument("--kb-setting", action="append", default=[], metavar="NAME=YAML")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    drops: dict[str, list[str]] = {}
    for item in args.without_extension:
        name, _, extension = item.partition("=")
        drops.setdefault(name, []).append(extension)
    settings: dict[str, list[str]] = {}
    for item in args.kb_setting:
        name, _, setting = item.partition("=")
        settings.setdefault(name, []).append(setting)
    sites = []
    for item in args.sites:
        name, _, rest = item.partition("=")
        source, _, folder = rest.partition(":")
        sites.append(Site(name, Path(source), folder or "."))
    before, after = _executable(args.before), _executable(args.after)
    work = args.work or Path(tempfile.mkdtemp(prefix="kb-real-sites-"))
    try:
        for site in sites:
            print(f"{site.name}: checking...", file=sys.stderr)
            evaluate(
                site, work, before, after, drops.get(site.name, []), settings.get(site.name, [])
            )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(render(sites))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())

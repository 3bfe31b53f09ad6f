"""Fingerprints of findings, and the baseline: the findings a bank had when
it adopted ``kb``, which ``kb check --baseline FILE`` leaves out.

A municipality adopting ``kb`` on a thousand existing routines records
today's findings once (``kb check --write-baseline FILE``) and fails CI only
on new ones. A finding is matched by its path, its code and a fingerprint that
does not depend on where the finding is in the file: an edit above it, or
elsewhere in its paragraph, must not bring it back.

The fingerprint hashes the code and the message in English, whatever the
language of the report, so a baseline written by a Swedish run matches an
English one and the baselines written before messages were translated. The
message's quoted values (the key, the link, the id) and paths name the
problem. Numbers standing alone in the rest of the message are written as 0
first: they are what changes while the problem stays (another file's line
number, a byte offset, "in 69 days", "today is 2026-11-23", "96% alike").
The offending line's text is left out on purpose: in Markdown a line is
often a whole paragraph, and an edit anywhere in it would bring back every
finding on it.

The same finding twice in one file (the same broken link in two places) has
one fingerprint and is counted: a baseline that holds it twice hides two.
SARIF and GitLab reports carry the fingerprint too, so code scanning and
merge-request widgets follow a finding across edits.

The file is JSON meant to be read in review: a version, and one entry per
path, code and fingerprint with its count and a sample message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..i18n import Message, msg

VERSION = 1
# About 400,000 findings: far beyond any bank, far below what exhausts memory.
MAX_BYTES = 100 * 2**20
# Quoted values and paths name the problem; a number or date standing alone
# (not part of a word such as 811218-XXXX) is a count, a position or a day.
_PROTECTED = re.compile(r"'[^'\n]*'|[\w.~-]+(?:/[\w.~-]+)+")
_VOLATILE = re.compile(r"(?<![\w-])\d+(?:-\d+)*(?![\w-])")

Key = tuple[str, str, str]  # path, code, fingerprint


class BaselineError(Exception):
    """The baseline file cannot be used (exit code 2)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def fingerprint(diagnostic: Diagnostic) -> str:
    """The line-independent fingerprint of *diagnostic* (16 hex digits)."""
    stable = stable_message(diagnostic.text.english)
    digest = hashlib.sha256(f"{diagnostic.code}\0{stable}".encode())
    return digest.hexdigest()[:16]


def stable_message(message: str) -> str:
    """*message* with the numbers that change while the problem stays as 0:
    ``in 69 days`` → ``in 0 days``; quoted values and paths are kept whole."""
    parts = _PROTECTED.split(message)
    kept = _PROTECTED.findall(message)
    out = [_VOLATILE.sub("0", parts[0])]
    for protected, rest in zip(kept, parts[1:], strict=True):
        out += [protected, _VOLATILE.sub("0", rest)]
    return "".join(out)


def with_fingerprints(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """*diagnostics* with their fingerprints set, in the same order."""
    return [d.with_fingerprint(fingerprint(d)) for d in diagnostics]


@dataclass(frozen=True)
class Outcome:
    """What a baseline did to a report."""

    hidden: int  # findings left out because the baseline holds them
    gone: int  # findings the baseline holds that no longer occur


@dataclass(frozen=True)
class Baseline:
    counts: dict[Key, int]

    @classmethod
    def of(cls, diagnostics: Iterable[Diagnostic]) -> Baseline:
        return cls(dict(Counter(_key(d) for d in diagnostics)))

    def apply(self, diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], Outcome]:
        """The findings the baseline does not hold: for each path, code and
        fingerprint, those beyond the count it holds (in report order)."""
        left = dict(self.counts)
        kept = []
        for d in diagnostics:
            key = _key(d)
            if left.get(key, 0) > 0:
                left[key] -= 1
            else:
                kept.append(d)
        return kept, Outcome(hidden=len(diagnostics) - len(kept), gone=sum(left.values()))

    # -- the file ---------------------------------------------------------------------

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            text = _read_regular(path).decode("utf-8")
        except FileNotFoundError:
            raise BaselineError(
                msg(
                    "the baseline file {path} does not exist; write it with "
                    "kb check --write-baseline {path}",
                    path=str(path),
                )
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BaselineError(
                msg("cannot read the baseline file {path}: {reason}", path=str(path),
                    reason=reason)
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                msg("{where}: the baseline file is not valid JSON: {problem}",
                    where=f"{path}:{exc.lineno}:{exc.colno}", problem=exc.msg)
            ) from None
        except RecursionError:
            raise BaselineError(
                msg("{path} is not a kb baseline: its JSON is nested far deeper than a "
                    "baseline's", path=str(path))
            ) from None
        return cls(_entries(data, path))

    @staticmethod
    def write(path: Path, diagnostics: list[Diagnostic]) -> str:
        """Write the baseline of *diagnostics* to *path*; the text written."""
        groups: dict[Key, list[Diagnostic]] = {}
        for d in diagnostics:
            groups.setdefault(_key(d), []).append(d)
        entries = [
            {
                "path": path_,
                "code": code,
                "fingerprint": print_,
                "count": len(items),
                "message": items[0].message,
                "english": items[0].text.english,
            }
            for (path_, code, print_), items in groups.items()
        ]
        # In the order of the English messages: the same file in every language.
        entries.sort(key=lambda e: (e["path"], e["code"], e["english"], e["fingerprint"]))
        for entry in entries:
            del entry["english"]
        document = {
            "version": VERSION,
            "about": msg(
                "Findings that kb check --baseline leaves out. Written by kb check "
                "--write-baseline; write it again to drop what has been fixed."
            ).render(),
            "findings": entries,
        }
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        return text


def _read_regular(path: Path) -> bytes:
    """The bytes of *path*, which must be a regular file of at most
    :data:`MAX_BYTES`: a named pipe would wait for a writer forever and
    ``/dev/zero`` never ends (OSError for what the system refuses)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise BaselineError(
                msg("the baseline file {path} is not a regular file (a named pipe, a device or "
                    "a folder); give the JSON file that kb check --write-baseline wrote",
                    path=str(path))
            )
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BaselineError(
            msg("the baseline file {path} is larger than {megabytes} MB, far more than any "
                "baseline kb writes; give the JSON file that kb check --write-baseline wrote",
                path=str(path), megabytes=MAX_BYTES // 2**20)
        )
    return data


def _key(d: Diagnostic) -> Key:
    if d.fingerprint is None:
        raise ValueError("the finding has no fingerprint; see with_fingerprints()")
    return (d.path, d.code, d.fingerprint)


def _entries(data: Any, path: Path) -> dict[Key, int]:
    if not isinstance(data, dict) or "findings" not in data:
        raise BaselineError(
            msg("{path} is not a kb baseline: expected an object with 'version' and 'findings'",
                path=str(path))
        )
    if data.get("version") != VERSION:
        raise BaselineError(
            msg(
                "{path}: baseline version {found} is not supported (this kb reads version "
                "{version}); write it again with --write-baseline",
                path=str(path),
                found=repr(data.get("version")),
                version=str(VERSION),
            )
        )
    findings = data["findings"]
    if not isinstance(findings, list):
        raise BaselineError(msg("{path}: 'findings' must be a list", path=str(path)))
    counts: dict[Key, int] = {}
    for number, entry in enumerate(findings, start=1):
        if not (
            isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) for k in ("path", "code", "fingerprint"))
            and isinstance(entry.get("count", 1), int)
            and not isinstance(entry.get("count", 1), bool)
            and entry.get("count", 1) >= 1
        ):
            raise BaselineError(
                msg(
                    "{path}: finding {number} must have 'path', 'code' and 'fingerprint' "
                    "(text) and a 'count' of at least 1",
                    path=str(path),
                    number=str(number),
                )
            )
        key = (entry["path"], entry["code"], entry["fingerprint"])
        counts[key] = counts.get(key, 0) + entry.get("count", 1)
    return counts

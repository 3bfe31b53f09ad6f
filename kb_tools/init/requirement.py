"""The line of a new bank's ``requirements.txt`` that installs kb-tools.

CI installs that file, so the line must name a kb-tools a fresh machine can
get: the version that made the bank when kb-tools came from the package
index, the same git commit or archive when it was installed from one (pip
records where in ``direct_url.json``, PEP 610), or what ``kb init
--requirement`` says. A local folder or wheel is no place another machine
can install from: the version is written, and :func:`installed_from_here`
lets ``kb init`` say so.
"""

from __future__ import annotations

import json
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement

from ..i18n import msg
from .starter import StarterError

DISTRIBUTION = "kb-tools"


def default_requirement(version: str) -> str:
    """Where this kb-tools can be installed from again, as a requirement."""
    origin = _direct_url()
    vcs = origin.get("vcs_info") if origin else None
    url = str(origin.get("url", "")) if origin else ""
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and url.startswith("https://"):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        return f"{DISTRIBUTION} @ git+{url}" + (f"@{commit}" if commit else "")
    if url.startswith("https://") and "archive_info" in (origin or {}):
        return f"{DISTRIBUTION} @ {url}"
    return f"{DISTRIBUTION}=={version}"


def installed_from_here() -> bool:
    """Whether this kb-tools was installed from a folder or file on this
    machine, which CI cannot install from."""
    origin = _direct_url()
    return origin is not None and str(origin.get("url", "")).startswith("file:")


def checked_requirement(text: str) -> str:
    """*text* when it is one requirement for kb-tools; :class:`StarterError`
    says what is wrong otherwise."""
    try:
        requirement = Requirement(text.strip())
    except InvalidRequirement as exc:
        raise StarterError(
            msg("--requirement '{text}' is not a requirement pip understands: {reason}",
                text=text, reason=str(exc))
        ) from None
    if requirement.name.lower().replace("_", "-") != DISTRIBUTION:
        raise StarterError(
            msg("--requirement must name {name}, not '{found}' (e.g. 'kb-tools==0.1.0' or "
                "'kb-tools @ git+https://git.kommun.example.se/kb-tools.git@v0.1.0')",
                name=DISTRIBUTION, found=requirement.name)
        )
    return str(requirement)


def _direct_url() -> dict[str, object] | None:
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        data = json.loads(text) if text else None
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None
    return data if isinstance(data, dict) else None

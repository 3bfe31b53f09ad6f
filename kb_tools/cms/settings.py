"""The ``cms:`` block of the ``kb`` configuration: where the browser editor
saves (the Git host, repository and branch) and where its scripts come from.

:class:`KBConfig` (``kb_tools.config``) holds it as an optional block, so it
is validated with the rest of the configuration (unknown keys get "did you
mean"); the admin page generator reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from ..fields import Text, Url, format_error
from ..i18n import msg


@dataclass(frozen=True)
class Script:
    """A browser script pinned to one version, with its Subresource Integrity
    hash (computed from the file in the package's npm tarball)."""

    package: str
    version: str
    path: str
    integrity: str

    @property
    def url(self) -> str:
        return f"https://unpkg.com/{self.package}@{self.version}/{self.path}"


DECAP = Script(
    "decap-cms",
    "3.16.3",
    "dist/decap-cms.js",
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p",
)
# The YAML reader of the admin page's front-matter format (kb-frontmatter.js).
JS_YAML = Script(
    "js-yaml",
    "4.1.1",
    "dist/js-yaml.min.js",
    "sha384-ZeqCzuWczURac3RacSufGD7oSbzeaX7xxnnOr3PTcYTLx4Av0qBj0kBq7AeCtHLA",
)

Backend = Literal["gitlab", "github", "gitea"]
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
_INTEGRITY = re.compile(r"^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$")
_FOLDER = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")


def _repo(value: Any) -> str:
    if not isinstance(value, str) or not _REPO.match(value.strip()):
        raise format_error(
            msg("the repository as owner/name, e.g. socialtjansten/kunskapsbanken"),
            hint=msg("write the group (or user) and the project, not the web address"),
        )
    return value.strip()


def _integrity(value: Any) -> str:
    if not isinstance(value, str) or not _INTEGRITY.match(value.strip()):
        raise format_error(
            msg("a Subresource Integrity hash such as sha384-…"),
            hint=msg("compute it with: openssl dgst -sha384 -binary FILE | openssl base64 -A"),
        )
    return value.strip()


def _folder(value: Any) -> str:
    text = value.strip().strip("/") if isinstance(value, str) else ""
    if not _FOLDER.match(text) or any(part in (".", "..") for part in text.split("/")):
        raise format_error(msg("a folder name such as bilagor, inside the page's folder"))
    return text


def _script(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text or urlsplit(text).scheme not in ("", "http", "https") or " " in text:
        raise format_error(
            msg("the address of the script, e.g. https://intranat.example.se/decap/decap-cms.js")
        )
    return text


Repo = Annotated[str, BeforeValidator(_repo)]
Integrity = Annotated[str, BeforeValidator(_integrity)]
Folder = Annotated[str, BeforeValidator(_folder)]
ScriptUrl = Annotated[str, BeforeValidator(_script)]


class CMSSettings(BaseModel):
    """Options of the browser editor (Decap CMS) at ``/admin/`` of the internal site."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Backend
    repo: Repo
    branch: Text = "main"
    base_url: Url | None = Field(default=None, validate_default=True)
    api_root: Url | None = None
    app_id: Text | None = None
    script: ScriptUrl = DECAP.url
    integrity: Integrity | None = None
    yaml_script: ScriptUrl = JS_YAML.url
    yaml_integrity: Integrity | None = None
    media_folder: Folder = "bilagor"
    local_backend: bool | Url = False

    @field_validator("base_url", mode="after")
    @classmethod
    def _server_needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("backend") == "gitea":
            raise format_error(
                msg("the address of the Gitea server, e.g. https://git.example.se"),
                hint=msg("add 'base_url:' under 'cms:'"),
            )
        return value.rstrip("/") if value else value

    @property
    def script_integrity(self) -> str | None:
        """The pinned hash for the pinned script; a self-hosted copy needs its own."""
        return self.integrity or (DECAP.integrity if self.script == DECAP.url else None)

    @property
    def yaml_script_integrity(self) -> str | None:
        return self.yaml_integrity or (
            JS_YAML.integrity if self.yaml_script == JS_YAML.url else None
        )

    @property
    def api(self) -> str:
        """The Git host's API the editor calls from the browser."""
        if self.api_root:
            return self.api_root.rstrip("/")
        if self.backend == "gitlab":
            return f"{self.base_url or 'https://gitlab.com'}/api/v4"
        if self.backend == "gitea":
            return f"{self.base_url}/api/v1"
        return "https://api.github.com"

"""The ``kb`` plugin's options as a model: :class:`KBConfig` and its parts.

One model validates the options wherever they are read: by ``kb check`` and
the other commands (:mod:`.loading` reads ``mkdocs.yml``) and by the MkDocs
plugin (:mod:`kb_tools.site.mkdocs.config`). Its parts that have more to say
live beside it: the accessibility statement (:mod:`.accessibility`), the
other banks searched together (:mod:`.federation`) and the browser editor
(:mod:`kb_tools.cms.settings`).
"""

from __future__ import annotations

import fnmatch
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..cms.settings import CMSSettings
from ..diagnostics import CODES, Severity
from ..fields import DurationValue, Email, FileSize, Slug, Text, format_error
from ..fields.durations import Duration
from ..fields.validation import did_you_mean
from ..fields.vocabulary import MANAGED_TYPES, DocType, Visibility
from ..i18n import msg
from .accessibility import AccessibilitySettings
from .federation import Federation

PLUGIN_NAME = "kb"
DEFAULT_TYPES: dict[str, Any] = {
    "rutiner": "routine",
    "samverkansparter": "partner",
    "overenskommelser": "agreement",
    "mallar": "template",
}
MATERIAL_STATUSES = frozenset({"new", "deprecated"})
# Far above any page written by hand; bounds the time one file can cost.
DEFAULT_MAX_PAGE_SIZE = 2_000_000
# MkDocs always loads these, whatever markdown_extensions says.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Owner(_Model):
    """A role that owns pages: declared once, referenced by id in ``owner:``."""

    name: Text
    email: Email | None = None


class LinkSettings(_Model):
    """External link checking (``kb check --external``)."""

    timeout: float = Field(default=10.0, gt=0)
    concurrency: int = Field(default=64, ge=1)
    per_host: int = Field(default=10, ge=1)
    interval: float = Field(default=0.05, ge=0)
    retries: int = Field(default=2, ge=0)
    exclude: list[str] = Field(default_factory=list)
    cache_max_age: DurationValue = Field(default_factory=lambda: Duration(days=1))
    cache_file: str = ".kb-cache/links.json"


class RemindSettings(_Model):
    """Reminder mails (``kb remind``); flags override each value."""

    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    sender: Email = "kunskapsbanken@example.se"
    starttls: bool = False
    state_file: str = ".kb-cache/remind.json"


def _default_review_every() -> dict[DocType, Duration]:
    return {doc_type: Duration(months=12) for doc_type in MANAGED_TYPES}


SeverityName = Literal["error", "warning", "info", "ignore"]
KeyList = list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]]


class ExtraKeys(_Model):
    """A site's own front-matter keys (``extra_keys``), for every type
    (``all``) or per type: such keys are never reported as unknown (KB103).

    Written as a list, the keys apply to every type:
    ``extra_keys: [source_url]`` is ``extra_keys: {all: [source_url]}``.
    """

    all: KeyList = Field(default_factory=list)
    routine: KeyList = Field(default_factory=list)
    partner: KeyList = Field(default_factory=list)
    agreement: KeyList = Field(default_factory=list)
    template: KeyList = Field(default_factory=list)
    glossary: KeyList = Field(default_factory=list)
    page: KeyList = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _list_means_all(cls, value: Any) -> Any:
        if isinstance(value, list):
            return {"all": value}
        if not isinstance(value, dict):
            raise format_error(
                msg("a list of keys, or a mapping from document types to lists of keys")
            )
        return value

    def of(self, doc_type: str) -> frozenset[str]:
        """The extra keys a page of *doc_type* may carry."""
        own: list[str] = getattr(self, doc_type) if doc_type in type(self).model_fields else []
        return frozenset((*self.all, *own))


class NearDuplicateSettings(_Model):
    """KB601: which types of page are compared with each other. Pages without
    a type (``page``) are left out by default: generated reference pages and
    section overviews are alike by design."""

    types: list[DocType] = Field(default_factory=lambda: list(MANAGED_TYPES))


class KBConfig(_Model):
    """Options of the ``kb`` plugin in ``mkdocs.yml``."""

    owners: dict[Slug, Owner]
    review_every: dict[DocType, DurationValue] = Field(default_factory=_default_review_every)
    contact_max_age: DurationValue = Field(default_factory=lambda: Duration(months=6))
    agreement_warning: DurationValue = Field(default_factory=lambda: Duration(days=90))
    default_visibility: Visibility = "internal"
    types: dict[str, DocType] = Field(default_factory=lambda: dict(DEFAULT_TYPES))
    severity: dict[str, SeverityName] = Field(default_factory=dict)
    links: LinkSettings = Field(default_factory=LinkSettings)
    nav_section_limit: int = Field(default=60, ge=1)
    extra_keys: ExtraKeys = Field(default_factory=ExtraKeys)
    # Anchors that the site's hooks or plugins add while MkDocs builds (kb
    # renders without them): links to these are not checked (KB203).
    unchecked_anchors: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list
    )
    near_duplicates: NearDuplicateSettings = Field(default_factory=NearDuplicateSettings)
    max_page_size: FileSize = DEFAULT_MAX_PAGE_SIZE
    remind: RemindSettings = Field(default_factory=RemindSettings)
    cms: CMSSettings | None = None  # the browser editor at /admin/ (kb_tools.cms)
    # Other banks' public sites whose search the public build merges.
    federation: Federation = Field(default_factory=list)
    # The accessibility statement page, linked from every page's footer.
    accessibility: AccessibilitySettings | None = None

    @field_validator("review_every", mode="after")
    @classmethod
    def _fill_review_defaults(cls, value: dict[DocType, Duration]) -> dict[DocType, Duration]:
        return {**_default_review_every(), **value}

    @field_validator("severity", mode="after")
    @classmethod
    def _known_codes(cls, value: dict[str, str]) -> dict[str, str]:
        for code in value:
            if code not in CODES:
                hint = did_you_mean(code, CODES) or msg("codes look like KB301; see `kb codes`")
                raise format_error(
                    msg("a check code such as KB301"),
                    detail=msg("unknown code '{code}'", code=code),
                    hint=hint,
                )
        return value

    @field_validator("extra_keys", mode="after")
    @classmethod
    def _not_read_by_kb(cls, value: ExtraKeys) -> ExtraKeys:
        # Declaring a key kb reads would switch its validation off.
        from ..model.documents import metadata_model  # config loads first: import late

        for doc_type in ExtraKeys.model_fields:
            model = metadata_model("page" if doc_type == "all" else doc_type)
            for key in getattr(value, doc_type):
                if key in model.model_fields:
                    detail = (
                        msg("kb reads '{key}' on every page", key=key)
                        if doc_type in ("all", "page")
                        else msg("kb reads '{key}' on {type} pages", key=key, type=doc_type)
                    )
                    raise format_error(
                        msg("only keys kb does not read itself"),
                        detail=detail,
                        hint=msg("remove '{key}' from extra_keys", key=key),
                    )
        return value

    def anchor_unchecked(self, anchor: str) -> bool:
        return any(fnmatch.fnmatchcase(anchor, pattern) for pattern in self.unchecked_anchors)

    def default_review_interval(self, doc_type: str) -> Duration | None:
        return next((v for k, v in self.review_every.items() if k == doc_type), None)

    def severity_of(self, code: str) -> Severity:
        override = self.severity.get(code)
        return Severity(override) if override else CODES[code].severity

    def type_for_folder(self, src_path: str) -> str | None:
        """The type configured for the longest folder prefix of *src_path*."""
        parts = src_path.split("/")[:-1]
        while parts:
            folder = "/".join(parts)
            if folder in self.types:
                return self.types[folder]
            parts.pop()
        return None

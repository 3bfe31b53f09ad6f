"""Front-matter models per document type (the contract's tables as code).

The models validate *formats*; which keys are *required* depends on the type
and the status and is declared in :data:`REQUIRED_KEYS`, so that a page with
one bad value still yields every other value for the remaining checks.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..fields import DateValue, DurationValue, Email, Phone, Slug, Text, Url
from ..fields.vocabulary import DocType, OrgType, Status, Visibility
from ..i18n import msg

_MANAGED = ("title", "owner", "reviewed")
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "routine": _MANAGED,
    "template": _MANAGED,
    "partner": (*_MANAGED, "org_type"),
    "agreement": (*_MANAGED, "parties", "valid_from"),
    "glossary": ("title",),
    "page": (),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Model):
    """A contact person at a partner."""

    name: Text
    role: Text
    email: Email | None = None
    phone: Phone | None = None
    verified: DateValue
    public: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _reachable(self, info: ValidationInfo) -> Contact:
        salvaging = isinstance(info.context, dict) and info.context.get("salvaging")
        if self.email is None and self.phone is None and not salvaging:
            raise PydanticCustomError(
                "kb_missing",
                "needs an email or a phone",
                {
                    "message": msg("needs an 'email' or a 'phone' (at least one)"),
                    "hint": msg("add 'email:' or 'phone:' to the contact"),
                },
            )
        return self


class Term(_Model):
    """An abbreviation or term in the glossary."""

    term: Text
    expansion: Text
    description: Text | None = None


class PageMetadata(_Model):
    """Keys common to all types, plus the engine's own page keys."""

    title: Text | None = None
    id: Slug | None = None
    type: DocType | None = None
    owner: Slug | None = None
    reviewed: DateValue | None = None
    review_every: DurationValue | None = None
    status: Status = "active"
    visibility: Visibility | None = None
    tags: list[Text] = Field(default_factory=list)
    summary: Text | None = None
    partners: list[Slug] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    source: Text | None = None  # the file a page was imported from (`kb import`)
    # Keys MkDocs and Material read from front matter: legitimate, not ours.
    description: str | None = None
    subtitle: str | None = None
    template: str | None = None
    icon: str | None = None
    hide: list[str] | None = None
    search: dict[str, Any] | None = None
    comments: bool | None = None


class RoutineMetadata(PageMetadata):
    pass


class TemplateMetadata(PageMetadata):
    pass


class PartnerMetadata(PageMetadata):
    org_type: OrgType | None = None
    website: Url | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: Text | None = None
    contacts: list[Contact] | None = None


class AgreementMetadata(PageMetadata):
    parties: list[Slug] = Field(default_factory=list)
    valid_from: DateValue | None = None
    valid_until: DateValue | None = None
    signed: DateValue | None = None
    notice: DurationValue | None = None
    document: Text | None = None


class GlossaryMetadata(PageMetadata):
    terms: list[Term] = Field(default_factory=list)


_MODELS: dict[str, type[PageMetadata]] = {
    "routine": RoutineMetadata,
    "template": TemplateMetadata,
    "partner": PartnerMetadata,
    "agreement": AgreementMetadata,
    "glossary": GlossaryMetadata,
    "page": PageMetadata,
}


def fail_safe(meta: PageMetadata, data: dict[str, Any]) -> PageMetadata:
    """*meta* with the safe reading of a ``status`` or ``visibility`` the
    page gives but that is not one of the contract's values (``utkast``,
    ``Draft``, ``intern``): such a page is a draft, published on neither
    site, and internal, never on the public one. Leaving the key out takes
    the defaults; misspelling it must not publish what the editor meant to
    hold back. The value itself is a KB102 error."""
    updates: dict[str, Any] = {}
    if "status" in data and data["status"] != meta.status:
        updates["status"] = "draft"
    if "visibility" in data and data["visibility"] != meta.visibility:
        updates["visibility"] = "internal"
    return meta.model_copy(update=updates) if updates else meta


ALL_KEYS: frozenset[str] = frozenset(
    key for model in _MODELS.values() for key in model.model_fields
)


def metadata_model(doc_type: str) -> type[PageMetadata]:
    return _MODELS.get(doc_type, PageMetadata)


def keys_of_other_types(doc_type: str) -> dict[str, str]:
    """Keys that belong to another type: ``{'contacts': 'partner', ...}``."""
    own = set(metadata_model(doc_type).model_fields)
    found: dict[str, str] = {}
    for other, model in _MODELS.items():
        for key in model.model_fields:
            if key not in own:
                found.setdefault(key, other)
    return found

"""The settings of a bank's accessibility statement (tillgänglighetsredogörelse):
``accessibility:`` in the kb plugin's options in ``mkdocs.yml``.

Swedish public bodies must publish one for every website, intranets included
(lagen (2018:1937) om tillgänglighet till digital offentlig service, with
Digg's regulations on what it holds): who runs the site, how far it meets the
requirements (fully, partly, not), what is not accessible and why, when that
was assessed and how, how to report a problem, and Digg's form for
complaints. The site builds the statement page from these settings
(:mod:`kb_tools.site.statement`) and links it from every page's footer.

Part of the configuration model (:class:`kb_tools.config.loading.KBConfig`); the
same validation serves ``kb check`` and the MkDocs plugin.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..fields import DateValue, Email, Phone, Text, Url, format_error
from ..i18n import msg

# Digg's form for reporting a public body's lacking accessibility.
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"

Status = Literal["full", "partial", "none"]
Method = Literal["self-assessment", "external"]
Items = list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReportContact(_Model):
    """Where a reader reports an accessibility problem or asks for content
    in another format: at least one of a mailbox, a phone and a web form."""

    email: Email | None = None
    phone: Phone | None = None
    form: Url | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_way_at_least(cls, value: Any) -> Any:
        ways = ("email", "phone", "form")
        # A misspelt key is reported as unknown, with its correction, instead.
        if isinstance(value, dict) and set(value) <= set(ways) and not any(map(value.get, ways)):
            raise format_error(
                msg("at least one of 'email', 'phone' and 'form'"),
                hint=msg(
                    "add the mailbox, phone number or web form where readers report problems"
                ),
            )
        return value


class AccessibilitySettings(_Model):
    """``accessibility:`` — what the accessibility statement says."""

    contact: ReportContact
    organisation: Text | None = None  # who runs the site; the site's name stands in
    status: Status = "partial"
    # Listed in the order given; each is a sentence: what, why, and any
    # accessible alternative.
    known_issues: Items = Field(default_factory=list, validate_default=True)
    disproportionate_burden: Items = Field(default_factory=list)  # 12 § of the law
    out_of_scope: Items = Field(default_factory=list)  # 9 § of the law
    reviewed: DateValue | None = None  # the last assessment; None: not assessed yet
    updated: DateValue | None = None  # the statement's last update; default: reviewed
    method: Method = "self-assessment"
    report_url: Url = DIGG_REPORT_URL

    @field_validator("known_issues", mode="after")
    @classmethod
    def _agrees_with_status(cls, value: list[str], info: ValidationInfo) -> list[str]:
        status = info.data.get("status")
        if status in ("partial", "none") and not value:
            raise format_error(
                msg(
                    "a list of what is not accessible (status '{status}' says something is)",
                    status=str(status),
                ),
                hint=msg("list each known issue, or set 'status: full' if there is none"),
            )
        if status == "full" and value:
            raise format_error(
                msg("no known issues (status 'full' says there are none)"),
                hint=msg("set 'status: partial', or remove the issues that are fixed"),
            )
        return value

    @property
    def last_updated(self) -> date | None:
        return self.updated or self.reviewed

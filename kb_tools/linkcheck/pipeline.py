"""The stages put together, and results turned into KB501–KB503 findings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..config import LinkSettings
from ..diagnostics import Diagnostic, finding
from ..i18n import Message, msg, msg_n
from ..model import Bank
from .cache import LinkCache
from .check import CheckSettings, LinkChecker, LinkResult, Status
from .extract import extract
from .filter import unique_urls

SECONDS_PER_DAY = 86_400


@dataclass
class ExternalLinkReport:
    findings: list[Diagnostic] = field(default_factory=list)
    checked: int = 0
    cached: int = 0
    network_down: Message | None = None


def settings_from(config: LinkSettings) -> CheckSettings:
    return CheckSettings(
        timeout=config.timeout,
        concurrency=config.concurrency,
        per_host=config.per_host,
        interval=config.interval,
        retries=config.retries,
    )


def check_external_links(
    bank: Bank,
    *,
    limits: Iterable[str] = (),
    checker: LinkChecker | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int, LinkResult], None] | None = None,
) -> ExternalLinkReport:
    links = bank.config.kb.links
    grouped = unique_urls(extract(bank, limits), links.exclude)
    cache = None
    if use_cache:
        max_age = links.cache_max_age
        seconds = (max_age.days + 30 * max_age.months) * SECONDS_PER_DAY
        cache = LinkCache(bank.config.root / links.cache_file, seconds)
    report = ExternalLinkReport()
    results: dict[str, LinkResult] = {}
    to_check = []
    for url in grouped:
        cached = cache.get(url) if cache else None
        if cached is not None:
            results[url] = cached
            report.cached += 1
        else:
            to_check.append(url)
    checker = checker or LinkChecker(settings_from(links))
    total = len(to_check)
    done_count = 0

    def done(result: LinkResult) -> None:
        nonlocal done_count
        done_count += 1
        if progress is not None:
            progress(done_count, total, result)

    if to_check:
        results.update(asyncio.run(checker.check_all(to_check, done)))
    report.checked = total
    fresh = [results[url] for url in to_check]
    report.network_down = _network_down(fresh)
    if cache is not None:
        for result in fresh:
            cache.put(result)
        cache.save()
    if report.network_down:
        return report
    for url, uses in grouped.items():
        result = results[url]
        for use in uses:
            diagnostic = finding_for(result, use.path, use.line, use.column)
            if diagnostic is not None:
                report.findings.append(diagnostic)
    return report


def _network_down(results: list[LinkResult]) -> Message | None:
    """One message when nothing could be reached at all, instead of a
    finding for every link."""
    hosts = {urlsplit(r.url).netloc for r in results}
    if len(hosts) < 3 or not all(r.connection_failure for r in results):
        return None
    return msg_n(
        "none of the {n} host linked from the bank could be reached; the network seems "
        "to be down, so external links were not judged",
        "none of the {n} hosts linked from the bank could be reached; the network seems "
        "to be down, so external links were not judged",
        len(hosts),
    )


def finding_for(result: LinkResult, path: str, line: int, column: int) -> Diagnostic | None:
    """The finding for the answer *result* to a link at *path*, *line*, *column*
    (None when the link is fine)."""
    url = result.url
    if result.status is Status.BROKEN:
        why = result.detail or msg("HTTP {code}", code=str(result.code))
        return finding(
            "KB501",
            path,
            line,
            column,
            msg("broken link {url} ({why})", url=url, why=why),
            msg("correct the address or remove the link"),
        )
    if result.status is Status.UNREACHABLE:
        return finding(
            "KB502",
            path,
            line,
            column,
            msg(
                "link could not be reached: {url} ({why})",
                url=url,
                why=result.detail or msg("no answer"),
            ),
            msg("this may be temporary; it is checked again on the next run"),
        )
    if result.status is Status.REDIRECTED and result.final_url:
        return finding(
            "KB503",
            path,
            line,
            column,
            msg("link redirects permanently to {url}", url=result.final_url),
            msg("update the link to '{url}'", url=result.final_url),
        )
    return None

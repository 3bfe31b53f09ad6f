"""Check: one aiohttp session, a global and a per-host concurrency limit, a
polite interval between requests to the same host, HEAD first (GET when a
server rejects HEAD), redirects followed by hand so permanent ones can be
reported, and a small retry rule: retry 5xx, 408, 429 (honouring
``Retry-After``) and timeouts with backoff; never DNS or TLS failures.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import aiohttp

from ..i18n import Message, msg


class Status(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"  # permanently: the link should be updated
    BROKEN = "broken"  # 4xx/5xx after retries, DNS failure, TLS failure
    UNREACHABLE = "unreachable"  # timeout, connection refused: may be transient


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: Status
    code: int = 0
    final_url: str | None = None
    detail: Message | None = None  # why it is broken or unreachable
    cached: bool = False
    attempts: int = 1
    connection_failure: bool = False  # nothing answered at all (DNS, refused, timeout)


@dataclass(frozen=True)
class CheckSettings:
    timeout: float = 10.0
    concurrency: int = 64
    per_host: int = 10
    interval: float = 0.05
    retries: int = 2
    max_redirects: int = 10
    backoff: float = 0.5
    max_backoff: float = 30.0
    user_agent: str = "kb_tools link checker (+https://example.org/kunskapsbanken)"


RETRY_CODES = frozenset({408, 429, 500, 502, 503, 504})
HEAD_REJECTED = frozenset({400, 403, 405, 501})
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})

Sleep = Callable[[float], Awaitable[None]]


class _Transient(Exception):
    def __init__(self, detail: Message, delay: float | None = None, code: int = 0) -> None:
        super().__init__(detail)
        self.detail = detail
        self.delay = delay
        self.code = code


class _Final(Exception):
    def __init__(self, status: Status, detail: Message, connection: bool = False) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.connection = connection


class _Host:
    def __init__(self, limit: int) -> None:
        self.semaphore = asyncio.Semaphore(limit)
        self.lock = asyncio.Lock()
        self.next_start = 0.0


class LinkChecker:
    """Checks URLs concurrently; *sleep* and *clock* are injectable so tests
    can assert the retry delays without waiting for them."""

    def __init__(
        self,
        settings: CheckSettings | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or CheckSettings()
        self.sleep = sleep
        self.clock = clock
        self.delays: list[float] = []  # every backoff waited, in order (for reports and tests)

    async def check_all(
        self, urls: Iterable[str], done: Callable[[LinkResult], None] | None = None
    ) -> dict[str, LinkResult]:
        settings = self.settings
        hosts: dict[str, _Host] = {}
        limit = asyncio.Semaphore(settings.concurrency)
        connector = aiohttp.TCPConnector(limit=settings.concurrency, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(total=settings.timeout)
        headers = {"User-Agent": settings.user_agent, "Accept": "*/*"}
        results: dict[str, LinkResult] = {}
        async with aiohttp.ClientSession(
            connector=connector, timeout=timeout, headers=headers
        ) as session:

            async def one(url: str) -> None:
                async with limit:
                    result = await self._check(session, hosts, url)
                results[url] = result
                if done is not None:
                    done(result)

            await asyncio.gather(*(one(url) for url in dict.fromkeys(urls)))
        return results

    async def _check(
        self, session: aiohttp.ClientSession, hosts: dict[str, _Host], url: str
    ) -> LinkResult:
        settings = self.settings
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._follow(session, hosts, url, attempt)
            except _Final as final:
                return LinkResult(
                    url,
                    final.status,
                    detail=final.detail,
                    attempts=attempt,
                    connection_failure=final.connection,
                )
            except _Transient as transient:
                if attempt > settings.retries:
                    if transient.code:
                        return LinkResult(
                            url,
                            Status.BROKEN,
                            transient.code,
                            detail=transient.detail,
                            attempts=attempt,
                        )
                    return LinkResult(
                        url,
                        Status.UNREACHABLE,
                        detail=transient.detail,
                        attempts=attempt,
                        connection_failure=True,
                    )
                delay = transient.delay
                if delay is None:
                    delay = settings.backoff * 2 ** (attempt - 1)
                delay = min(delay, settings.max_backoff)
                self.delays.append(delay)
                await self.sleep(delay)

    async def _follow(
        self, session: aiohttp.ClientSession, hosts: dict[str, _Host], url: str, attempt: int
    ) -> LinkResult:
        current = url
        permanent: bool | None = None
        for _ in range(self.settings.max_redirects + 1):
            code, location, retry_after = await self._request(session, hosts, current)
            if code in REDIRECT_CODES and location:
                if permanent is None:
                    permanent = code in PERMANENT
                current = urljoin(current, location)
                continue
            if code in RETRY_CODES:
                raise _Transient(_http(code), retry_after, code)
            if code >= 400:
                return LinkResult(
                    url,
                    Status.BROKEN,
                    code,
                    current if current != url else None,
                    detail=_http(code),
                    attempts=attempt,
                )
            if permanent:
                return LinkResult(url, Status.REDIRECTED, code, current, attempts=attempt)
            return LinkResult(
                url, Status.OK, code, current if current != url else None, attempts=attempt
            )
        return LinkResult(
            url, Status.BROKEN, 0, current, detail=msg("too many redirects"), attempts=attempt
        )

    async def _request(
        self, session: aiohttp.ClientSession, hosts: dict[str, _Host], url: str
    ) -> tuple[int, str | None, float | None]:
        host_key = urlsplit(url).netloc.lower()
        host = hosts.setdefault(host_key, _Host(self.settings.per_host))
        async with host.semaphore:
            code, location, retry_after = await self._send(session, host, "HEAD", url)
            if code in HEAD_REJECTED:
                code, location, retry_after = await self._send(session, host, "GET", url)
            return code, location, retry_after

    async def _send(
        self, session: aiohttp.ClientSession, host: _Host, method: str, url: str
    ) -> tuple[int, str | None, float | None]:
        await self._polite(host)
        try:
            async with session.request(method, url, allow_redirects=False) as response:
                retry_after = _retry_after(response.headers.get("Retry-After"))
                return response.status, response.headers.get("Location"), retry_after
        except TimeoutError:
            raise _Transient(
                msg("no answer within {seconds} s", seconds=f"{self.settings.timeout:g}")
            ) from None
        except aiohttp.ClientConnectorCertificateError as exc:
            raise _Final(
                Status.BROKEN,
                msg("TLS certificate error: {error}", error=str(exc.certificate_error)),
            ) from None
        except aiohttp.ClientSSLError as exc:
            raise _Final(Status.BROKEN, msg("TLS error: {error}", error=str(exc))) from None
        except aiohttp.ClientConnectorError as exc:
            if _is_dns_failure(exc):
                # "No such host" means DNS works and the link is wrong; "try
                # again" means no name server answered: the network is down.
                no_answer = _dns_errno(exc) == socket.EAI_AGAIN
                raise _Final(
                    Status.BROKEN,
                    msg("the host name does not resolve: {host}", host=str(exc.host)),
                    connection=no_answer,
                ) from None
            raise _Final(
                Status.UNREACHABLE,
                msg("connection failed: {error}", error=str(exc.os_error or exc)),
                connection=True,
            ) from None
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError) as exc:
            raise _Transient(
                msg("the server closed the connection: {error}", error=str(exc))
            ) from None
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise _Final(Status.BROKEN, msg("not a valid URL: {error}", error=str(exc))) from None
        except aiohttp.ClientError as exc:
            raise _Final(
                Status.UNREACHABLE, msg("request failed: {error}", error=str(exc)), connection=True
            ) from None

    async def _polite(self, host: _Host) -> None:
        """Start requests to one host at least ``interval`` apart."""
        interval = self.settings.interval
        if interval <= 0:
            return
        async with host.lock:
            now = self.clock()
            wait = host.next_start - now
            host.next_start = max(now, host.next_start) + interval
        if wait > 0:
            await asyncio.sleep(wait)


def _is_dns_failure(exc: aiohttp.ClientConnectorError) -> bool:
    dns_error = getattr(aiohttp, "ClientConnectorDNSError", None)
    if dns_error is not None and isinstance(exc, dns_error):
        return True
    return isinstance(exc.os_error, socket.gaierror) or isinstance(exc.__cause__, socket.gaierror)


def _dns_errno(exc: aiohttp.ClientConnectorError) -> int | None:
    for candidate in (exc.os_error, exc.__cause__, getattr(exc.os_error, "__cause__", None)):
        if isinstance(candidate, socket.gaierror):
            return candidate.errno
    errno = getattr(exc.os_error, "errno", None)
    return errno if isinstance(errno, int) else None


def _http(code: int) -> Message:
    return msg("HTTP {code}", code=str(code))


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())

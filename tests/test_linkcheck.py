"""External links against a real local HTTP server (aiohttp), no mocks."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest
from aiohttp import web

from kb_tools.linkcheck import CheckSettings, LinkChecker, Status
from kb_tools.linkcheck.cache import LinkCache
from kb_tools.linkcheck.check import LinkResult

from .conftest import ROUTINE, MakeBank


def _app() -> web.Application:
    calls: dict[str, int] = {}

    def counted(name: str) -> int:
        calls[name] = calls.get(name, 0) + 1
        return calls[name]

    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    def redirect(target: str, status: int) -> web.RequestHandler:
        async def handler(request: web.Request) -> web.Response:
            return web.Response(status=status, headers={"Location": target})

        return handler

    async def head_rejected(request: web.Request) -> web.Response:
        return web.Response(status=405 if request.method == "HEAD" else 200)

    async def too_many(request: web.Request) -> web.Response:
        if counted("429") == 1:
            return web.Response(status=429, headers={"Retry-After": "3"})
        return web.Response(text="ok")

    async def flaky(request: web.Request) -> web.Response:
        return web.Response(status=500 if counted("500") == 1 else 200)

    async def always_500(request: web.Request) -> web.Response:
        return web.Response(status=500)

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    async def gone(request: web.Request) -> web.Response:
        return web.Response(status=410)

    app = web.Application()
    app.router.add_route("*", "/ok", ok)
    app.router.add_route("*", "/moved", redirect("/ok", 301))
    app.router.add_route("*", "/moved-308", redirect("/ok", 308))
    app.router.add_route("*", "/chain", redirect("/chain-2", 301))
    app.router.add_route("*", "/chain-2", redirect("/ok", 302))
    app.router.add_route("*", "/temporary", redirect("/ok", 302))
    app.router.add_route("*", "/gone", gone)
    app.router.add_route("*", "/head-405", head_rejected)
    app.router.add_route("*", "/429", too_many)
    app.router.add_route("*", "/500-then-200", flaky)
    app.router.add_route("*", "/always-500", always_500)
    app.router.add_route("*", "/slow", slow)
    return app


@pytest.fixture
def server() -> Iterator[str]:
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(_app())
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RecordedSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def _check(urls: list[str], **settings: object) -> tuple[dict[str, LinkResult], list[float]]:
    sleep = RecordedSleep()
    checker = LinkChecker(
        CheckSettings(**{"timeout": 0.5, "interval": 0, **settings}),  # type: ignore[arg-type]
        sleep=sleep,
    )
    return asyncio.run(checker.check_all(urls)), sleep.delays


def test_each_kind_of_answer_is_classified(server: str) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/x"
    urls = {
        "ok": f"{server}/ok",
        "moved": f"{server}/moved",
        "moved-308": f"{server}/moved-308",
        "chain": f"{server}/chain",
        "temporary": f"{server}/temporary",
        "404": f"{server}/missing",
        "410": f"{server}/gone",
        "head-405": f"{server}/head-405",
        "slow": f"{server}/slow",
        "refused": refused,
        "dns": "http://nowhere.invalid/page",
    }
    results, _ = _check(list(urls.values()), retries=0)
    got = {name: (results[url].status.value, results[url].code) for name, url in urls.items()}
    assert got == {
        "ok": ("ok", 200),
        "moved": ("redirected", 200),
        "moved-308": ("redirected", 200),
        "chain": ("redirected", 200),
        "temporary": ("ok", 200),
        "404": ("broken", 404),
        "410": ("broken", 410),
        "head-405": ("ok", 200),
        "slow": ("unreachable", 0),
        "refused": ("unreachable", 0),
        "dns": ("broken", 0),
    }
    assert results[urls["moved"]].final_url == f"{server}/ok"
    assert str(results[urls["dns"]].detail) == "the host name does not resolve: nowhere.invalid"
    assert str(results[urls["slow"]].detail) == "no answer within 0.5 s"


def test_retry_after_is_honoured(server: str) -> None:
    results, delays = _check([f"{server}/429"])
    assert results[f"{server}/429"].status is Status.OK
    assert results[f"{server}/429"].attempts == 2
    assert delays == [3.0]


def test_server_errors_are_retried_with_backoff(server: str) -> None:
    results, delays = _check(
        [f"{server}/500-then-200", f"{server}/always-500"], retries=2, backoff=0.5
    )
    assert results[f"{server}/500-then-200"].status is Status.OK
    broken = results[f"{server}/always-500"]
    assert (broken.status, broken.code, broken.attempts) == (Status.BROKEN, 500, 3)
    assert sorted(delays) == [0.5, 0.5, 1.0]


def test_dns_failures_and_refusals_are_never_retried(server: str) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/"
    results, delays = _check(["http://nowhere.invalid/", refused], retries=3)
    assert delays == []
    assert results[refused].attempts == 1


def test_each_url_is_checked_once(server: str) -> None:
    # /500-then-200 fails on its first request only: one check, one retry.
    results, delays = _check([f"{server}/500-then-200"] * 3, retries=1)
    assert list(results) == [f"{server}/500-then-200"]
    assert results[f"{server}/500-then-200"].status is Status.OK
    assert delays == [0.5]


def test_cache_hits_misses_and_expiry(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "links.json"
    cache = LinkCache(path, max_age_seconds=3600, now=1000.0)
    cache.put(LinkResult("https://a.example/", Status.OK, 200))
    cache.put(LinkResult("https://b.example/", Status.BROKEN, 404))
    cache.save()
    later = LinkCache(path, max_age_seconds=3600, now=2000.0)
    hit = later.get("https://a.example/")
    assert hit is not None and hit.cached and hit.status is Status.OK
    assert later.get("https://b.example/") is None  # failures are never cached
    expired = LinkCache(path, max_age_seconds=3600, now=1000.0 + 3601)
    assert expired.get("https://a.example/") is None


def test_kb_check_external(make_bank: MakeBank, server: str) -> None:
    line = f"[A]({server}/ok) [B]({server}/missing) [C]({server}/moved)"
    bank = make_bank({"rutiner/a.md": ROUTINE + f"\n{line}\n\n[D]({server}/missing)\n"})
    result = bank.kb("check", "--external", "--no-cache")
    broken = line.index(f"{server}/missing") + 1
    moved = line.index(f"{server}/moved") + 1
    assert result.output == (
        f"docs/rutiner/a.md:10:{broken}: KB501 error: broken link {server}/missing (HTTP 404)\n"
        "  hint: correct the address or remove the link\n"
        f"docs/rutiner/a.md:10:{moved}: KB503 info: link redirects permanently to {server}/ok\n"
        f"  hint: update the link to '{server}/ok'\n"
        f"docs/rutiner/a.md:12:5: KB501 error: broken link {server}/missing (HTTP 404)\n"
        "  hint: correct the address or remove the link\n"
        "2 errors, 0 warnings, 1 note in 1 file.\n"
    )
    assert result.exit_code == 1


def test_network_down_is_one_message(make_bank: MakeBank) -> None:
    ports = [_closed_port() for _ in range(3)]
    links = " ".join(f"[x](http://127.0.0.{i + 1}:{port}/)" for i, port in enumerate(ports))
    bank = make_bank({"rutiner/a.md": ROUTINE + f"\n{links}\n"})
    result = bank.kb("check", "--external", "--no-cache")
    assert result.output == "No problems found.\n"
    assert result.stderr.endswith(
        "Warning: none of the 3 hosts linked from the bank could be reached; the network "
        "seems to be down, so external links were not judged.\n"
    )

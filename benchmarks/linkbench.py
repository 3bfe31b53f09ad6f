"""External link checking against lychee, at equal politeness.

1,000 unique URLs over 10 loopback hosts (127.0.0.1–127.0.0.10, one server
on each, answering after 100 ms); both checkers allow 10 requests at a time
per host, started at least 50 ms apart (lychee's defaults), 128 in all.
Each side runs in a process of its own, measured the same way (wall time,
processor time, peak memory; benchmarks/measure.py), as the median of the
same number of runs. A side that fails, or reports a link broken, fails the
benchmark.

    python benchmarks/linkbench.py
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import PeerFailed, Run, peer, repeated  # noqa: E402

HOSTS = [f"127.0.0.{n}" for n in range(1, 11)]
URLS_PER_HOST = 100
DELAY = 0.1


def _serve(port: int, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    from aiohttp import web

    async def page(request: web.Request) -> web.Response:
        await asyncio.sleep(DELAY)
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for host in HOSTS:
            await web.TCPSite(runner, host, port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_ours(listing: Path) -> int:
    """Check the URLs of *listing* (one a line) as kb does; 1 if any is not ok."""
    sys.path.insert(0, str(HERE.parent))
    from kb_tools.linkcheck import CheckSettings, LinkChecker

    urls = listing.read_text(encoding="utf-8").split()
    settings = CheckSettings(concurrency=128, per_host=10, interval=0.05, retries=0)
    results = asyncio.run(LinkChecker(settings).check_all(urls))
    return 0 if all(r.status.value == "ok" for r in results.values()) else 1


def lychee_binary() -> str | None:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    return found if Path(found).exists() else None


def run(times: int = 3) -> dict[str, Run | int]:
    """Both checkers on the same URLs: ``{"kb_tools": Run, "lychee": Run, "urls": n}``.
    PeerFailed when lychee is not installed, fails or finds a link broken."""
    lychee = lychee_binary()
    if lychee is None:
        raise PeerFailed("lychee is not installed (pip install -e '.[bench]'): no comparison")
    port = _port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(30)
    urls = [f"http://{host}:{port}/sida/{n}" for host in HOSTS for n in range(URLS_PER_HOST)]
    env = {**os.environ}
    try:
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "urls.md"
            listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
            ours = repeated(times, [sys.executable, __file__, "--ours", str(listing)], HERE, env)
            if ours.exit_code:
                raise PeerFailed(f"kb's link checker failed (exit {ours.exit_code})")
            theirs = repeated(
                times,
                [
                    lychee,
                    "--no-progress",
                    "--max-concurrency",
                    "128",
                    "--host-concurrency",
                    "10",
                    "--host-request-interval",
                    "50ms",
                    "--max-retries",
                    "0",
                    str(listing),
                ],
                HERE,
                env,
            )
            peer(theirs, "lychee")
        return {"kb_tools": ours, "lychee": theirs, "urls": len(urls)}
    finally:
        server.terminate()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ours"]:
        sys.exit(check_ours(Path(sys.argv[2])))
    figures = run()
    ours, theirs = figures["kb_tools"], figures["lychee"]
    assert isinstance(ours, Run) and isinstance(theirs, Run)
    print(
        f"{figures['urls']} URLs: kb_tools {ours.seconds:.2f} s, {ours.tree_mb:.0f} MB; "
        f"lychee {theirs.seconds:.2f} s, {theirs.tree_mb:.0f} MB"
    )

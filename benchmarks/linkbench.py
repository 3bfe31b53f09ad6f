"""External link checking against lychee, at equal politeness.

1,000 unique URLs over 10 loopback hosts (127.0.0.1–127.0.0.10, one server
on each, answering after 100 ms); both checkers allow 10 requests at a time
per host, started at least 50 ms apart (lychee's defaults), 128 in all.

    python benchmarks/linkbench.py
"""

from __future__ import annotations

import asyncio
import multiprocessing
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def run() -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kb_tools.linkcheck import CheckSettings, LinkChecker

    port = _port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(30)
    urls = [f"http://{host}:{port}/sida/{n}" for host in HOSTS for n in range(URLS_PER_HOST)]
    try:
        settings = CheckSettings(concurrency=128, per_host=10, interval=0.05, retries=0)
        start = time.perf_counter()
        results = asyncio.run(LinkChecker(settings).check_all(urls))
        ours = time.perf_counter() - start
        assert all(r.status.value == "ok" for r in results.values()), "a link failed"
        lychee_time = float("nan")
        lychee = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
        if Path(lychee).exists():
            with tempfile.TemporaryDirectory() as folder:
                listing = Path(folder) / "urls.md"
                listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
                start = time.perf_counter()
                subprocess.run(
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
                    capture_output=True,
                    check=False,
                )
                lychee_time = time.perf_counter() - start
        return {"kb_tools": ours, "lychee": lychee_time, "urls": len(urls)}
    finally:
        server.terminate()


if __name__ == "__main__":
    figures = run()
    print(
        f"{figures['urls']:.0f} URLs: kb_tools {figures['kb_tools']:.2f} s, "
        f"lychee {figures['lychee']:.2f} s"
    )

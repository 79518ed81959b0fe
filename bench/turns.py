"""`make bench`: model size, start-up time, Rasa and action-server memory, turn latency.

Boots the real stack (honcho, temporary var/ and free ports), holds N conversations through
the REST channel and prints the figures. Training time is measured by `time make train`
after `rm -rf models` (see the README).
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bot.rasa.client import Metadata, RasaClient
from bot.rasa.stack import Stack
from bot.settings import ROOT, Settings
from bot.storage.migrate import upgrade

MESSAGES = (
    "hi",
    "my boss hasn't paid me for two months",
    "the agency kept my passport",
    "can i see a doctor without papers",
    "I'm in danger",
    "asdfgh",
    "thanks",
)
CONVERSATIONS = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _descendants(pid: int) -> list[tuple[int, str]]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append((int(proc.name), cmdline))
            found.extend(_descendants(int(proc.name)))
    return found


async def _turns(settings: Settings) -> list[float]:
    client = RasaClient(settings.rasa_url, timeout=30)
    timings = []
    try:
        for _ in range(CONVERSATIONS):
            sender = uuid.uuid4().hex
            for text in MESSAGES:
                start = time.perf_counter()
                await client.send(sender=sender, text=text, metadata=Metadata(channel="bench"))
                timings.append(time.perf_counter() - start)
    finally:
        await client.aclose()
    return timings


def main() -> None:
    """Print the figures."""
    model = max((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    print(f"model: {model.name}  size: {model.stat().st_size / 2**20:.1f} MiB")
    with tempfile.TemporaryDirectory() as tmp:
        rasa_port, action_port = _free_port(), _free_port()
        settings = Settings(
            var_dir=Path(tmp),
            rasa_port=rasa_port,
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            action_server_port=action_port,
            rightsline_secret="bench",  # type: ignore[arg-type]
        )
        upgrade(settings.resolved_database_url())
        stack = Stack(settings, log_file=Path(tmp) / "stack.log")
        start = time.perf_counter()
        stack.start(timeout=300)
        print(f"start-up (honcho → both health checks green): {time.perf_counter() - start:.1f} s")
        try:
            timings = asyncio.run(_turns(settings))
            assert stack.process is not None
            for pid, cmd in _descendants(stack.process.pid):
                if cmd.startswith("/bin/sh"):
                    continue  # the shell honcho starts each Procfile line with
                if "rasa run" in cmd:
                    print(f"Rasa server RSS: {_rss_mib(pid):.0f} MiB")
                elif "rightsline actions" in cmd:
                    print(f"action server RSS: {_rss_mib(pid):.0f} MiB")
        finally:
            stack.stop()
    ms = sorted(t * 1000 for t in timings)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(
        f"turns: {len(ms)}  median: {statistics.median(ms):.0f} ms  p95: {p95:.0f} ms  "
        f"max: {ms[-1]:.0f} ms  (p95/median {p95 / statistics.median(ms):.1f}x)"
    )


if __name__ == "__main__":
    main()

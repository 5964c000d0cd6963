"""Run a command and measure it: wall time, its CPU time, other processes' CPU time, memory.

Measures nothing by itself: the benchmark scripts import ``measure`` so that every subprocess
is timed the same way (Linux; /proc and ``os.wait4``):

- ``seconds``: wall time from just before the process starts to its exit;
- ``cpu``: user + system CPU seconds of the process and every descendant it waited for
  (``os.wait4``), e.g. ``kg build``'s worker processes;
- ``others``: CPU seconds the rest of the machine used meanwhile (busy time from /proc/stat
  minus ``cpu`` and this script's own), divided by the wall time: how many cores other work took (other people's
  tests, say). Near 0 means the figures are clean; 1 on a 2-core machine means half of it
  was taken and parallel figures in particular mean little;
- ``tree_peak`` (with ``poll=True``): peak of the summed RSS of the process and all its
  descendants, polled from /proc every 10 ms; ``max_rss``: the largest single process's peak
  RSS (``ru_maxrss``). Both in bytes.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
KG = str(BIN / "kg") if (BIN / "kg").exists() else (shutil.which("kg") or "kg")
PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    seconds: float
    cpu: float
    others: float          # cores' worth of CPU other processes used during the run
    tree_peak: int
    max_rss: int
    stdout: str


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def busy_seconds() -> float:
    """CPU seconds all cores have been busy since boot (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    guest = sum(fields[8:10]) if len(fields) > 9 else 0       # already counted in user/nice
    return (sum(fields) - idle - guest) / TICK


def tree_rss(root: int) -> int:
    """Summed RSS in bytes of ``root`` and every process below it."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            # pid (comm) state ppid …: comm may hold spaces, so split after the last ')'
            parents[int(entry.name)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
    return total


def measure(cmd: list[str], *, poll: bool = False) -> Measured:
    """Run ``cmd`` to its end and measure it; a failing command stops the script."""
    peak = 0
    stop = threading.Event()
    busy0 = busy_seconds()
    self0 = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.01)

    watcher = threading.Thread(target=watch, daemon=True) if poll else None
    if watcher:
        watcher.start()
    # read the pipes in threads so a chatty process never blocks on a full pipe
    outputs: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: outputs.__setitem__(n, s.read()))
               for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    busy = busy_seconds() - busy0
    self1 = os.times()
    stop.set()
    if watcher:
        watcher.join()
    for r in readers:
        r.join()
    proc.stdout.close()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = outputs.get("err", b"").decode("utf-8", "replace")
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    cpu = usage.ru_utime + usage.ru_stime
    mine = (self1.user + self1.system) - (self0.user + self0.system)    # this script, polling
    return Measured(seconds, cpu, max(0.0, busy - cpu - mine) / seconds, peak,
                    usage.ru_maxrss * 1024, outputs.get("out", b"").decode("utf-8", "replace"))


def wait_quiet(max_wait: float = 30.0, threshold: float = 0.2, window: float = 0.5) -> float:
    """Wait until other processes use less than ``threshold`` cores over ``window`` seconds,
    at most ``max_wait`` seconds; return the cores they used in the last window."""
    deadline = time.perf_counter() + max_wait
    while True:
        busy0, self0 = busy_seconds(), os.times()
        time.sleep(window)
        self1 = os.times()
        used = busy_seconds() - busy0 - ((self1.user + self1.system) - (self0.user + self0.system))
        load = max(0.0, used) / window
        if load < threshold or time.perf_counter() >= deadline:
            return load


class OtherLoad:
    """Cores' worth of CPU other processes used since this object was made (this process and
    the children it waited for excluded)."""

    def __init__(self) -> None:
        self.busy, self.times, self.start = busy_seconds(), os.times(), time.perf_counter()

    def cores(self) -> float:
        now = os.times()
        own = sum(now[:4]) - sum(self.times[:4])        # user, system, children's user, system
        return max(0.0, busy_seconds() - self.busy - own) / (time.perf_counter() - self.start)

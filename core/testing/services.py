"""Throw-away PostgreSQL and Redis for a test run (a pytest plugin: `-p core.testing.services`).

Started before Django reads its settings, so `DATABASE_URL` and `REDIS_URL` point at them. When
either variable is already set, that server is used and nothing is started. Where a server binary
is missing the run falls back (SQLite, broker tests skipped) and says so at the end, unless
`REQUIRE_SERVICES=1`, when the run fails at once.
"""

from __future__ import annotations

import atexit
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_INSTALL = "apt-get install -y postgresql-15 (server binaries: initdb, pg_ctl)"
REDIS_INSTALL = "apt-get install -y redis-server"


@dataclass
class Services:
    skipped: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    stoppers: list = field(default_factory=list)

    def stop(self) -> None:
        while self.stoppers:
            stopper = self.stoppers.pop()
            try:
                stopper()
            except Exception as exc:
                print(f"services: error while stopping: {exc}")


SERVICES = Services()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bindir() -> Path | None:
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def _run_as() -> dict:
    """initdb and postgres refuse to run as root: run them as the postgres (or nobody) user."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


def start_postgres() -> str:
    bindir = pg_bindir()
    if bindir is None:
        raise FileNotFoundError(f"PostgreSQL server binaries not found; install them: {PG_INSTALL}")
    workdir = Path(tempfile.mkdtemp(prefix="st-pg-"))
    as_user = _run_as()
    if as_user:
        os.chown(workdir, as_user["user"], as_user["group"])
    data, port = workdir / "data", free_port()
    subprocess.run(
        [
            bindir / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
        **as_user,
    )
    options = (
        f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [
            bindir / "pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            workdir / "log",
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        **as_user,
    )

    def stop() -> None:
        subprocess.run(
            [bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            **as_user,
        )
        shutil.rmtree(workdir, ignore_errors=True)

    SERVICES.stoppers.append(stop)
    SERVICES.started.append(f"PostgreSQL on 127.0.0.1:{port}")
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def start_redis() -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError(f"redis-server not found; install it: {REDIS_INSTALL}")
    workdir = Path(tempfile.mkdtemp(prefix="st-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
            "--protected-mode",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError(f"redis-server did not answer on port {port}")

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    SERVICES.stoppers.append(stop)
    SERVICES.started.append(f"Redis on 127.0.0.1:{port}")
    return f"redis://127.0.0.1:{port}/0"


def _require() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def _xdist_worker() -> int | None:
    """The number of this pytest-xdist worker (gw0 → 0), or None outside a worker."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else None


def _redis_database(url: str, number: int) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Runs before pytest-django imports the settings, so the URLs below are the ones it reads.
    # The suite runs the development configuration (the app's DEBUG is off unless set): plain
    # HTTP, the development key. Django's test runner turns DEBUG itself off for each test;
    # tests of the production configuration start a process with DEBUG=off.
    os.environ.setdefault("DEBUG", "on")
    worker = _xdist_worker()
    if worker is not None:
        # A pytest-xdist worker uses the servers its controller started (their URLs are in the
        # environment it inherited) and starts none: pytest-django gives each worker a database
        # of its own on the one PostgreSQL, and here each gets a Redis database number of its
        # own (1–15; 0 is the controller's), so queues and cache keys stay apart.
        if os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = _redis_database(os.environ["REDIS_URL"], worker % 15 + 1)
        return (yield)
    if "--help" not in args and "--version" not in args:
        atexit.register(SERVICES.stop)
        for variable, starter, name in (
            ("DATABASE_URL", start_postgres, "PostgreSQL"),
            ("REDIS_URL", start_redis, "Redis"),
        ):
            if os.environ.get(variable):
                continue
            try:
                os.environ[variable] = starter()
            except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
                detail = getattr(exc, "stderr", b"") or b""
                message = f"{name} could not be started: {exc} {detail.decode(errors='replace')}"
                if _require():
                    SERVICES.stop()
                    raise pytest.UsageError(f"REQUIRE_SERVICES=1: {message}") from exc
                SERVICES.skipped.append(message)
    return (yield)


def pytest_unconfigure(config):
    SERVICES.stop()


def pytest_report_header(config):
    lines = [f"services: started {', '.join(SERVICES.started)}"] if SERVICES.started else []
    return lines + [
        f"services: using {var}"
        for var in ("DATABASE_URL", "REDIS_URL")
        if os.environ.get(var) and not SERVICES.started
    ]


def pytest_terminal_summary(terminalreporter):
    if SERVICES.skipped:
        terminalreporter.section("services not available", sep="=", yellow=True)
        for message in SERVICES.skipped:
            terminalreporter.write_line(message)
        terminalreporter.write_line(
            "Fell back: SQLite instead of PostgreSQL and/or broker tests skipped. "
            "Install the missing server(s) and run again, or set REQUIRE_SERVICES=1 to fail."
        )


def redis_available() -> bool:
    return bool(os.environ.get("REDIS_URL"))

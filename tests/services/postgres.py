"""A private PostgreSQL cluster for the test suite: under build/, on a free port, trust auth, fsync off.

Uses Debian's server binaries (package `postgresql`); nothing is downloaded.
"""

import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_DIR = ROOT / "build" / "pg"


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir():
    """Directory holding initdb and pg_ctl: PG_BINDIR, else the newest Debian install."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable("PostgreSQL server binaries not found (install Debian's `postgresql`, or set PG_BINDIR)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateCluster:
    def __init__(self, directory=CLUSTER_DIR):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.port = None
        self.bindir = find_bindir()

    def _run(self, *args):
        # postgres refuses to run as root; Debian's `postgres` account runs it then.
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def start(self):
        if self.directory.exists():
            self.stop(quiet=True)
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
        self.port = free_port()
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.directory / "server.log"), "-w", "start"
        )
        return self

    def stop(self, quiet=False):
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        except PostgresUnavailable:
            if not quiet:
                raise

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/kms"

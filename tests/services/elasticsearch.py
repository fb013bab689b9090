"""Starts and stops the repository's real Elasticsearch node, or a cluster (tools/es-runner/es.sh), for tests."""

import contextlib
import os
import random
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ES_SCRIPT = ROOT / "tools" / "es-runner" / "es.sh"


def missing_tools():
    """Why the node cannot be started here, or None when Java and Maven are present."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    return (
        f"{' and '.join(missing)} not found: cannot start the real Elasticsearch node (or set ELASTICSEARCH_URL)"
        if missing
        else None
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(port=None):
    port = port or free_port()
    result = subprocess.run(["bash", str(ES_SCRIPT), "start", "-p", str(port)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"Elasticsearch did not start:\n{result.stdout}\n{result.stderr}")
    return f"http://127.0.0.1:{port}"


def stop():
    subprocess.run(["bash", str(ES_SCRIPT), "stop"], capture_output=True, text=True)


def wait_until_up(url):
    """Waits for a node that is still starting (tests/run.sh starts it beside the suite and says so with
    ELASTICSEARCH_STARTING=<start log>). Returns None when the node answers, else why it does not."""
    log = os.environ.get("ELASTICSEARCH_STARTING")
    if not log:
        return None
    deadline = time.monotonic() + float(os.environ.get("ELASTICSEARCH_WAIT", "240"))
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=5s", timeout=10):
                return None
        except OSError:
            time.sleep(1)
    tail = Path(log).read_text(errors="replace")[-2000:] if Path(log).exists() else "(no start log)"
    return f"the Elasticsearch node at {url} did not come up; its start log ends:\n{tail}"


# Each node of a test cluster gets half the suite node's heap: a few hundred records need far less, and the
# three JVMs run beside the test passes (tests/run.sh).
CLUSTER_JAVA_OPTIONS = "-Xms256m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1"


def free_ports(count, offset=100):
    """A port p such that p .. p+count-1 (HTTP) and p+offset .. (transport) are all free here."""
    for _ in range(50):
        port = random.randrange(20000, 30000)
        wanted = [port + i for i in range(count)] + [port + offset + i for i in range(count)]
        try:
            with contextlib.ExitStack() as stack:
                for candidate in wanted:
                    sock = stack.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        return port
    raise RuntimeError("no free range of ports for an Elasticsearch cluster")


class Cluster:
    """A real cluster of `nodes` nodes, one JVM each (`es.sh start -n`), that a test may crash and restart
    node by node. Its own ES_INSTANCE keeps its files and processes apart from every other node's."""

    def __init__(self, nodes=3):
        self.nodes = nodes
        self.port = free_ports(nodes)
        self.instance = f"cluster-{self.port}"
        self.env = {
            **os.environ,
            "ES_INSTANCE": self.instance,
            "ES_JAVA_OPTS": CLUSTER_JAVA_OPTIONS,
            "ES_KEEP_DATA": "0",
            "ES_MAJOR": "8",
            # Three JVMs starting beside the test passes on two cores may take minutes.
            "ES_START_TIMEOUT": "300",
        }
        self.cpu_of_killed = 0.0

    def _run(self, *args):
        result = subprocess.run(["bash", str(ES_SCRIPT), *args], env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"es.sh {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self):
        self._run("start", "-n", str(self.nodes), "-p", str(self.port))
        return self

    def stop(self):
        """Stops every node and removes the cluster's files (its data is of no use to another run)."""
        result = subprocess.run(["bash", str(ES_SCRIPT), "stop"], env=self.env, capture_output=True, text=True)
        if result.returncode == 0:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def folder(self):
        return ROOT / "build" / "es" / "instances" / self.instance

    def kill(self, node):
        """Node `node` dies at once (SIGKILL): a crash, with no goodbye to the cluster."""
        cpu = self.cpu_seconds(self.pids()[node])
        self._run("kill-node", str(node))
        self.cpu_of_killed += cpu

    def start_node(self, node):
        """Node `node` starts again on its data; returns once it has joined the cluster."""
        self._run("start-node", str(node))

    @property
    def urls(self):
        return [f"http://127.0.0.1:{self.port + node}" for node in range(self.nodes)]

    @property
    def url(self):
        """Every node's address, comma-separated, as ELASTICSEARCH_URL takes them."""
        return ",".join(self.urls)

    def pids(self):
        """The JVM pid of each node, in node order (es.sh writes them to es.pid)."""
        return [
            int(line) for line in (ROOT / "build" / "es" / "instances" / self.instance / "es.pid").read_text().split()
        ]

    def cpu_seconds_used(self):
        """CPU seconds the nodes' JVMs have used, those killed included."""
        return self.cpu_of_killed + sum(self.cpu_seconds(pid) for pid in self.pids())

    @staticmethod
    def cpu_seconds(pid):
        """CPU time (user and system) the process has used so far, or 0.0 once it is gone."""
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

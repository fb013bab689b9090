"""Starts and stops the repository's real Elasticsearch node (tools/es-runner/es.sh) for tests."""

import os
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

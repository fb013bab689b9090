"""Starts and stops the repository's real Elasticsearch node (tools/es-runner/es.sh) for tests."""

import shutil
import socket
import subprocess
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

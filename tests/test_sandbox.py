"""kms.sandbox: a fresh child per file, forked from a warm server, with its own limits, killed at its timeout."""

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from kms import sandbox

CHILD = "tests.sandbox_children"
MIB = 1024 * 1024


def run(do, data=b"", *, memory_bytes=512 * MIB, timeout_s=10, max_bytes=MIB, hold=0):
    options = {"do": do, "memory_bytes": memory_bytes, "timeout_s": timeout_s, "hold": hold}
    return sandbox.run(CHILD, options, data, max_bytes=max_bytes, timeout_s=timeout_s)


def test_each_file_gets_a_fresh_child_with_its_own_limits():
    first, second = run("echo", "Réintégration".encode()), run("echo", b"")
    assert first["read"] == "Réintégration"
    assert first["memory"] == 512 * MIB and first["cpu"] == 11
    # A new process each time, neither this one nor the server: nothing one file does reaches the next.
    assert len({first["pid"], second["pid"], os.getpid(), sandbox.fork_server().process.pid}) == 4
    assert second["cpu_used"] < 0.5  # CPU counted from the fork, not inherited from the server


def test_path_and_file_object_are_read_like_bytes(tmp_path):
    path = tmp_path / "note.txt"
    path.write_bytes("مرحبا".encode())
    with path.open("rb") as handle:
        assert run("echo", path)["read"] == run("echo", handle)["read"] == "مرحبا"


def test_file_over_the_limit_is_not_handed_to_a_child():
    with pytest.raises(sandbox.TooLarge):
        run("echo", b"x" * 11, max_bytes=10)


def test_child_still_running_at_its_timeout_is_stopped():
    with pytest.raises(sandbox.Stopped):
        run("sleep", timeout_s=0.2)
    assert run("echo", b"next")["read"] == "next"


def test_child_over_its_cpu_seconds_is_stopped():
    # RLIMIT_CPU of 1 s: the kernel stops the child long before the wall-clock timeout.
    with pytest.raises(sandbox.Stopped):
        sandbox.run(CHILD, {"do": "spin", "memory_bytes": 512 * MIB, "timeout_s": 0}, b"", max_bytes=1, timeout_s=30)


def test_memory_bomb_meets_the_address_space_limit():
    assert run("bomb", memory_bytes=256 * MIB) == {"error": "too_large"}


def test_crash_answers_nothing_and_the_server_serves_the_next_file():
    server = sandbox.fork_server()
    assert run("crash") is None
    assert run("echo", b"after")["read"] == "after"
    assert sandbox.fork_server() is server and server.process.poll() is None


def test_a_server_that_died_is_started_again():
    server = sandbox.fork_server()
    server.process.kill()
    server.process.wait()
    assert run("echo", b"again")["read"] == "again"
    assert sandbox.fork_server().process.pid != server.process.pid


def test_threads_run_children_at_once():
    texts = [f"fichier {number}" for number in range(8)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda text: run("echo", text.encode()), texts))
    assert [answer["read"] for answer in answers] == texts
    # Each child holds on a moment before answering: the first four were all running together.
    with ThreadPoolExecutor(4) as pool:
        held = list(pool.map(lambda text: run("echo", text.encode(), hold=0.2), texts[:4]))
    assert max(answer["started"] for answer in held) < min(answer["ended"] for answer in held)


def test_a_timeout_in_one_thread_leaves_the_others_answered():
    stopped = []

    def sleeper():
        try:
            run("sleep", timeout_s=0.3)
        except sandbox.Stopped:
            stopped.append(True)

    thread = threading.Thread(target=sleeper)
    thread.start()
    assert [run("echo", str(n).encode())["read"] for n in range(3)] == ["0", "1", "2"]
    thread.join()
    assert stopped == [True]


def test_a_forked_process_starts_a_server_of_its_own():
    # As a gunicorn worker forked from a master that had already read files.
    parent_server = sandbox.fork_server().process.pid
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            answer = run("echo", b"worker")
            os.write(write, json.dumps([answer["read"], sandbox.fork_server().process.pid]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text, child_server = json.loads(answer.read())
    os.waitpid(pid, 0)
    assert text == "worker" and child_server != parent_server
    assert run("echo", b"parent")["read"] == "parent"

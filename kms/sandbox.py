"""Running one step on an untrusted file in a child process, with hard limits on its memory and time.

Parsers of hostile files (PDFium, lxml) can take gigabytes or minutes in a single call
that no cooperative check interrupts. The parent copies the file in slices to a
temporary file that becomes the child's standard input, so it never holds the file
whole; the child limits its own address space (RLIMIT_AS) and CPU time before reading
a byte, and answers with one JSON value on standard output. A child still running at
the wall-clock timeout is killed. Importing this module needs no Django settings:
children run without Django.

Starting Python and importing PDFium, lxml and python-docx costs a child about 150 ms
of CPU, more than reading most files. So each process that reads files starts one fork
server (`python -m kms.sandbox`) on first use, which imports a module once and then
forks a fresh child per file from that warm state: the child still has its own address
space and its own limits, set before it reads a byte, and dies after one file, so
nothing one file does reaches the next. The server only forks and reaps; it never
reads a file. It stops when the process that started it goes away, killing any child
still running; a server that died is started again on the next call. Any thread may
call `run()`; several children run at once.
"""

import array
import gc
import importlib
import json
import os
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLICE = 1024 * 1024
PID = struct.Struct("i")  # the server's messages on a child's reply socket: its pid, then its exit code
KILL = b"k"  # the parent's message on a reply socket: the child is out of time


class TooLarge(Exception):
    """The file is over the size the caller allows; it was not handed to a child."""


class Stopped(Exception):
    """The child was killed at its time limit."""


def run(module, options, source, *, max_bytes, timeout_s):
    """The JSON answer of `module.child_main(json.dumps(options))` reading `source` on its standard input,
    in a fresh child process; None if it crashed.

    `source` is bytes, a path or a binary file object. Raises TooLarge when it has more
    than `max_bytes` bytes, Stopped when the child ran out of time (wall clock or CPU).
    `module` is imported once by the fork server; its `child_main(arguments)` limits
    itself with `limit_self()` before reading standard input.
    """
    with tempfile.TemporaryFile() as copy, tempfile.TemporaryFile() as answer:
        if not _copy_bounded(source, copy, max_bytes):
            raise TooLarge
        copy.seek(0)  # flushes: the child reads the file through the same descriptor
        code = _run_child(module, json.dumps(options), copy.fileno(), answer.fileno(), timeout_s)
        if code in (None, -signal.SIGKILL, -signal.SIGXCPU):
            raise Stopped
        answer.seek(0)
        output = answer.read()
    try:
        return json.loads(output)
    except ValueError:
        return None


def limit_self(memory_bytes, timeout_s):
    """In the child, before reading the file: cap its address space and its CPU seconds."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _copy_bounded(source, target, max_bytes):
    """Copy `source` into the file `target` in slices; False as soon as it has more than `max_bytes` bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > max_bytes:
            return False
        target.write(source)
        return True
    opened = None
    if isinstance(source, (str, os.PathLike)):
        source = opened = open(source, "rb")
    try:
        copied = 0
        while chunk := source.read(SLICE):
            copied += len(chunk)
            if copied > max_bytes:
                return False
            target.write(chunk)
        return True
    finally:
        if opened is not None:
            opened.close()


# The parent's side: one fork server per process, started on first use.

_server = None
_server_lock = threading.Lock()


class ForkServer:
    """The fork server of this process: `python -m kms.sandbox` at the other end of a socket."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kms.sandbox", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        self.socket = ours
        self.lock = threading.Lock()

    def start(self, module, arguments, stdin, stdout):
        """The reply socket of a new child reading the descriptor `stdin` and writing `stdout`, and its pid;
        raises OSError when the server is gone."""
        reply, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with theirs:
                descriptors = array.array("i", [stdin, stdout, theirs.fileno()])
                with self.lock:
                    self.socket.sendmsg(
                        [json.dumps([module, arguments]).encode()],
                        [(socket.SOL_SOCKET, socket.SCM_RIGHTS, descriptors)],
                    )
            answer = reply.recv(PID.size)
            if len(answer) != PID.size:
                raise ConnectionResetError("the sandbox's fork server stopped")
            pid = PID.unpack(answer)[0]
            if not pid:
                raise ChildProcessError("the sandbox's fork server could not start a child (out of processes?)")
        except OSError:
            reply.close()
            raise
        return reply, pid

    def close(self):
        self.socket.close()  # the server sees the end of its socket and stops


def fork_server():
    """This process's fork server, started if it has none (or if the last one died)."""
    global _server
    with _server_lock:
        if _server is None or _server.process.poll() is not None:
            if _server is not None:
                _server.close()
            _server = ForkServer()
        return _server


def _forget_server_after_fork():
    """In a forked process (a gunicorn worker): start a server of its own, never share the parent's."""
    global _server, _server_lock
    if _server is not None:
        _server.socket.close()
        _server.process.returncode = 0  # not this process's child: never wait for it
    _server, _server_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_server_after_fork)


def _run_child(module, arguments, stdin, stdout, timeout_s):
    """The exit code of a child (negative: the signal that ended it); None when it was killed at `timeout_s`."""
    server = fork_server()
    try:
        reply, _pid = server.start(module, arguments, stdin, stdout)
    except ConnectionError:
        # The server died since it was last used (killed, out of memory): start another, once.
        try:
            server.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            raise OSError("the sandbox's fork server does not answer") from None
        reply, _pid = fork_server().start(module, arguments, stdin, stdout)
    with reply:
        reply.settimeout(timeout_s)
        try:
            answer = reply.recv(PID.size)
        except TimeoutError:
            # The server, which reaps the child, kills it: its pid cannot have been given to another process.
            reply.settimeout(None)
            try:
                reply.sendall(KILL)
                reply.recv(PID.size)
            except OSError:
                pass  # it ended as the time ran out, and the server has already told
            return None
    if len(answer) != PID.size:
        return 1  # the server stopped under the child: no answer to trust
    return PID.unpack(answer)[0]


# The fork server's side.


def serve(control):
    """Fork a child per request on `control` until the parent closes it; report each child's pid and exit code.

    Runs single-threaded: requests, exits (SIGCHLD through a wake-up pipe) and kills
    are handled in one loop, so a pid is only ever killed before it is reaped.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which then closes the socket
    woken, wake = os.pipe()
    os.set_blocking(woken, False)
    os.set_blocking(wake, False)
    signal.set_wakeup_fd(wake, warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector = selectors.DefaultSelector()
    selector.register(control, selectors.EVENT_READ)
    selector.register(woken, selectors.EVENT_READ)
    children = {}  # pid: reply socket
    inherited = [control.fileno(), woken, wake, selector.fileno()]
    while True:
        for key, _events in selector.select():
            if key.fileobj is control:
                message, descriptors, _flags, _address = socket.recv_fds(control, 65536, 3)
                if not message:
                    for pid in children:
                        os.kill(pid, signal.SIGKILL)
                    return
                stdin, stdout, reply_fd = descriptors
                reply = socket.socket(fileno=reply_fd)
                module, arguments = json.loads(message)
                others = [reply_fd, *(other.fileno() for other in children.values())]
                try:
                    pid = _fork(module, arguments, stdin, stdout, [*inherited, *others])
                except OSError:
                    pid = 0  # no process to be had now: the parent is told, the server carries on
                os.close(stdin)
                os.close(stdout)
                if not pid:
                    _send(reply, 0)
                    reply.close()
                    continue
                children[pid] = reply
                selector.register(reply, selectors.EVENT_READ, pid)
                _send(reply, pid)
            elif key.fileobj == woken:
                _drain(woken)
                _reap(children, selector)
            else:
                # The parent asks for the child to be killed, or has gone: either way the child must stop.
                selector.unregister(key.fileobj)
                os.kill(key.data, signal.SIGKILL)


def _fork(module, arguments, stdin, stdout, inherited):
    """Fork one child: the file on its standard input, its answer to `stdout`, the server's descriptors closed."""
    if module not in sys.modules:
        try:
            importlib.import_module(module)  # once per server: every later child starts with it imported
        except Exception:
            pass  # the child fails to import it too, and answers nothing
        gc.freeze()  # what the server holds is never collected in a child, so its pages stay shared
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for descriptor in inherited:
            os.close(descriptor)
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a crash's traceback is no answer; as before, nobody reads it
        for descriptor in (stdin, stdout, devnull):
            os.close(descriptor)
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        importlib.import_module(module).child_main(arguments)
        sys.stdout.flush()
        code = 0
    finally:
        os._exit(code)


def _drain(woken):
    try:
        while os.read(woken, 512):
            pass
    except BlockingIOError:
        pass


def _reap(children, selector):
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        reply = children.pop(pid, None)
        if reply is None:
            continue
        if _registered(selector, reply):
            selector.unregister(reply)
        _send(reply, os.waitstatus_to_exitcode(status))
        reply.close()


def _registered(selector, sock):
    try:
        selector.get_key(sock)
        return True
    except KeyError:
        return False


def _send(reply, number):
    try:
        reply.send(PID.pack(number))
    except OSError:
        pass  # the parent has gone; the child is killed or reaped all the same


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))

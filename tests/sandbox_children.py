"""A child for tests/test_sandbox.py: reads its standard input, then does what its options say."""

import json
import os
import resource
import signal
import sys
import time

from kms import sandbox


def child_main(arguments):
    options = json.loads(arguments)
    sandbox.limit_self(options["memory_bytes"], options["timeout_s"])
    data = sys.stdin.buffer.read()
    action = options["do"]
    started = time.monotonic()
    time.sleep(options.get("hold", 0))
    if action == "sleep":
        time.sleep(60)
    elif action == "spin":
        while True:
            pass
    elif action == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif action == "bomb":
        try:
            hoard = bytearray(2 * options["memory_bytes"])
            answer = {"read": len(hoard)}
        except MemoryError:
            answer = {"error": "too_large"}  # as the real children answer
        json.dump(answer, sys.stdout)
    else:
        answer = {
            "read": data.decode(),
            "pid": os.getpid(),
            "memory": resource.getrlimit(resource.RLIMIT_AS)[0],
            "cpu": resource.getrlimit(resource.RLIMIT_CPU)[0],
            "cpu_used": resource.getrusage(resource.RUSAGE_SELF).ru_utime,
            "started": started,
            "ended": time.monotonic(),
        }
        json.dump(answer, sys.stdout)

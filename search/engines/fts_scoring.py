"""FTS5 match expressions scored in a helper process, for the embedded engine's large indexes.

A search of the embedded engine reads several match expressions (the reader's words, each translation).
At 100k records each of them can match tens of thousands of records, and FTS5 computes every match's
bm25 (about 1.2 µs each). Threads do not help: Python's sqlite3 takes the GIL back for every row, so two
threads hand it over at every row and were slower than one. A helper process reads some of the
expressions while the searching process reads the others.

This module imports neither Django nor the rest of the project: the helper is a spawned interpreter
(not a fork, which could copy a lock another thread of the web or task worker holds), and it starts
in a fraction of a second.
"""

import itertools
import multiprocessing
import os
import sqlite3
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

_pool = None  # (pid, ProcessPoolExecutor): made in the process that uses it
_pool_lock = threading.Lock()


def bm25(connection, expression, weights):
    """(rowids, bm25) of every record `expression` matches, in rowid order (FTS5's bm25: negative, lower is
    better), with the column `weights` ("3.0, 2.0, 1.0")."""
    rows = connection.execute(
        f"SELECT rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ?", (expression,)
    ).fetchall()
    # (rowid, score) pairs flattened: half the time of np.array over the tuples. Rowids stay exact in a double.
    matched = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=2 * len(rows)).reshape(-1, 2)
    return matched[:, 0].astype(np.int64), matched[:, 1]


def bm25_from(path, expressions, weights, timeout):
    """`bm25` of each of `expressions` on a connection of this process's own to the index at `path` (waiting
    up to `timeout` seconds for a lock, as the engine's own connections do)."""
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        return [bm25(connection, expression, weights) for expression in expressions]
    finally:
        connection.close()


def _helper():
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")))
        return _pool[1]


def _forget(broken):
    global _pool
    with _pool_lock:
        if _pool is not None and _pool[1] is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)


def bm25_side_by_side(connection, path, expressions, weights, timeout):
    """expression -> `bm25` of each of `expressions`: every other one read by the helper process, on a
    connection of its own, while this process reads the rest on `connection`.

    The helper's connection reads the index as it is when it starts: the search's snapshot, unless a write
    commits in between. Then a record that write added or re-indexed may be left out of one expression's
    matches for this one search; the caller drops any rowid its own snapshot does not hold. If the helper
    cannot be reached (it was killed), this process reads its share too, and the next search starts a new
    helper."""
    theirs, ours = expressions[1::2], expressions[0::2]
    pool = _helper()
    try:
        future = pool.submit(bm25_from, str(path), theirs, weights, timeout)
    except (BrokenProcessPool, RuntimeError):
        _forget(pool)
        future = None
    read = {expression: bm25(connection, expression, weights) for expression in ours}
    try:
        helped = future.result() if future is not None else None
    except BrokenProcessPool:
        _forget(pool)
        helped = None
    if helped is None:
        helped = [bm25(connection, expression, weights) for expression in theirs]
    read.update(zip(theirs, helped, strict=True))
    return read

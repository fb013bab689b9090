"""Personal-data check benchmark: seconds to scan long texts of the kinds files hold.

Run with `.venv/bin/python -m pytest tests/bench/bench_personal_data.py -q -s`; prints figures,
asserts nothing about time.
"""

import random
import time

from kms.personal_data import scan


def texts():
    rows = random.Random(1)
    yield "prose (fr, ar)", "Les rapatriés arrivés à Médenine en 2024 étaient 11 200 ; العائدون إلى مدنين. " * 8000
    yield "table of figures", " ".join(str(rows.randint(0, 99_999)) for _ in range(100_000))
    yield "table of zero-padded codes", " ".join(f"{rows.randint(0, 99_999):05d}" for _ in range(100_000))
    yield "directory of 5 000 phone numbers", " ".join(f"Tél. 06 {rows.randint(10, 99)} 34 56 78." for _ in range(5000))


def test_scan_speed():
    for name, text in texts():
        started = time.perf_counter()
        findings = scan(text)
        print(f"{name}: {len(text) // 1000} kB in {time.perf_counter() - started:.2f} s, {len(findings)} findings")

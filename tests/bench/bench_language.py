"""Language detection benchmark: accuracy, confusions and median time on the labelled sample.

Run with `.venv/bin/python -m pytest tests/bench/bench_language.py -q -s`; prints figures,
asserts nothing about time. The threshold sweep is how MIN_CONFIDENCE was chosen: it shows,
for each cut-off, overall accuracy and how often an answered language is right.
"""

import statistics
import time
from collections import Counter

from search import language
from search.analysis import UNKNOWN
from search.language import SUPPORTED, detect_language
from tests.search.test_language import expected, load_sample

LABELS = (*SUPPORTED, "none")
ROUNDS = 5
THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def model_guess(text):
    """The restricted model's best guess before any abstention, or None when a rule decides first."""
    cleaned = language.clean(text)
    too_short = len(language.WORD.findall(cleaned)) < language.MIN_WORDS
    if too_short or language.arabic_share(cleaned) > language.ARABIC_SHARE:
        return None
    return language.identifier().classify(cleaned)


def test_language_detection():
    sample = load_sample()
    detect_language("warm the model up before timing")
    timings = []
    for _label, text in sample:
        for _round in range(ROUNDS):
            started = time.perf_counter()
            detect_language(text)
            timings.append(time.perf_counter() - started)
    detections = [(label, detect_language(text).language or "none") for label, text in sample]

    confusion = Counter(detections)
    print()
    for label in LABELS:
        total = sum(count for (row_label, _), count in confusion.items() if row_label == label)
        right = confusion[label, label]
        print(f"BENCH language accuracy {label:<4} {right / total:.3f} ({right}/{total})")
    correct = sum(confusion[label, label] for label in LABELS)
    print(f"BENCH language accuracy all  {correct / len(sample):.3f} ({correct}/{len(sample)})")
    cells = " ".join(
        f"{label}:" + ",".join(f"{answer}={confusion[label, answer]}" for answer in LABELS if confusion[label, answer])
        for label in LABELS
    )
    print(f"BENCH language confusion (label:answer=count) {cells}")
    print(f"BENCH language median {statistics.median(timings) * 1e6:.0f} µs per text over {len(sample)} texts")

    guesses = [(label, model_guess(text), detect_language(text).language) for label, text in sample]
    for threshold in THRESHOLDS:
        answers = [
            (label, (guess[0] if guess[1] >= threshold else UNKNOWN) if guess else decided)
            for label, guess, decided in guesses
        ]
        right = sum(answer == expected(label) for label, answer in answers)
        answered = [(label, answer) for label, answer in answers if answer]
        precise = sum(answer == label for label, answer in answered)
        recall = precise / sum(label != "none" for label, _answer in answers)
        print(
            f"BENCH language threshold {threshold:.2f} accuracy {right / len(answers):.3f}"
            f" precision {precise / len(answered):.3f} recall {recall:.3f}"
        )

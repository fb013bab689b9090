"""The harness itself: in CI a skipped real-part test fails the run; locally it is a plain skip."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["pytester"]

SKIPPING_TEST = """
import pytest

@pytest.mark.browser
def test_needs_chromium():
    pytest.skip("chromium not installed")

def test_ordinary():
    pytest.skip("nothing to do")
"""


@pytest.fixture
def run_inner(pytester, monkeypatch):
    pytester.makeini("[pytest]\nmarkers =\n    browser: b\n    elasticsearch: e\n    postgres: p\n")
    pytester.makepyfile(SKIPPING_TEST)

    def run(ci):
        monkeypatch.setenv("CI", "true" if ci else "false")
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        return pytester.runpytest_subprocess("-p", "tests.harness", "-p", "no:django", "-p", "no:playwright")

    return run


def test_ci_turns_a_real_part_skip_into_a_failure(run_inner):
    result = run_inner(ci=True)
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(["*CI=true: a browser test may not be skipped (*chromium not installed*"])


def test_locally_a_real_part_skip_is_only_a_skip(run_inner):
    run_inner(ci=False).assert_outcomes(skipped=2)

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """A request to /fr/ or /ar/ leaves its language active in the thread; each test starts in English."""
    translation.activate("en")
    yield
    translation.activate("en")

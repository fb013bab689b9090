import io

import pytest

from kms.demo import mapping as demo_mapping


@pytest.fixture(scope="module")
def module_services(module_demo_site):
    """The demo's services (44 in 30 places), loaded once per module on top of the demo's core."""
    demo_mapping.load(io.StringIO())


@pytest.fixture
def services(module_services, db):
    """The demo's services from `module_services`; each test's changes are rolled back."""

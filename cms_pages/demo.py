"""Demo content of this app for `manage.py load_demo` (see kms/management/commands/load_demo.py)."""


def load(out):
    """Create or refresh this app's demo content; return lines to print at the end of the run."""
    return []

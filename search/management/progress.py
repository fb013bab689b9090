"""Progress bars on a command's own output."""

from tqdm import tqdm


class RawOutput:
    """`self.stdout` without the newline Django adds to every write, which would put each bar refresh on a line."""

    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.write(text, ending="")

    def flush(self):
        self.out.flush()


def progress_bar(command, total, label, unit, disable=False):
    return tqdm(total=total, desc=label, unit=unit, file=RawOutput(command.stdout), disable=disable, leave=True)

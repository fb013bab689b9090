"""One way to register indexing receivers: `indexing_receiver`, modelled on kitsune's `search_receiver`.

A receiver returns what to bring up to date (record keys by default); the decorator
skips raw saves (fixtures loading rows that `search_index rebuild` indexes anyway),
does nothing while `settings.SEARCH_LIVE_INDEXING` is off, and enqueues one task per
key once the transaction commits, so a worker never reads rows that are not there yet
and a rolled-back change indexes nothing. Receivers are connected by `connect()`,
called from `SearchConfig.ready()`, never when a module is imported.
"""

from functools import partial, wraps

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .. import tasks

RECEIVERS = []  # (signal, sender, receiver, dispatch_uid), in the order they were declared


def indexing_receiver(signal, sender=None, *, enqueue=None):
    """Declares `function(instance, **kwargs) -> iterable` as the receiver of `signal` from `sender`
    (a model, "app_label.ModelName", or None for every sender); each item it returns is passed to
    `enqueue` (tasks.enqueue, looked up when the signal fires) after the commit."""

    def decorator(function):
        @wraps(function)
        def receiver(sender, instance, **kwargs):
            if not settings.SEARCH_LIVE_INDEXING or kwargs.get("raw"):
                return
            send = enqueue or tasks.enqueue
            for item in function(instance, **kwargs) or ():
                transaction.on_commit(partial(send, item))

        dispatch_uid = f"{function.__module__}.{function.__name__}"
        RECEIVERS.append((signal, sender, receiver, dispatch_uid))
        return function

    return decorator


def connect():
    for signal, sender, receiver, dispatch_uid in RECEIVERS:
        if isinstance(sender, str):
            sender = apps.get_model(sender)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)

"""How often one client may send the contact form or sign up for the newsletter.

Counters live in Django's cache (per process with locmem, shared with Redis in
production). Only accepted submissions count, so a person correcting a typo is
never locked out; a bot's honeypot submissions count too.
"""

from django.conf import settings
from django.core.cache import cache

from kms.clients import client_address


def limit_for(action):
    """(submissions allowed, window in seconds) for `action`, from the OUTREACH_RATE_LIMITS setting."""
    return settings.OUTREACH_RATE_LIMITS[action]


def window_minutes(action):
    """The window in whole minutes, as the message to a limited visitor says it."""
    return max(1, limit_for(action)[1] // 60)


def _key(action, request):
    return f"kms:outreach:{action}:{client_address(request)}"


def is_limited(action, request):
    """True when this client has already used up its submissions for the window."""
    limit, _window = limit_for(action)
    return (cache.get(_key(action, request)) or 0) >= limit


def record(action, request):
    """Count one accepted submission from this client."""
    _limit, window = limit_for(action)
    key = _key(action, request)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)

"""Who is asking: the one place rate limits learn a visitor's address."""

from django.conf import settings


def client_address(request):
    """The visitor's address: REMOTE_ADDR, or the header a trusted reverse proxy sets.

    Behind a proxy every visitor arrives from the proxy's address, so set CLIENT_IP_HEADER
    (for example "HTTP_X_FORWARDED_FOR"); the last address in it is the one the proxy
    itself saw, which the visitor cannot forge.
    """
    header = settings.CLIENT_IP_HEADER
    value = request.META.get(header, "") or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip() or "unknown"

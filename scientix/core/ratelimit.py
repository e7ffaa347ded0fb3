"""One counter for every "at most N per hour" rule (contact form, submissions, newsletter sign-ups and mails)."""

from django.core.cache import cache


def over_limit(key: str, *, limit: int, window: int = 3600) -> bool:
    """Count one more use of ``key``; True once it has been used more than ``limit`` times within ``window`` seconds.

    The window starts at the first use (the cache entry's lifetime), as a fixed window per key.
    """
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr: this use starts a new window
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit

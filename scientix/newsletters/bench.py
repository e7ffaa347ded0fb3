"""The digest benchmark's pieces: a mail backend that builds every message and keeps none, and RSS probes."""

import resource

from django.core.mail.backends.base import BaseEmailBackend


class CountingBackend(BaseEmailBackend):
    """Builds each message's MIME tree, as Django's in-memory backend does, and keeps only counters.

    An in-memory backend that kept 100,000 messages would measure its own
    list, not the digest run: memory must stay flat. With ``serialise`` the
    tree is also flattened to bytes, the part an SMTP backend pays when it
    hands the message over (``bench_digest --serialise``).
    """

    messages = 0
    bytes = 0
    serialise = False

    def send_messages(self, email_messages):
        for message in email_messages:
            built = message.message()
            if CountingBackend.serialise:
                CountingBackend.bytes += len(built.as_bytes())
            else:
                CountingBackend.bytes += len(message.body) + sum(len(part) for part, _type in message.alternatives)
            CountingBackend.messages += 1
        return len(email_messages)


def rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:  # not Linux: the peak is the best we have
        return peak_rss_mb()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux

"""Where each app says what personal data it holds about a user.

An app registers an exporter (what to hand over on request) and, where it
keeps what a person authored, an anonymiser (run before the account is
erased). ``personal_data_export`` and ``account_delete`` call every one.
"""

from collections.abc import Callable

_exporters: dict[str, Callable] = {}
_anonymisers: list[Callable] = []


def register_exporter(section: str, exporter: Callable) -> None:
    _exporters[section] = exporter


def register_anonymiser(anonymiser: Callable) -> None:
    if anonymiser not in _anonymisers:
        _anonymisers.append(anonymiser)


def export_sections(*, user) -> dict:
    return {section: exporter(user=user) for section, exporter in sorted(_exporters.items())}


def anonymise_authored(*, user) -> None:
    for anonymiser in _anonymisers:
        anonymiser(user=user)

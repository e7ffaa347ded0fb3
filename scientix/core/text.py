"""Rules for text that people type: plain text only, no markup, no control characters."""

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROL = {"\n", "\r", "\t"}


def validate_plain_text(value: str) -> None:
    """Refuse HTML and control characters in fields shown as plain text."""
    if any(ord(char) < 32 and char not in ALLOWED_CONTROL for char in value):
        raise ValidationError(_("Remove the control characters from this text."), code="control_characters")
    if nh3.is_html(value):
        raise ValidationError(_("Write plain text: HTML and scripts are not allowed here."), code="markup")

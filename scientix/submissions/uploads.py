"""Checking uploaded files by their content, not by the name they claim."""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Detected type -> the file-name endings that may honestly carry it.
ALLOWED = {
    "pdf": {"pdf"},
    "odt": {"odt"}, "docx": {"docx"}, "pptx": {"pptx"}, "odp": {"odp"},
    "zip": {"zip"},
    "png": {"png"}, "jpg": {"jpg", "jpeg"}, "gif": {"gif"}, "webp": {"webp"},
}


def validate_upload(uploaded) -> str:
    """Return the detected MIME type, or raise a ValidationError people understand."""
    limit = settings.SUBMISSION_MAX_UPLOAD_SIZE
    if uploaded.size > limit:
        raise ValidationError(_("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)})
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is None or kind.extension not in ALLOWED:
        raise ValidationError(_("This kind of file is not accepted. Upload a PDF, ODT, DOCX, PPTX, ODP, ZIP or an image."))
    ending = Path(uploaded.name).suffix.lower().lstrip(".")
    if ending not in ALLOWED[kind.extension]:
        raise ValidationError(
            _("The file's name says .%(ending)s but its content is %(kind)s. Rename or re-export it.")
            % {"ending": ending or "?", "kind": kind.extension.upper()}
        )
    return kind.mime

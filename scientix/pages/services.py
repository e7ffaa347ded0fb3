"""Writes about editorial pages."""

from scientix.pages.models import ContactSubmission


def contact_messages_anonymise(*, user) -> int:
    """Keep a deleted user's messages for the editors, without who sent them.

    Every e-mail field and every field named like a name is blanked.
    """
    count = 0
    for submission in ContactSubmission.objects.filter(user=user).select_related("page"):
        data = dict(submission.form_data)
        for key in data:
            if "email" in key or "name" in key:
                data[key] = ""
        submission.form_data = data
        submission.user = None
        submission.save(update_fields=["form_data", "user"])
        count += 1
    return count

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from scientix.resources.models import Review, ReviewStatus


class ReviewViewSet(SnippetViewSet):
    """Editors read written reviews and publish or reject them."""

    model = Review
    icon = "comment"
    menu_label = _("Reviews")
    list_display = ["text", "status", "language", "created_at"]
    list_filter = ["status", "language"]
    ordering = ["status", "-created_at"]
    add_to_admin_menu = True
    panels = [FieldPanel("text", read_only=True), FieldPanel("status")]


register_snippet(ReviewViewSet)


@hooks.register("after_edit_snippet")
def record_review_moderator(request, instance):
    """Whoever changes a review's status in the admin is recorded as its moderator."""
    if isinstance(instance, Review) and instance.status != ReviewStatus.PENDING:
        Review.objects.filter(pk=instance.pk).update(moderated_by=request.user, moderated_at=timezone.now())

"""Writes for resources: ratings and reviews."""

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from scientix.resources.models import Rating, ResourcePage, Review, ReviewStatus
from scientix.search.services import rating_index


@transaction.atomic
def rating_submit(*, user, resource: ResourcePage, pedagogical_value: int, curricular_integration: int, clarity: int) -> Rating:
    """Record (or change) ``user``'s one rating of a resource; refresh the averages on every language version."""
    rating, _ = Rating.objects.update_or_create(
        resource_key=resource.translation_key, user=user,
        defaults={"pedagogical_value": pedagogical_value, "curricular_integration": curricular_integration, "clarity": clarity},
    )
    rating.full_clean()
    summary = Rating.objects.filter(resource_key=resource.translation_key).aggregate(
        count=Count("pk"), p=Avg("pedagogical_value"), c=Avg("curricular_integration"), k=Avg("clarity"),
    )
    average = round((summary["p"] + summary["c"] + summary["k"]) / 3, 2)
    ResourcePage.objects.filter(translation_key=resource.translation_key).update(
        rating_average=average, rating_count=summary["count"], rating_pedagogical_value=summary["p"],
        rating_curricular_integration=summary["c"], rating_clarity=summary["k"],
    )
    rating_index(translation_key=resource.translation_key, rating=float(average))
    return rating


@transaction.atomic
def review_submit(*, user, resource: ResourcePage, text: str, language: str) -> Review:
    review = Review(resource_key=resource.translation_key, user=user, text=text.strip(), language=language)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_moderate(*, review: Review, moderator, approve: bool) -> Review:
    review.status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    review.moderated_by = moderator
    review.moderated_at = timezone.now()
    review.save(update_fields=["status", "moderated_by", "moderated_at"])
    return review

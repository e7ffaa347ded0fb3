from django.conf import settings


def portal(request):
    """Values every template may use without each view passing them."""
    return {"SITE_NAME": "Scientix", "SITE_URL": settings.SITE_URL}

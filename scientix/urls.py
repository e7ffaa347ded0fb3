from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from scientix.api import views as api_views
from scientix.core import views as core_views

# Machines and staff: no language prefix.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", core_views.sitemap, name="sitemap_page"),
    path("robots.txt", core_views.robots, name="robots"),
    path("oai", include("scientix.oai.urls")),
    path("api/v1/", include("scientix.api.urls")),
    path("api/v1/<path:rest>", api_views.endpoint_not_found),  # after every endpoint
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):
    urlpatterns.append(path("media/<path:path>", serve_file, {"document_root": settings.MEDIA_ROOT}))

# People: every page under its language prefix (/de/..., /fr/...).
urlpatterns += i18n_patterns(
    path("accounts/", include("scientix.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("submissions/", include("scientix.submissions.urls")),
    path("resources/", include("scientix.resources.urls")),
    path("translations/", include("scientix.translations.urls")),
    path("search/", include("scientix.search.urls")),
    path("newsletters/", include("scientix.newsletters.urls")),
    # News, blog and Observatory feeds (scientix.editorial): before the page catch-all.
    path("", include("scientix.editorial.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "scientix.core.views.bad_request"
handler403 = "scientix.core.views.permission_denied"
handler404 = "scientix.core.views.page_not_found"
handler500 = "scientix.core.views.server_error"

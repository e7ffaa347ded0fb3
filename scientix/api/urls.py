from django.urls import path

from scientix.api.api import api

# Everything under /api/v1/ is the ninja API (namespace "api"): /openapi.json, /docs, the endpoints.
urlpatterns = [path("", api.urls)]

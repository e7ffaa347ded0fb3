from django.urls import path

from scientix.search import views

app_name = "search"
urlpatterns = [path("", views.search_page, name="page")]

api_urlpatterns = [
    path("api/v1/search", views.api_search, name="api_search"),
    path("api/v1/search/suggest", views.api_suggest, name="api_suggest"),
]

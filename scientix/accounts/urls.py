from django.urls import path

from scientix.accounts import views
from scientix.api import views as api_views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/my-data.json", views.data_export, name="data_export"),
    path("delete/", views.delete, name="delete"),
    path("api-tokens/", api_views.tokens, name="api_tokens"),
    path("api-tokens/<int:token_id>/revoke/", api_views.token_revoke, name="api_token_revoke"),
]

from django.urls import path

from scientix.translations import views

app_name = "translations"
urlpatterns = [
    path("ask/<int:page_id>/", views.ask, name="ask"),
]

from django.urls import path

from scientix.oai import views

app_name = "oai"
urlpatterns = [path("", views.endpoint, name="endpoint")]

from django.urls import path

urlpatterns: list = []  # filled by the REST API (django-ninja)

from django.urls import path

from scientix.resources import views

app_name = "resources"
urlpatterns = [
    path("<int:page_id>/rate/", views.rate, name="rate"),
    path("<int:page_id>/review/", views.review, name="review"),
]

from django.urls import path

from scientix.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new-project/", views.project_new, name="project_new"),
    path("new-resource/", views.resource_new, name="resource_new"),
    path("new-event/", views.event_new, name="event_new"),
    path("<int:page_id>/edit/", views.edit, name="edit"),
]

from django.urls import path

from scientix.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/forget/", views.forget, name="forget"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/", views.mine, name="mine"),
    path("mine/unsubscribe/", views.mine_unsubscribe, name="mine_unsubscribe"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.issue, name="issue"),
    path("webhooks/<str:provider>/", views.webhook, name="webhook"),
]

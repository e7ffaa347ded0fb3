from django.urls import path

app_name = "newsletters"
urlpatterns: list = []  # /<lang>/newsletters/...: subscribe, confirm, manage, archive

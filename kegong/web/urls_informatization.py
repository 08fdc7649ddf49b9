"""The informatization pages' addresses (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_informatization as v

urlpatterns: list = [
    path("informatization/", v.informatization, name="informatization"),
]

"""The informatization pages' addresses (included by kegong.web.urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

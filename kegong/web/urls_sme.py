"""The sme pages' addresses (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_sme

urlpatterns: list = [
    path("sme/", views_sme.sme_overview, name="sme"),
]

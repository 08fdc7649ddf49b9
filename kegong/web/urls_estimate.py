"""The 用电折算产值（预估） card's address (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_estimate

urlpatterns: list = [
    path("estimate/card/", views_estimate.estimate_card, name="estimate_card"),
]

"""The assessment pages' addresses (included by kegong.web.urls)."""

from django.urls import path

from kegong.web import views_assessment

urlpatterns: list = [
    path("assessment/", views_assessment.assessment, name="assessment"),
    path("assessment/xlsx/", views_assessment.assessment_xlsx, name="assessment_xlsx"),
    path("assessment/card/", views_assessment.assessment_card, name="assessment_card"),
]

"""Thin views: they call selectors/services and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kegong.figures.selectors import county_overview


@login_required
def home(request):
    return render(request, "web/home.html", {"overview": county_overview()})

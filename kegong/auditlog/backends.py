"""django-axes' lockout check for the logins made through a page."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out user name and address (django-axes) before the password is checked.

    A check made in code without a request — the test client's ``login()``, a command — is not a login
    through a page and has no address to lock; axes would refuse it with an error, this backend lets the
    next backend decide."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

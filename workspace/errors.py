"""Errors that operations raise and both pages and the API know how to show."""

from __future__ import annotations


class ValidationProblem(Exception):
    """Input that cannot be accepted, with a message per field (a form shows them inline,
    the API answers 422 with `fields`)."""

    def __init__(self, fields: dict[str, str], message: str | None = None):
        self.fields = fields
        self.message = message or next(iter(fields.values()), "The request is not valid.")
        super().__init__(self.message)

    def apply_to(self, form) -> None:
        """Put each message on the matching form field (or on the first field)."""
        for name, message in self.fields.items():
            field = getattr(form, name, None)
            if field is None:
                field = next(f for f in form if f.type not in ("CSRFTokenField", "HiddenField"))
            field.errors = [*list(field.errors or []), message]


class RateLimited(ValidationProblem):
    """Too many attempts in a short time: a form shows the message on its field, the API
    answers 429 with Retry-After."""

    def __init__(self, fields: dict[str, str], retry_after: int):
        super().__init__(fields)
        self.retry_after = retry_after

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


def refuse_unknown(data, allowed, what: str) -> None:
    """The one rule for fields a form or API body names that the record does not have: each is
    refused by name (the first 20), so a typo is never silently ignored."""
    unknown = [key for key in data if key not in allowed]
    if unknown:
        article = "an" if what[:1].lower() in "aeio" else "a"
        raise ValidationProblem({str(key): f"{key} is not {article} {what} field" for key in unknown[:20]},
                                f"Unknown fields: {', '.join(str(k) for k in unknown[:20])}")


def clean_each(data, names, one) -> dict:
    """`one(name, value)` for each of `names`, gathering every field's ValueError into one
    ValidationProblem, so a form shows all its problems at once rather than the first."""
    cleaned, problems = {}, {}
    for name in names:
        try:
            cleaned[name] = one(name, data.get(name))
        except ValueError as problem:
            problems[name] = str(problem)
    if problems:
        raise ValidationProblem(problems)
    return cleaned

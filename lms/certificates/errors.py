"""What the certificate rules refuse, as errors whose message is safe to show."""

from __future__ import annotations

from lms.certificates.eligibility import Requirement
from lms.domain import DomainError


class CertificateError(DomainError):
    """A request the certificate rules refuse; the message is safe to show."""


class NotEligible(CertificateError):
    """The person does not meet every requirement; ``reasons`` lists what is missing."""

    code = "not_eligible"

    def __init__(self, reasons: list[Requirement]) -> None:
        super().__init__("Not every requirement is met yet.")
        self.reasons = reasons

"""What the certificate rules refuse, as errors whose message is safe to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lms.domain import DomainError

if TYPE_CHECKING:  # the printer's process imports these errors, never the rules' models
    from lms.certificates.eligibility import Requirement


class CertificateError(DomainError):
    """A request the certificate rules refuse; the message is safe to show."""


class NotEligible(CertificateError):
    """The person does not meet every requirement; ``reasons`` lists what is missing."""

    code = "not_eligible"

    def __init__(self, reasons: list[Requirement]) -> None:
        super().__init__("Not every requirement is met yet.")
        self.reasons = reasons

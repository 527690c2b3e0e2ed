"""Reminders the portal has sent: each recorded as it goes, so `send_reminders` never sends one twice."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    REPORT_DUE_SOON = "report_due", _("Report due in 7 days")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    OBJECTIVES_NOT_AGREED = "objectives", _("Objectives not agreed 3 weeks into a placement")
    SUPERVISOR_WAITING = "supervisor", _("Reports waiting for the supervisor for 7 days")
    CAREER_CHECK_IN = "career", _("Yearly: anything new in your career?")


class SentReminder(models.Model):
    """One reminder sent: what about (`subject`, e.g. "report 12" or "career 2027"), to whom, when."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReminderKind.choices)
    subject = models.CharField(_("about"), max_length=100)
    recipient = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject", "recipient"], name="reminder_sent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} → {self.recipient}"

"""The people and what became of them."""

from officers.models.attachment import (
    AttachmentReport,
    ObjectivesState,
    PlacementObjectives,
    ReportKind,
    ReportState,
    Supervisor,
)
from officers.models.careers import CareerMilestone, MilestoneKind, MilestoneSource
from officers.models.certificates import Certificate
from officers.models.figures import FigureKind, ReportedFigure
from officers.models.nominations import (
    CallForNominations,
    CallPlaces,
    FocalPoint,
    Nomination,
    NominationState,
)
from officers.models.people import Gender, Officer, Organisation
from officers.models.placements import Placement, PlacementOutcome, batch_graduate_count
from officers.models.reminders import ReminderKind, SentReminder
from officers.models.report_requirements import RequiredReport
from officers.models.stories import GraduateStory, StoryPhoto, StoryState
from officers.models.story_translations import (
    StoryLanguage,
    StoryTranslation,
    TranslatedCaption,
    TranslationState,
)

__all__ = [
    "AttachmentReport",
    "Certificate",
    "FigureKind",
    "ObjectivesState",
    "PlacementObjectives",
    "ReminderKind",
    "ReportKind",
    "ReportState",
    "RequiredReport",
    "SentReminder",
    "Supervisor",
    "CallForNominations",
    "CallPlaces",
    "CareerMilestone",
    "FocalPoint",
    "Nomination",
    "NominationState",
    "Gender",
    "GraduateStory",
    "MilestoneKind",
    "MilestoneSource",
    "Officer",
    "Organisation",
    "Placement",
    "PlacementOutcome",
    "ReportedFigure",
    "StoryLanguage",
    "StoryPhoto",
    "StoryState",
    "StoryTranslation",
    "TranslatedCaption",
    "TranslationState",
    "batch_graduate_count",
]

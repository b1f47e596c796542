"""SQLAlchemy 2.0 typed models; no request, form or pandas code here."""
from .base import Base  # noqa: F401
from .response import (CHANNELS, IMPORTANCE, PERFORMANCE, SHEET_ALPHABET, SHEET_MISSING, SHEET_ZERO,  # noqa: F401
                       SIDE_NUMBER, AnswerSheet, DemographicAnswer, OpenAnswer, Response, sheet_text,
                       sheet_values)
from .study import (STUDY_STATUSES, DemographicQuestion, Dimension, Indicator, Item,  # noqa: F401
                    OpenQuestion, Study)
from .token import RespondentToken  # noqa: F401
from .user import ROLES, User, study_enumerator  # noqa: F401
from .report import FindingEdit, ReportSettings  # noqa: F401
from .job import JOB_STATUSES, Job  # noqa: F401
from .statistics import OpenAnswerGroup, StudyStatistics  # noqa: F401

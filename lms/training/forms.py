"""Forms for training pages. Quiz answers vary per attempt, so the form carries only CSRF and
the answers are checked by ``services.parse_answers``."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField


class LessonDoneForm(FlaskForm):
    submit = SubmitField("I have read this lesson")


class StartQuizForm(FlaskForm):
    submit = SubmitField("Start the quiz")


class QuizForm(FlaskForm):
    submit = SubmitField("Send my answers")

"""Scenario answers written by trainees and marked by trainers against a rubric."""

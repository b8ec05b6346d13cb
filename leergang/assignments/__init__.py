"""Assignments: what a pupil is given to do, over a registry of assignable kinds."""

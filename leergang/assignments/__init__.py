"""Assignments: what a pupil is given to do, over a registry of assignable kinds, and the
teacher's pages to assign work and follow the class's progress."""

"""The pupil's lesson player: module list, one step at a time, feedback, result."""

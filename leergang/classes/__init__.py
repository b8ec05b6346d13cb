"""Teachers' classes: creating a class, its pupils and login cards, co-teachers, archiving,
assignments, the live progress grid and reports, school admins' teacher invites, and the
retention command that deletes archived classes' pupil data."""

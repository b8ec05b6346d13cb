"""Teachers' classes: creating a class, its pupils and login cards, co-teachers, archiving, a
lesson's teacher view and one pupil's work, and the retention command that deletes archived
classes' pupil data. Assigning and progress live in ``assignments/``; invites in ``auth/``."""

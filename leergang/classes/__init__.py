"""Teachers' classes. The foundation shows a teacher's classes and pupils and lets them unlock a
pupil; the classes issue adds creating classes, login cards, assignments and progress."""

"""Staff overview of the lesson library: which modules are live and which files were skipped."""

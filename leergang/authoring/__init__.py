"""Tools for lesson authors: the ``flask lessons`` commands."""

"""Signing in and out: staff with e-mail and password, pupils with class code and picture."""

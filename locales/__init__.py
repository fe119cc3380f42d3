"""Gettext catalogs: one folder per language, `.po` committed, `.mo` built."""

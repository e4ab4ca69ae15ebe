"""Seed data for the local dev server and for a fresh deployment."""

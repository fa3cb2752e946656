"""Shared test fixtures: database backends and a real server process per backend."""

"""Actions: the catalogue of standard actions and (later) their providers and runner."""

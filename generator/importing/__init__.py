"""importing: documents in, as numbered sources (briefing import)."""

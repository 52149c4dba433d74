"""The office's own work in the window: consultations (in Projekte) and events (from Sitzungen)."""

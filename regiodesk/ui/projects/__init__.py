"""The panels of the Projekte tab: status and deadlines, scoring, payments."""

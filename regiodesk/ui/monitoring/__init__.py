"""The panels of the Monitoring tab: budget and indicators at a glance, with year and Stichtag."""

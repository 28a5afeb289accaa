"""Trips to children placed far away: grouping visits by area, planned trips, calendar export."""

"""Writes that span several records, send mail or must be atomic."""

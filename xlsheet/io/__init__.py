"""Adapters: moving tables between workbooks and the pure core."""

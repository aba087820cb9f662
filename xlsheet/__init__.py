"""xlsheet: the county government-information performance assessment, in an Excel workbook."""

__version__ = "0.1.0"

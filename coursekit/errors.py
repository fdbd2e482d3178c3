"""The one exception the toolkit raises for bad course data or bad input."""


class DataError(ValueError):
    """A data file breaks a rule; the message names the file, the record and the fix."""

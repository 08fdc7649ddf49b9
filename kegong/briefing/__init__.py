"""What staff keep per period that no file import provides: prose sections and keyed period facts."""

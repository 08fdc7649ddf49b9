"""The statistical core: pure, typed functions over plain data. No Django import here."""

"""The people view and the import of an HR export."""

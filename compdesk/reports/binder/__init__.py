"""The audit binder: ReportLab draws the pages, pikepdf (qpdf) puts them together with the evidence."""

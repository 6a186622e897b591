"""The Due panel: who is due soon and who is overdue, per person and competency."""

"""The annual calendar's tab: its activities by month and what fulfilled them."""
